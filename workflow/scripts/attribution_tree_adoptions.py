# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_tree_adoptions: each adoption's channel from the parent links of retweet trees."""

import pandas as pd

from virality import files as vfiles
from virality import skips
from virality.attribution import study

vfiles.setup_logging(snakemake.log[0])
adoptions, skipped = study.run_tree_adoptions(
    snakemake.wildcards.dataset,
    pd.read_parquet(snakemake.input.events),
    pd.read_parquet(snakemake.input.items_table),
)
vfiles.write_parquet(adoptions, snakemake.output.adoptions)
vfiles.write_csv(skips.frame(skipped), snakemake.output.skipped)
