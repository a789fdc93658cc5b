"""Threshold cascades on random graphs of one kind (Study D, Watts & Dodds 2007)."""

from virality import files as vfiles
from virality import influence

vfiles.setup_logging(snakemake.log[0])  # noqa: F821
p = snakemake.params  # noqa: F821
cfg = p.cfg
vfiles.log.info("threshold model on %s graphs, n=%d", p.kind, cfg["n_nodes"])
runs = influence.influentials_sweep(
    kind=p.kind,
    n_nodes=cfg["n_nodes"],
    mean_degrees=cfg["mean_degrees"],
    thresholds=cfg["thresholds"],
    n_graphs=cfg["n_graphs"],
    n_seeds=cfg["n_seeds"],
    top_fraction=cfg["top_fraction"],
    exponent=cfg["heavy_tail_exponent"],
    seed=p.seed,
)
runs["synthetic"] = True
vfiles.log.info("%d runs", len(runs))
vfiles.write_parquet(runs, snakemake.output[0])  # noqa: F821
