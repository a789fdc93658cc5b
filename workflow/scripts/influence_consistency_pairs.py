"""Creators' cascades in time order with the mean size of their earlier cascades (Bakshy et al. 2011)."""

import pandas as pd

from virality import files as vfiles
from virality import influence

vfiles.setup_logging(snakemake.log[0])  # noqa: F821
p = snakemake.params  # noqa: F821
events = pd.read_parquet(snakemake.input.events)  # noqa: F821
items = pd.read_parquet(snakemake.input.item_table)  # noqa: F821
cascades = influence.creator_cascades(events, items)
pairs = influence.consistency_pairs(cascades, min_items=p.min_items)
pairs.insert(0, "dataset", p.dataset)
vfiles.log.info(
    "%s: %d cascades, %d creators with >= %d, %d pairs",
    p.dataset,
    len(cascades),
    pairs["creator"].nunique(),
    p.min_items,
    len(pairs),
)
vfiles.write_parquet(pairs, snakemake.output[0])  # noqa: F821
