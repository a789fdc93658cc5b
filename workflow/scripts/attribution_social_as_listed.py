# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_social_as_listed: the attribution on the graph as listed in the data set's file
(its reader, run again with ``params.graph_direction: as_listed``, otherwise writes each tie both ways)."""

import pandas as pd

from virality import data as vdata
from virality import files as vfiles
from virality import settings, skips
from virality.attribution import study

vfiles.setup_logging(snakemake.log[0])
entry = dict(snakemake.params.entry)
entry["params"] = {**(entry.get("params") or {}), "graph_direction": "as_listed"}
tables, _ = vdata.dataset_tables(
    snakemake.wildcards.dataset, entry, dict(snakemake.input.raw), snakemake.params.data_seed
)
params = settings.from_config(
    study.Params,
    snakemake.params.cfg,
    where="config attribution",
    seed=snakemake.params.seed,
    threads=snakemake.threads,
)
_, _, summary, skipped = study.run_social(
    params,
    snakemake.wildcards.dataset,
    pd.read_parquet(snakemake.input.events),
    tables["edges"],
    pd.read_parquet(snakemake.input.items_table),
)
vfiles.write_json({**summary, "graph": "as_listed"}, snakemake.output.summary)
vfiles.write_csv(skips.frame(skipped), snakemake.output.skipped)
