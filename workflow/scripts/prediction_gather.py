"""Study B tables and figures from the per-data-set parts (rule prediction_gather)."""

from virality import files as vfiles
from virality import plots
from virality.prediction import gather

log = vfiles.setup_logging(snakemake.log[0])
inp, out = snakemake.input, snakemake.output
tables, figures = gather.run({part: list(paths) for part, paths in inp.items()})
for name, df in tables.items():
    vfiles.write_csv(df, out[name])
    log.info("%s: %d rows", out[name], len(df))
for name, fig in figures.items():
    plots.save(fig, out[f"{name}_png"], out[f"{name}_pdf"])
log.info("done")
