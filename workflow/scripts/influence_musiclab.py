"""musiclab.csv and its figure: simulated cultural markets (Salganik, Dodds & Watts 2006)."""

from virality import files as vfiles
from virality import influence, plots

vfiles.setup_logging(snakemake.log[0])  # noqa: F821
cfg = snakemake.params.cfg  # noqa: F821
out = snakemake.output  # noqa: F821
markets = influence.musiclab(
    strengths=cfg["musiclab_strengths"],
    n_songs=cfg["musiclab_songs"],
    n_worlds=cfg["musiclab_worlds"],
    listens_per_world=cfg["musiclab_listens"],
    n_markets=cfg["musiclab_markets"],
    quality_range=tuple(cfg["musiclab_quality_range"]),
    appeal_sigma=cfg["musiclab_appeal_sigma"],
    seed=snakemake.params.seed,  # noqa: F821
)
summary = influence.summarise_musiclab(markets)
summary["synthetic"] = True
vfiles.write_parquet(markets, out.markets)
vfiles.write_csv(summary, out.table)
plots.save(influence.plot_musiclab(summary), out.png, out.pdf)
