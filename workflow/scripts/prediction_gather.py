# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Study B tables from the per-data-set parts (rule prediction_gather)."""

from virality import files as vfiles
from virality.prediction import gather

log = vfiles.setup_logging(snakemake.log[0])
tables = gather.run({part: list(paths) for part, paths in snakemake.input.items()})
for name, df in tables.items():
    vfiles.write_csv(df, snakemake.output[name])
    log.info("%s: %d rows", snakemake.output[name], len(df))
