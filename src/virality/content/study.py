"""Study C entry points (Berger & Milkman 2012): one per workflow job, each taking the study's :class:`Params`.

``run_features`` (one data set: every instrument's features, outcome, viral, coverage), ``run_models`` (one
data set: logits per instrument, OLS, cross-validated AUC, measure agreement, skip records), ``run_tables``
(gather every data set into the ``content_*`` results tables), ``run_figures`` (the Study C figures). Items
without text that carry ``cov_<feature>`` columns use them as given. Nothing but a ``DataError`` (bad input
or configuration) or a skip record comes out of the per-data-set entry points.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from .. import contracts, files, skips
from . import figures
from .compare import AGREEMENT_EXTRA, directions, measure_agreement, robustness
from .fits import ODDS_EXTRA, OLS_EXTRA, ModelParams, define_viral, empty_results, fit_models
from .instruments import (
    INSTRUMENT_FEATURES,
    Measures,
    Vader,
    all_columns,
    extract_features,
    make_liwc,
)
from .text import make_lexicons

log = logging.getLogger("virality.content")
#: Instruments with a model of their own (``controls_<instrument>``).
INSTRUMENTS = ("nrc", *INSTRUMENT_FEATURES)


@dataclass(frozen=True)
class Params:
    """The validated ``content`` config section (defaults: workflow/schemas/content.schema.yaml, which
    describes each key) and the workflow's master ``seed``; build it with ``settings.from_config``."""

    datasets: tuple[str, ...] | None
    emotion_lexicon: str
    vad_lexicons: tuple[str, ...]
    liwc_lexicon: str | None
    liwc_categories: Mapping[str, tuple[str, ...]]
    vader: bool
    awe_min_arousal: float
    negation_window: int
    quantile: float
    ties: str
    viral_within: Mapping[str, str]
    fixed_cuts: Mapping[str, float]
    control_include: Mapping[str, str]
    control_exclude: str
    exposure_controls: tuple[str, ...]
    model_features: tuple[str, ...]
    min_dummy: int
    min_nonzero: int
    min_viral: int
    date_spline_df: int
    cov_type: str
    cv_folds: int
    seed: int

    def model(self, dataset: str, fmt: str) -> ModelParams:
        """Model settings of data set ``dataset`` of format ``fmt`` (per-format entries resolved, the
        cross-validation and tie-breaking seeds derived from the master seed)."""
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
            min_viral=self.min_viral,
            date_spline_df=self.date_spline_df,
            cov_type=self.cov_type,
            cv_folds=self.cv_folds,
            ties=self.ties,
            seed=files.stable_seed(self.seed, "content_cv", dataset),
            tie_seed=files.stable_seed(self.seed, "content_ties", dataset),
        )

    def columns(self) -> list[str]:
        """Measurement columns of the features table (fixed by the configuration)."""
        return all_columns(self.vad_lexicons, self.vader, self.liwc_lexicon is not None)


def make_measures(lexicons: Mapping[str, pd.DataFrame], params: Params) -> Measures:
    """The instruments of :class:`Params` from the available lexicon tables (by configured name)."""
    emotion = lexicons.get(params.emotion_lexicon)
    vad = {n: lexicons.get(n) for n in params.vad_lexicons}
    liwc = lexicons.get(params.liwc_lexicon) if params.liwc_lexicon else None
    for n, df in [(params.emotion_lexicon, emotion), *vad.items(), (params.liwc_lexicon, liwc)]:
        if n:
            log.info("lexicon %s: %s", n, "not available" if df is None else f"{len(df)} entries")
    lex = make_lexicons(
        emotion,
        vad,
        params.vad_lexicons,
        awe_min_arousal=params.awe_min_arousal,
        negation_window=params.negation_window,
    )
    if lex.awe_vad is None:
        log.warning("no VAD lexicon available: the awe proxy drops its arousal condition")
    return Measures(
        lex,
        Vader() if params.vader else None,
        make_liwc(liwc, params.liwc_lexicon, params.liwc_categories) if liwc is not None else None,
        params.liwc_lexicon is not None,
    )


def features_table(
    features: pd.DataFrame,
    items: pd.DataFrame,
    manifest: Mapping,
    params: Params,
) -> pd.DataFrame:
    """``content_features`` rows of one data set: the contract columns (``dataset`` ... ``viral``) then
    :meth:`Params.columns`, sorted by ``item_id``. ``viral`` is the main definition of the models
    (:func:`~virality.content.fits.define_viral`); NaN where the outcome is missing."""
    cols = contracts.columns("content_features", params.columns())
    if len(features) == 0:
        return pd.DataFrame(columns=cols)
    out = features.copy()
    it = items.set_index(items["item_id"].astype(str)).reindex(out["item_id"].astype(str))
    y = it["outcome"].to_numpy(dtype=float) if "outcome" in it.columns else float("nan")
    out["outcome"] = y
    mp = params.model(manifest["dataset"], manifest["format"])
    start = it["start_time"] if mp.viral_within and "start_time" in it.columns else None
    out["viral"] = define_viral(out["outcome"], it.index, start, manifest.get("outcome_kind"), mp)[
        0
    ]
    out["dataset"] = manifest["dataset"]
    out["synthetic"] = bool(manifest.get("synthetic"))
    return out[cols].sort_values("item_id", kind="mergesort").reset_index(drop=True)


def run_features(
    items: pd.DataFrame, manifest: Mapping, lexicons: Mapping[str, pd.DataFrame], params: Params
) -> dict[str, pd.DataFrame]:
    """Per-item features of one data set (its canonical ``items`` and ``manifest``; ``lexicons`` maps a
    lexicon name to its table, a configured lexicon that is not available is absent): ``features`` (the
    ``content_features`` rows) and ``coverage`` (``content_coverage`` rows)."""
    feats, cov = extract_features(items, make_measures(lexicons, params))
    table = features_table(feats, items, manifest, params)
    cov.insert(0, "synthetic", bool(manifest.get("synthetic")))
    cov.insert(0, "dataset", manifest["dataset"])
    sources = ", ".join(sorted(set(table["feature_source"]))) or "none"
    log.info("%s: %d items with features (source: %s)", manifest["dataset"], len(table), sources)
    for r in cov.itertuples(index=False):
        log.info(
            "coverage %s %s: %.3f (%.3f before the lemmatiser)",
            r.instrument,
            r.feature,
            r.share_scored,
            r.share_scored_surface,
        )
    return {"features": table, "coverage": contracts.frame(cov, "content_coverage")}


def run_models(
    table: pd.DataFrame, items: pd.DataFrame, manifest: Mapping, params: Params
) -> dict[str, pd.DataFrame | dict | list]:
    """Models of one data set from its :func:`run_features` ``table``: ``odds``, ``ols``, ``prediction``,
    ``agreement`` tables, ``notes`` (``{"dataset", "notes"}``) and ``skips`` (rows of ``skipped.csv``)."""
    dataset, synthetic = manifest["dataset"], bool(manifest.get("synthetic"))
    feats = table.drop(columns=["dataset", "synthetic", "outcome", "viral"])
    try:
        res = fit_models(
            feats,
            items,
            dataset,
            synthetic,
            manifest.get("outcome_kind"),
            params.model(dataset, manifest["format"]),
            params.vad_lexicons,
        )
    except skips.Skip as skip:  # a step of the library that is not caught inside it
        res = empty_results([], [skip])
    for note in res["notes"]:
        log.info(note)
    rows = [skips.row(dataset, "C", s) for s in res["skips"]]
    for r in rows:
        log.info("skipped: %s: %s (%s)", r["step"], r["reason"], r["counts"])
    return {
        "odds": res["odds"],
        "ols": res["ols"],
        "prediction": res["prediction"],
        "agreement": measure_agreement(feats, items, dataset, synthetic, params.control_exclude),
        "notes": {"dataset": dataset, "notes": res["notes"]},
        "skips": rows,
    }


#: Gathered tables: key of :func:`run_tables` → (results table, sort keys, extra columns).
GATHERED = {
    "features": ("content_features", ["dataset", "item_id"], ()),
    "odds": ("content_emotion_odds", ["dataset", "model", "instrument", "feature"], ODDS_EXTRA),
    "ols": ("content_ols", ["dataset", "model", "feature"], OLS_EXTRA),
    "prediction": ("content_prediction", ["dataset", "features"], ()),
    "agreement": (
        "content_measure_agreement",
        ["dataset", "construct", "feature", "their_column"],
        AGREEMENT_EXTRA,
    ),
    "coverage": ("content_coverage", ["dataset", "instrument", "feature"], ()),
}


def run_tables(
    parts: Mapping[str, Sequence[pd.DataFrame]], params: Params
) -> dict[str, pd.DataFrame]:
    """The ``content_*`` results tables from the per-data-set ``parts`` (keys of :data:`GATHERED`), plus
    ``directions`` (published directions: the headline model and every instrument's model) and
    ``robustness`` (which directions hold under every instrument)."""
    out = {}
    for key, (name, keys, extra) in GATHERED.items():
        extra = params.columns() if key == "features" else extra
        found = [p for p in parts.get(key, []) if len(p)]
        df = contracts.frame(pd.concat(found, ignore_index=True) if found else None, name, extra)
        out[key] = df.sort_values(keys, kind="mergesort").reset_index(drop=True)
    per_instrument = [f"controls_{i}" for i in INSTRUMENTS]
    out["directions"] = directions(out["odds"], models=("controls", *per_instrument))
    by_instrument = out["directions"][out["directions"]["model"].isin(per_instrument)]
    out["robustness"] = robustness(by_instrument)
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
        "instruments": figures.instruments(odds),
        "synthetic_recovery": figures.synthetic_recovery(odds, synthetic_truths(manifests)),
        "distributions": figures.distributions(features),
        "arousal_rank": figures.arousal_rank(features, params.vad_lexicons),
    }
