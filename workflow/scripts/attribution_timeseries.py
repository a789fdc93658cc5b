# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script: Bass and Hawkes external shares from the time series alone (rule attribution_timeseries)."""

import math

import pandas as pd

from virality import attribution as attr
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
cfg = snakemake.params.cfg
events = pd.read_parquet(snakemake.input.events)
items = pd.read_parquet(snakemake.input.items_table)
exposures = pd.read_parquet(snakemake.input.exposures)
per_item, summary = attr.external_shares(
    events,
    items,
    exposures,
    min_adoptions=cfg["min_adoptions"],
    max_items=cfg["max_items"],
    background=cfg["background"],
    seed=int(snakemake.params.seed),
)
log.info("external shares: %s", summary)
vfiles.write_parquet(per_item, snakemake.output.per_item)
vfiles.write_json(
    {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in summary.items()},
    snakemake.output.summary,
)
