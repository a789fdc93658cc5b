"""visibility_levers.csv, its figure and Study E's skipped steps (rule practice_levers_gather)."""

import pandas as pd

from virality import files as vfiles
from virality import plots
from virality.practice import figures, study

log = vfiles.setup_logging(snakemake.log[0])
inp, out = snakemake.input, snakemake.output
rows = [pd.read_csv(f) for f in inp.rows]
skipped = [pd.read_csv(f, dtype=str, keep_default_na=False) for f in inp.skipped]
result = study.gather_levers(rows, skipped)
vfiles.write_csv(result["table"], out.table)
vfiles.write_csv(result["skipped"], out.skipped)
plots.save(figures.levers_figure(result["table"]), out.png, out.pdf)
log.info("%d rows of visibility_levers, %d skipped", len(result["table"]), len(result["skipped"]))
