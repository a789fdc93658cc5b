# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script (rule content_tables): gather the per-data-set results into results/tables/content_*.csv."""

import pandas as pd

from virality import content
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
vad_names = list(snakemake.params.vad_lexicons)


def gather(paths, columns, keys, reader=pd.read_csv):
    parts = [reader(p) for p in paths]
    parts = [p for p in parts if len(p)]
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    df = df.reindex(columns=columns)
    return df.sort_values(keys, kind="mergesort").reset_index(drop=True)


lead = ["dataset", "synthetic", "item_id", "feature_source", "outcome", "viral"]
features = gather(
    snakemake.input.features,
    lead + content.feature_columns(vad_names),
    ["dataset", "item_id"],
    pd.read_parquet,
)
odds = gather(snakemake.input.odds, content.ODDS_COLUMNS, ["dataset", "model", "feature"])
ols = gather(snakemake.input.ols, content.OLS_COLUMNS, ["dataset", "model", "feature"])
prediction = gather(snakemake.input.prediction, content.PREDICTION_COLUMNS, ["dataset", "features"])
agreement = gather(
    snakemake.input.agreement, content.AGREEMENT_COLUMNS, ["dataset", "feature", "their_column"]
)
directions = content.directions(odds, models=("controls",))
for name, df in [
    ("features", features),
    ("odds", odds),
    ("ols", ols),
    ("prediction", prediction),
    ("directions", directions),
    ("agreement", agreement),
]:
    log.info("%s: %d rows", name, len(df))
    vfiles.write_csv(df, snakemake.output[name])
