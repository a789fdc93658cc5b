"""Threshold cascades on a real follower graph, thinned to several edge fractions (Study D)."""

import pandas as pd

from virality import files
from virality.influence import study

files.setup_logging(snakemake.log[0])  # noqa: F821
sm = snakemake  # noqa: F821
p = study.params(sm.params.cfg, sm.params.seed)
edges = pd.read_parquet(sm.input.edges)
runs = study.real_graph(p, edges, sm.wildcards.dataset, sm.params.synthetic)
files.write_parquet(runs, sm.output[0])
