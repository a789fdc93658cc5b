# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_figure_trajectories: typical cumulative curves per trajectory class."""

from pathlib import Path

import pandas as pd

from virality import canonical, plots
from virality import files as vfiles
from virality.attribution import figures

vfiles.setup_logging(snakemake.log[0])
manifests = {
    Path(p).parent.name: canonical.read_manifest(Path(p).parent) for p in snakemake.input.manifests
}
classes = {Path(p).parent.name: pd.read_parquet(p) for p in snakemake.input.classes}
# only the adoptions of the items shown (45 M rows at Flickr scale); no item id is empty
adoptions = {}
for p in snakemake.input.adoptions:
    shown = [i for i in figures.example_items(classes[Path(p).parent.name]).values() if i]
    adoptions[Path(p).parent.name] = figures.shown_adoptions(p, shown)
fig = figures.trajectories_figure(adoptions, classes, manifests)
plots.save(fig, snakemake.output.png, snakemake.output.pdf)
