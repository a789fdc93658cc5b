"""influentials.csv, influence_multiplier.csv, influence_window.csv and their figures (Study D)."""

import pandas as pd

from virality import files as vfiles
from virality import influence, plots

vfiles.setup_logging(snakemake.log[0])  # noqa: F821
p = snakemake.params  # noqa: F821
out = snakemake.output  # noqa: F821
cfg = p.cfg
runs = pd.concat([pd.read_parquet(f) for f in snakemake.input.runs], ignore_index=True)  # noqa: F821
synthetic = runs.groupby("graph")["synthetic"].first().astype(bool).to_dict()
summary = influence.summarise_runs(runs, cfg["global_fraction"])
summary["synthetic"] = summary["graph"].map(synthetic)
mult = influence.multiplier_table(runs, cfg["global_fraction"], n_boot=cfg["n_boot"], seed=p.seed)
mult["synthetic"] = mult["graph"].map(synthetic)
window = influence.window_table(summary, cfg["window_min_p"])
window["synthetic"] = window["graph"].map(synthetic)
for _, r in mult[mult["scope"] == "window"].iterrows():
    vfiles.log.info(
        "%s: pooled multiplier %.3f [%.3f, %.3f]",
        r["graph"],
        r["multiplier"],
        r["ci_low"],
        r["ci_high"],
    )
vfiles.write_csv(summary, out.influentials)
vfiles.write_csv(mult, out.multiplier)
vfiles.write_csv(window, out.window)
plots.save(influence.plot_window(summary, window, synthetic), out.window_png, out.window_pdf)
plots.save(influence.plot_multiplier(mult, synthetic), out.multiplier_png, out.multiplier_pdf)
