# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Study B figures from the per-data-set parts (rule prediction_figures)."""

from virality import files as vfiles
from virality import plots
from virality.prediction import gather

log = vfiles.setup_logging(snakemake.log[0])
figures = gather.draw({part: list(paths) for part, paths in snakemake.input.items()})
for name, fig in figures.items():
    plots.save(fig, snakemake.output[f"{name}_png"], snakemake.output[f"{name}_pdf"])
    log.info("%s written", snakemake.output[f"{name}_png"])
