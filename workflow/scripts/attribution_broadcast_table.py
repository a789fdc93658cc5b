# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_broadcast_table: results/tables/broadcast_vs_viral.csv."""

from pathlib import Path

import pandas as pd

from virality import canonical, settings
from virality import files as vfiles
from virality.attribution import study

vfiles.setup_logging(snakemake.log[0])
params = settings.from_config(study.Params, snakemake.params.cfg, where="config attribution")
manifests = {
    Path(p).parent.name: canonical.read_manifest(Path(p).parent) for p in snakemake.input.manifests
}
trees = {Path(p).parent.name: pd.read_parquet(p) for p in snakemake.input.trees}
vfiles.write_csv(study.broadcast_table(params, trees, manifests), snakemake.output[0])
