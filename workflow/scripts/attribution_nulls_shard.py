# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_nulls_shard: one shard (wildcard ``{i}of{n}``) of Study A's time-shuffle and
placebo draws; rule attribution_social merges the shards (the same draws as unsplit)."""

from pathlib import Path

import pandas as pd

from virality import files as vfiles
from virality import settings
from virality.attribution import nulls, study

vfiles.setup_logging(snakemake.log[0])
inp, out = snakemake.input, snakemake.output[0]
shard, n_shards = (int(x) for x in snakemake.wildcards.shard.split("of"))
params = settings.from_config(
    study.Params,
    snakemake.params.cfg,
    where="config attribution",
    seed=snakemake.params.seed,
    threads=snakemake.threads,
)
events, items = pd.read_parquet(inp.events), pd.read_parquet(inp.items_table)
edges = pd.read_parquet(inp.edges)
drawn = study.run_null_shard(params, events, edges, items, shard, n_shards)
if drawn is None:  # the attribution is skipped: rule attribution_social writes why
    Path(out).write_bytes(b"")
else:
    nulls.save_draws(drawn, out)
