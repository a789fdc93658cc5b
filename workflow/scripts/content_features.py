# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script (rule content_features): canonical items + lexicons -> per-item features and coverage."""

from pathlib import Path

import pandas as pd

from virality import canonical, content, settings
from virality import files as vfiles

vfiles.setup_logging(snakemake.log[0])
params = settings.from_config(
    content.Params, snakemake.params.cfg, where="config content", seed=snakemake.params.seed
)
manifest = canonical.read_manifest(Path(snakemake.input.manifest).parent)
items = pd.read_parquet(snakemake.input.item_table)
lexicons = {Path(p).stem: pd.read_parquet(p) for p in snakemake.input.lexicons}
res = content.run_features(items, manifest, lexicons, params)
vfiles.write_parquet(res["features"], snakemake.output.features)
vfiles.write_csv(res["coverage"], snakemake.output.coverage)
