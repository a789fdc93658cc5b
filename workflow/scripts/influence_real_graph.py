"""Threshold cascades on a real follower graph, thinned to several edge fractions (Study D)."""

import pandas as pd

from virality import files as vfiles
from virality import influence

vfiles.setup_logging(snakemake.log[0])  # noqa: F821
p = snakemake.params  # noqa: F821
cfg = p.cfg
edges = pd.read_parquet(snakemake.input.edges)  # noqa: F821
adj, nodes = influence.adjacency_from_edges(edges, undirected=cfg["real_graph_undirected"])
vfiles.log.info(
    "%s: %d nodes, mean degree %.3f", p.dataset, adj.shape[0], influence.mean_degree(adj)
)
runs = influence.real_graph_sweep(
    adj,
    name=p.dataset,
    keep_fractions=cfg["real_keep_fractions"],
    thresholds=cfg["thresholds"],
    n_seeds=cfg["n_seeds"],
    top_fraction=cfg["top_fraction"],
    seed=p.seed,
)
runs["synthetic"] = bool(p.synthetic)
vfiles.write_parquet(runs, snakemake.output[0])  # noqa: F821
