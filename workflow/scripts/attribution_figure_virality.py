# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_figure_virality: structural virality against cascade size, per tree data set."""

from pathlib import Path

import pandas as pd

from virality import canonical, plots
from virality import files as vfiles
from virality.attribution import figures

vfiles.setup_logging(snakemake.log[0])
manifests = {
    Path(p).parent.name: canonical.read_manifest(Path(p).parent) for p in snakemake.input.manifests
}
trees = {Path(p).parent.name: pd.read_parquet(p) for p in snakemake.input.trees}
fig = figures.virality_figure(trees, manifests)
plots.save(fig, snakemake.output.png, snakemake.output.pdf)
