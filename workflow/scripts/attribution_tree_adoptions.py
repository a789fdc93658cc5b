"""Thin script: channel of each adoption from the parent links of retweet trees (rule attribution_tree_adoptions)."""

import pandas as pd

from virality import attribution as attr
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
events = pd.read_parquet(snakemake.input.events)
items = pd.read_parquet(snakemake.input.items_table)
adoptions = attr.tree_adoptions(events, items)
log.info(
    "%d adoptions, %d seeds, person-to-person share %.4f",
    len(adoptions),
    int(adoptions["seed"].sum()),
    float(adoptions.loc[~adoptions["seed"], "social"].mean()),
)
vfiles.write_parquet(adoptions, snakemake.output.adoptions)
