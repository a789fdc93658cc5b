# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script (rule content_models): features + items -> logit odds, OLS, CV AUC, measure agreement."""

from pathlib import Path

import pandas as pd

from virality import canonical, content
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
cfg = snakemake.params.cfg
dataset = snakemake.params.dataset
manifest = canonical.read_manifest(Path(snakemake.input.manifest).parent)
synthetic = bool(manifest.get("synthetic"))
items = pd.read_parquet(snakemake.input.item_table)
table = pd.read_parquet(snakemake.input.features)
feats = table.drop(columns=["dataset", "synthetic", "outcome", "viral"])
params = content.ModelParams(
    quantile=cfg["quantile"],
    viral_within=snakemake.params.viral_within,
    fixed_cut=snakemake.params.fixed_cut,
    model_features=tuple(cfg["model_features"]),
    exposure_controls=tuple(cfg["exposure_controls"]),
    control_exclude=cfg["control_exclude"],
    control_include=snakemake.params.control_include,
    min_dummy=cfg["min_dummy"],
    min_nonzero=cfg["min_nonzero"],
    date_spline_df=cfg["date_spline_df"],
    cov_type=cfg["cov_type"],
    cv_folds=cfg["cv_folds"],
    seed=snakemake.params.seed,
)
res = content.fit_models(
    feats, items, dataset, synthetic, manifest.get("outcome_kind"), params, cfg["vad_lexicons"]
)
for note in res["notes"]:
    log.info(note)
agreement = content.measure_agreement(feats, items, dataset, synthetic, cfg["control_exclude"])
vfiles.write_csv(res["odds"], snakemake.output.odds)
vfiles.write_csv(res["ols"], snakemake.output.ols)
vfiles.write_csv(res["prediction"], snakemake.output.prediction)
vfiles.write_csv(agreement, snakemake.output.agreement)
vfiles.write_json({"dataset": dataset, "notes": res["notes"]}, snakemake.output.notes)
