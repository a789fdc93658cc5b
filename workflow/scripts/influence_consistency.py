"""influence_consistency.csv and its figure: past against next cascade size per data set (Study D)."""

import pandas as pd

from virality import files, plots
from virality.influence import figures, study

files.setup_logging(snakemake.log[0])  # noqa: F821
sm = snakemake  # noqa: F821
p = study.params(sm.params.cfg, sm.params.seed)
pairs = {n: pd.read_parquet(f) for n, f in zip(sm.params.datasets, sm.input.pairs, strict=True)}
table = study.consistency(p, pairs, sm.params.synthetic)
files.write_csv(table, sm.output.table)
plots.save(figures.consistency(pairs, table), sm.output.png, sm.output.pdf)
