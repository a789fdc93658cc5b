"""Creators' cascades in time order with the mean size of their earlier cascades (Bakshy et al. 2011)."""

import pandas as pd

from virality import files
from virality.influence import study

files.setup_logging(snakemake.log[0])  # noqa: F821
sm = snakemake  # noqa: F821
p = study.params(sm.params.cfg, sm.params.seed)
events, items = pd.read_parquet(sm.input.events), pd.read_parquet(sm.input.item_table)
pairs = study.consistency_pairs(p, events, items, sm.wildcards.dataset)
files.write_parquet(pairs, sm.output[0])
