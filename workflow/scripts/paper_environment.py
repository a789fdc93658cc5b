"""Thin script: the run's record -> results/paper/environment.csv and runtimes.csv (rule paper_environment)."""
# ruff: noqa: F821  (the `snakemake` object is injected by the rule's script: directive)

from virality import files as vfiles
from virality.paper import environment

log = vfiles.setup_logging(snakemake.log[0])
environment.write_record(snakemake.params.cores, snakemake.params.log_dir, snakemake.output)
log.info("wrote %s and %s", snakemake.output.environment, snakemake.output.runtimes)
