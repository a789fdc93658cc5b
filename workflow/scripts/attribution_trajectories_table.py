# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_trajectories_table: results/tables/trajectories.csv."""

from pathlib import Path

import pandas as pd

from virality import canonical
from virality import files as vfiles
from virality.attribution import study

vfiles.setup_logging(snakemake.log[0])
manifests = {
    Path(p).parent.name: canonical.read_manifest(Path(p).parent) for p in snakemake.input.manifests
}
summaries = {Path(p).parent.name: pd.read_csv(p) for p in snakemake.input.summaries}
vfiles.write_csv(study.trajectories_table(summaries, manifests), snakemake.output[0])
