# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script (rule content_models): features + items -> logit odds per instrument, OLS, CV AUC, measure
agreement, notes and skip records."""

from pathlib import Path

import pandas as pd

from virality import canonical, content, settings, skips
from virality import files as vfiles

vfiles.setup_logging(snakemake.log[0])
params = settings.from_config(
    content.Params, snakemake.params.cfg, where="config content", seed=snakemake.params.seed
)
manifest = canonical.read_manifest(Path(snakemake.input.manifest).parent)
items = pd.read_parquet(snakemake.input.item_table)
table = pd.read_parquet(snakemake.input.features)
res = content.run_models(table, items, manifest, params)
for name in ("odds", "ols", "prediction", "agreement"):
    vfiles.write_csv(res[name], snakemake.output[name])
vfiles.write_json(res["notes"], snakemake.output.notes)
vfiles.write_csv(skips.frame(res["skips"]), snakemake.output.skipped)
