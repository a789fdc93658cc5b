# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rules attribution_social and attribution_social_as_listed: social attribution, bootstrap
intervals, time-shuffle and placebo nulls. As listed: on the graph as listed in the data set's file (its
reader, run again with ``params.graph_direction: as_listed``, otherwise writes each tie both ways)."""

from pathlib import Path

import pandas as pd

from virality import data as vdata
from virality import files as vfiles
from virality import settings, skips
from virality.attribution import nulls, study

vfiles.setup_logging(snakemake.log[0])
ds, inp, out = snakemake.wildcards.dataset, snakemake.input, snakemake.output
as_listed = "entry" in snakemake.params.keys()
if as_listed:
    entry = dict(snakemake.params.entry)
    entry["params"] = {**(entry.get("params") or {}), "graph_direction": "as_listed"}
    raw = dict(zip(snakemake.params.roles, inp.raw, strict=True))
    edges = vdata.dataset_tables(ds, entry, raw, snakemake.params.data_seed)[0]["edges"]
else:
    edges = pd.read_parquet(inp.edges)
cfg, seed = snakemake.params.cfg, snakemake.params.seed
params = settings.from_config(
    study.Params, cfg, where="config attribution", seed=seed, threads=snakemake.threads
)
events, items = pd.read_parquet(inp.events), pd.read_parquet(inp.items_table)
shards = [nulls.load_draws(f) for f in snakemake.input.get("nulls", []) if Path(f).stat().st_size]
drawn = nulls.merge_draws(shards) if shards else None
adoptions, per_item, summary, skipped = study.run_social(params, ds, events, edges, items, drawn)
if not as_listed:
    vfiles.write_parquet(adoptions, out.adoptions)
    vfiles.write_parquet(per_item, out.per_item)
vfiles.write_json({**summary, "graph": "as_listed"} if as_listed else summary, out.summary)
vfiles.write_csv(skips.frame(skipped), out.skipped)
