"""influentials.csv, influence_multiplier.csv, influence_window.csv and their figures (Study D)."""

import pandas as pd

from virality import files, plots
from virality.influence import figures, study

files.setup_logging(snakemake.log[0])  # noqa: F821
sm = snakemake  # noqa: F821
p = study.params(sm.params.cfg, sm.params.seed)
frames = [pd.read_parquet(f) for f in sm.input.runs]  # a skipped data set's runs are empty
frames = [f for f in frames if len(f)]
runs = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
tables = study.gather(p, runs)
for name, table in tables.items():
    files.write_csv(table, sm.output[name])
fig = figures.window(tables["influentials"], tables["influence_window"])
plots.save(fig, sm.output.window_png, sm.output.window_pdf)
fig = figures.multiplier(tables["influence_multiplier"])
plots.save(fig, sm.output.multiplier_png, sm.output.multiplier_pdf)
