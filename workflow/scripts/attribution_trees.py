# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script: depth shares and structural virality of every retweet tree (rule attribution_trees)."""

import pandas as pd

from virality import attribution as attr
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
events = pd.read_parquet(snakemake.input.events, columns=["item_id", "user_id", "parent_user_id"])
trees = attr.tree_metrics(events)
log.info("%d trees, %d nodes", len(trees), int(trees["size"].sum()))
vfiles.write_parquet(trees, snakemake.output[0])
