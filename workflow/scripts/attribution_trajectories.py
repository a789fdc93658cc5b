# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_trajectories: trajectory class of each item and the class shares."""

import pandas as pd

from virality import files as vfiles
from virality import settings, skips
from virality.attribution import study

vfiles.setup_logging(snakemake.log[0])
params = settings.from_config(study.Params, snakemake.params.cfg, where="config attribution")
classes, summary, skipped = study.run_trajectories(
    params,
    snakemake.wildcards.dataset,
    pd.read_parquet(snakemake.input.adoptions),
    pd.read_parquet(snakemake.input.exposures),
)
vfiles.write_parquet(classes, snakemake.output.per_item)
vfiles.write_csv(summary, snakemake.output.summary)
vfiles.write_csv(skips.frame(skipped), snakemake.output.skipped)
