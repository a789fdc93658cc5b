# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script: social attribution, bootstrap interval, time-shuffle and placebo nulls (rule attribution_social)."""

import numpy as np
import pandas as pd

from virality import attribution as attr
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
cfg = snakemake.params.cfg
seed = int(snakemake.params.seed)
events = pd.read_parquet(snakemake.input.events)
edges = pd.read_parquet(snakemake.input.edges)
items = pd.read_parquet(snakemake.input.items_table)
threads = int(snakemake.threads)

ad, social, pairs, (src, dst) = attr.attribute(
    events, edges, items, threads=threads, memory_limit=cfg["memory_limit"]
)
log.info("placebo draws: %d", cfg["n_placebo"])
placebo = (
    attr.placebo_null(ad, src, dst, cfg["n_placebo"], seed + 2, threads=threads)
    if cfg["n_placebo"]
    else None
)
summary = attr.wom_summary(
    ad, social, pairs, n_boot=cfg["n_boot"], n_perm=cfg["n_perm"], seed=seed, placebo=placebo
)
if "channel" in events.columns:  # synthetic truth: how the rule errs, per true channel
    truth = (
        ad.frame()
        .assign(social=social)
        .merge(events[["item_id", "user_id", "channel"]], on=["item_id", "user_id"])
    )
    rates = truth.groupby("channel", observed=True)["social"].mean().sort_index()
    summary["labelled_social_by_true_channel"] = {str(k): float(v) for k, v in rates.items()}
log.info("summary: %s", {k: v for k, v in summary.items() if k != "null_wom_shares"})

frame = ad.frame().assign(social=social)
vfiles.write_parquet(frame, snakemake.output.adoptions)
vfiles.write_parquet(attr.item_table(ad, social), snakemake.output.per_item)
vfiles.write_json(
    {k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in summary.items()},
    snakemake.output.summary,
)
