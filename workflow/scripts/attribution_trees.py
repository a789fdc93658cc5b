# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_trees: depth shares and structural virality of every retweet tree."""

import pandas as pd

from virality import files as vfiles
from virality import skips
from virality.attribution import study

vfiles.setup_logging(snakemake.log[0])
events = pd.read_parquet(snakemake.input.events, columns=["item_id", "user_id", "parent_user_id"])
trees, skipped = study.run_trees(snakemake.wildcards.dataset, events)
vfiles.write_parquet(trees, snakemake.output.trees)
vfiles.write_csv(skips.frame(skipped), snakemake.output.skipped)
