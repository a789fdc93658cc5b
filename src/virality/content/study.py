"""Study C entry points (Berger & Milkman 2012): one per workflow job, each taking the study's :class:`Params`.

``run_features`` (one data set: lexicon features, outcome, viral), ``run_models`` (one data set: logits, OLS,
cross-validated AUC, agreement with the data's own sentiment), ``run_tables`` (gather every data set into the
``content_*`` results tables), ``run_figures`` (the Study C figures). Data sets that carry the features as
``cov_<feature>`` columns (synthetic NYT-like articles, :func:`virality.synth.nyt_like`) use them as given.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from .. import contracts, files
from . import figures
from .compare import directions, measure_agreement
from .design import period_labels, viral_outcome
from .models import ModelParams, fit_models
from .text import extract_features, feature_columns, make_lexicons

log = logging.getLogger("virality.content")


@dataclass(frozen=True)
class Params:
    """The validated ``content`` config section (defaults: workflow/schemas/content.schema.yaml, which
    describes each key) and the workflow's master ``seed``; build it with ``settings.from_config``."""

    datasets: tuple[str, ...] | None
    emotion_lexicon: str
    vad_lexicons: tuple[str, ...]
    awe_min_arousal: float
    negation_window: int
    quantile: float
    viral_within: Mapping[str, str]
    fixed_cuts: Mapping[str, float]
    control_include: Mapping[str, str]
    control_exclude: str
    exposure_controls: tuple[str, ...]
    model_features: tuple[str, ...]
    min_dummy: int
    min_nonzero: int
    date_spline_df: int
    cov_type: str
    cv_folds: int
    seed: int

    def model(self, dataset: str, fmt: str) -> ModelParams:
        """Model settings of data set ``dataset`` of format ``fmt`` (per-format entries resolved, the
        cross-validation seed derived from the master seed)."""
        return ModelParams(
            quantile=self.quantile,
            viral_within=self.viral_within.get(fmt),
            fixed_cut=self.fixed_cuts.get(fmt),
            model_features=tuple(self.model_features),
            exposure_controls=tuple(self.exposure_controls),
            control_exclude=self.control_exclude,
            control_include=self.control_include.get(fmt),
            min_dummy=self.min_dummy,
            min_nonzero=self.min_nonzero,
            date_spline_df=self.date_spline_df,
            cov_type=self.cov_type,
            cv_folds=self.cv_folds,
            seed=files.stable_seed(self.seed, "content_cv", dataset),
        )


def features_table(
    features: pd.DataFrame,
    items: pd.DataFrame,
    dataset: str,
    synthetic: bool,
    outcome_kind: str | None,
    vad_names: Sequence[str],
    quantile: float = 0.9,
    viral_within: str | None = None,
) -> pd.DataFrame:
    """``content_features`` rows of one data set: the contract columns (``dataset`` ... ``viral``) then
    :func:`~virality.content.text.feature_columns`, sorted by ``item_id``. ``viral`` is the main definition
    (top decile, within ``viral_within`` periods of ``start_time`` if given; the binary outcome itself)."""
    cols = contracts.columns("content_features", feature_columns(vad_names))
    if len(features) == 0:
        return pd.DataFrame(columns=cols)
    out = features.copy()
    it = items.set_index(items["item_id"].astype(str)).reindex(out["item_id"])
    y = it["outcome"].to_numpy(dtype=float)
    groups = None
    if viral_within and "start_time" in it.columns:
        groups = period_labels(it["start_time"], viral_within)
    out["outcome"] = y
    out["viral"] = viral_outcome(y, outcome_kind, quantile, groups=groups)
    out["dataset"] = dataset
    out["synthetic"] = bool(synthetic)
    return out[cols].sort_values("item_id", kind="mergesort").reset_index(drop=True)


def run_features(
    items: pd.DataFrame, manifest: Mapping, lexicons: Mapping[str, pd.DataFrame], params: Params
) -> pd.DataFrame:
    """Per-item features of one data set (its canonical ``items`` and ``manifest``); ``lexicons`` maps a
    lexicon name to its table (a configured lexicon that is not available is absent)."""
    emotion = lexicons.get(params.emotion_lexicon)
    vad = {n: lexicons.get(n) for n in params.vad_lexicons}
    for n, df in [(params.emotion_lexicon, emotion), *vad.items()]:
        log.info("lexicon %s: %s", n, "not available" if df is None else f"{len(df)} words")
    lex = make_lexicons(
        emotion,
        vad,
        params.vad_lexicons,
        awe_min_arousal=params.awe_min_arousal,
        negation_window=params.negation_window,
    )
    if lex.awe_vad is None:
        log.warning("no VAD lexicon available: the awe proxy drops its arousal condition")
    table = features_table(
        extract_features(items, lex),
        items,
        manifest["dataset"],
        bool(manifest.get("synthetic")),
        manifest.get("outcome_kind"),
        params.vad_lexicons,
        params.quantile,
        params.viral_within.get(manifest["format"]),
    )
    sources = ", ".join(sorted(set(table["feature_source"]))) or "none"
    log.info("%s: %d items with features (source: %s)", manifest["dataset"], len(table), sources)
    return table


def run_models(
    table: pd.DataFrame, items: pd.DataFrame, manifest: Mapping, params: Params
) -> dict[str, pd.DataFrame | dict]:
    """Models of one data set from its :func:`run_features` ``table``: ``odds``, ``ols``, ``prediction``,
    ``agreement`` tables and ``notes`` (``{"dataset", "notes"}``)."""
    dataset, synthetic = manifest["dataset"], bool(manifest.get("synthetic"))
    feats = table.drop(columns=["dataset", "synthetic", "outcome", "viral"])
    res = fit_models(
        feats,
        items,
        dataset,
        synthetic,
        manifest.get("outcome_kind"),
        params.model(dataset, manifest["format"]),
        params.vad_lexicons,
    )
    for note in res["notes"]:
        log.info(note)
    return {
        "odds": res["odds"],
        "ols": res["ols"],
        "prediction": res["prediction"],
        "agreement": measure_agreement(feats, items, dataset, synthetic, params.control_exclude),
        "notes": {"dataset": dataset, "notes": res["notes"]},
    }


#: Gathered tables: key of :func:`run_tables` → (results table, sort keys).
GATHERED = {
    "features": ("content_features", ["dataset", "item_id"]),
    "odds": ("content_emotion_odds", ["dataset", "model", "feature"]),
    "ols": ("content_ols", ["dataset", "model", "feature"]),
    "prediction": ("content_prediction", ["dataset", "features"]),
    "agreement": ("content_measure_agreement", ["dataset", "feature", "their_column"]),
}


def run_tables(
    parts: Mapping[str, Sequence[pd.DataFrame]], params: Params
) -> dict[str, pd.DataFrame]:
    """The ``content_*`` results tables from the per-data-set ``parts`` (keys of :data:`GATHERED`), plus
    ``directions`` (published directions against the logit with controls)."""
    out = {}
    for key, (name, keys) in GATHERED.items():
        extra = feature_columns(params.vad_lexicons) if key == "features" else ()
        found = [p for p in parts[key] if len(p)]
        df = contracts.frame(pd.concat(found, ignore_index=True) if found else None, name, extra)
        out[key] = df.sort_values(keys, kind="mergesort").reset_index(drop=True)
    out["directions"] = directions(out["odds"], models=("controls",))
    for key, df in out.items():
        log.info("%s: %d rows", key, len(df))
    return out


def synthetic_truths(manifests: Sequence[Mapping]) -> dict[str, dict[str, float]]:
    """Set odds ratios per s.d. of each synthetic data set (with ``cov_homepage_hours``: per s.d. of log
    hours on the home page, :func:`virality.synth.nyt_like`)."""
    truths = {}
    for man in manifests:
        truth = man.get("truth") or {}
        if man.get("synthetic") and "odds_ratios_per_sd" in truth:
            truths[man["dataset"]] = dict(truth["odds_ratios_per_sd"])
            if "homepage_or_per_sd" in truth:
                truths[man["dataset"]]["cov_homepage_hours"] = truth["homepage_or_per_sd"]
    return truths


def run_figures(
    features: pd.DataFrame, odds: pd.DataFrame, manifests: Sequence[Mapping], params: Params
) -> dict[str, Figure]:
    """Every Study C figure by name (``content_<name>``), from the gathered tables and the manifests."""
    return {
        "forest": figures.forest(odds),
        "synthetic_recovery": figures.synthetic_recovery(odds, synthetic_truths(manifests)),
        "distributions": figures.distributions(features),
        "arousal_rank": figures.arousal_rank(features, params.vad_lexicons),
    }
