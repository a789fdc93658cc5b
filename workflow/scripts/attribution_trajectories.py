# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script: trajectory class of each item and the class shares (rule attribution_trajectories)."""

import pandas as pd

from virality import attribution as attr
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
adoptions = pd.read_parquet(snakemake.input.adoptions)
exposures = pd.read_parquet(snakemake.input.exposures)
ad, social = attr.adoptions_from_frame(adoptions)
classes = attr.classify_trajectories(ad, social, exposures, **snakemake.params.cfg)
summary = attr.trajectory_summary(classes)
log.info("trajectories:\n%s", summary.to_string(index=False))
vfiles.write_parquet(classes, snakemake.output.per_item)
vfiles.write_csv(summary, snakemake.output.summary)
