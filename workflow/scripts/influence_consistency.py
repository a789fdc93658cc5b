"""influence_consistency.csv and its figure: past against next cascade size per data set (Study D)."""

import pandas as pd

from virality import files as vfiles
from virality import influence, plots

vfiles.setup_logging(snakemake.log[0])  # noqa: F821
p = snakemake.params  # noqa: F821
out = snakemake.output  # noqa: F821
rows, pairs = [], {}
for name, path in zip(p.datasets, snakemake.input.pairs, strict=True):  # noqa: F821
    d = pd.read_parquet(path)
    pairs[name] = d
    stats = influence.consistency(
        d, n_boot=p.n_boot, seed=vfiles.stable_seed(p.seed, "consistency", name)
    )
    rows.append(
        {"dataset": name, "synthetic": bool(p.synthetic[name]), "min_items": p.min_items, **stats}
    )
cols = [
    "dataset",
    "synthetic",
    "min_items",
    "n_creators",
    "n_pairs",
    "spearman",
    "spearman_ci_low",
    "spearman_ci_high",
    "r2",
    "r2_ci_low",
    "r2_ci_high",
    "r2_direct",
    "spearman_other",
]
table = pd.DataFrame(rows, columns=cols).sort_values("dataset").reset_index(drop=True)
vfiles.write_csv(table, out.table)
plots.save(influence.plot_consistency(pairs, table), out.png, out.pdf)
