"""Study C, fitting one data set: the viral outcome, the models per instrument, their tables and skips.

The joint logit is fitted once per instrument (:mod:`.instruments`): each instrument's measures replace the
NRC ones in the same model, so that the odds ratios differ only by the measure. No real data set has Berger
& Milkman's home-page exposure: on synthetic data a model without ``exposure_controls`` shows the bias of
omitting it. A step that cannot run on a data set gives a :class:`~virality.skips.Skip`, never a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import contracts
from ..skips import Skip, require
from .design import (
    DEFAULT_EXCLUDE,
    boundary_ties,
    independent_columns,
    period_labels,
    prepare_controls,
    tie_keys,
    viral_outcome,
)
from .instruments import INSTRUMENT_FEATURES, column
from .models import cv_auc, estimable, fit_logit, fit_ols_log, holm, ols_transform

log = logging.getLogger("virality.content")

#: Features of the joint model (Berger & Milkman 2012: emotionality, positivity, the coded emotions).
MODEL_FEATURES = ("positivity", "emotionality", "awe", "anger", "anxiety", "sadness", "surprise")
ODDS, OLS, PREDICTION = "content_emotion_odds", "content_ols", "content_prediction"
#: Columns after the contract columns: who measured the feature, Holm-adjusted p within the fitted model,
#: and whether the row is the one the paper's verdicts read.
ODDS_EXTRA = ("instrument", "p_holm")
OLS_EXTRA = ("instrument", "p_holm")


def _only(rows: pd.DataFrame, features: Sequence[str]) -> pd.DataFrame:
    return rows[rows["feature"].isin(list(features))].reset_index(drop=True)


@dataclass(frozen=True)
class ModelParams:
    """Model settings of one data set (``study.Params.model`` resolves them from the config; the defaults
    are those of workflow/schemas/content.schema.yaml)."""

    quantile: float = 0.9
    viral_within: str | None = None
    fixed_cut: float | None = None
    model_features: tuple[str, ...] = MODEL_FEATURES
    exposure_controls: tuple[str, ...] = ("cov_homepage_hours",)
    control_exclude: str = DEFAULT_EXCLUDE
    control_include: str | None = None
    min_dummy: int = 10
    min_nonzero: int = 20
    min_viral: int = 5
    date_spline_df: int = 6
    cov_type: str = "HC1"
    cv_folds: int = 5
    ties: str = "random"
    seed: int = 0
    tie_seed: int = 0


@dataclass
class _Data:
    """One data set ready for the models (items with a finite outcome)."""

    feats: pd.DataFrame
    outcome: np.ndarray
    y: np.ndarray
    controls: pd.DataFrame
    base: str  # the instrument of the unsuffixed features: nrc (text) or given
    source: dict[str, str]  # headline model: feature -> column measuring it
    use: list[str]  # estimable features of the headline model
    measured: list[
        str
    ]  # headline features with any value: each gets a row (NaN when not estimable)

    def columns(self, features: Sequence[str]) -> pd.DataFrame:
        """The headline columns of ``features``, named by feature."""
        return self.feats[[self.source[f] for f in features]].set_axis(list(features), axis=1)

    def instrument(self, feature: str) -> str:
        col = self.source.get(feature, feature)
        return next(
            (i for i in INSTRUMENT_FEATURES if col == column(feature, i) != feature), self.base
        )


def define_viral(
    outcome, item_ids, start_time, outcome_kind: str | None, p: ModelParams
) -> tuple[np.ndarray, list[str]]:
    """The main viral indicator of items (top decile, per period, ties by :attr:`ModelParams.ties`) and
    notes saying how it was defined."""
    groups = None if start_time is None else period_labels(start_time, p.viral_within)
    keys = tie_keys(item_ids, p.tie_seed)
    y = viral_outcome(outcome, outcome_kind, p.quantile, groups=groups, ties=p.ties, keys=keys)
    notes = []
    if groups is not None:
        notes.append(f"viral = top decile within each {p.viral_within} of start_time")
    if outcome_kind != "binary":
        tied, drawn = boundary_ties(outcome, y, groups)
        notes.append(
            f"viral: {int(np.nansum(y))} of {int(np.isfinite(y).sum())} items; {tied} tied at the "
            f"cut, {drawn} of them viral (ties: {p.ties})"
        )
    return y, notes


def _has(feats: pd.DataFrame, col: str) -> bool:
    return col in feats.columns and bool(feats[col].notna().any())


def _sources(feats: pd.DataFrame, features: Sequence[str]) -> dict[str, str]:
    """Headline columns: positivity and emotionality from LIWC when it measured them (Berger & Milkman's
    instrument), every other feature from the base instrument."""
    out = {}
    for f in features:
        liwc = column(f, "liwc")
        out[f] = liwc if f in ("positivity", "emotionality") and _has(feats, liwc) else f
    return out


def _model_data(
    features: pd.DataFrame,
    items: pd.DataFrame,
    dataset: str,
    outcome_kind: str | None,
    params: ModelParams,
    notes: list[str],
) -> _Data:
    """Align features and items, define viral, prepare the controls; :class:`Skip` if not estimable."""
    n_all = len(items)
    require(
        len(features) > 0,
        "features",
        "no text (title/text) and no cov_<feature> columns",
        n_items=n_all,
    )
    require("outcome" in items.columns, "outcome", "the items have no outcome", n_items=n_all)
    it = items.set_index(items["item_id"].astype(str))
    feats = features.set_index("item_id")
    it = it.loc[feats.index]
    outcome = it["outcome"].to_numpy(dtype=float)
    ok = np.isfinite(outcome)
    if not ok.all():
        notes.append(f"{dataset}: {int((~ok).sum())} items without a finite outcome left out")
    feats, it, outcome = feats[ok], it[ok], outcome[ok]
    require(len(outcome) > 0, "outcome", "no item has a finite outcome", n_items=n_all)
    require(np.ptp(outcome) > 0, "viral", "the outcome does not vary", n_items=len(outcome))
    start = it["start_time"] if params.viral_within and "start_time" in it.columns else None
    y, vnotes = define_viral(outcome, it.index, start, outcome_kind, params)
    notes += [f"{dataset}: {m}" for m in vnotes]
    n_viral = int(np.nansum(y))
    require(
        min(n_viral, len(y) - n_viral) >= params.min_viral,
        "viral",
        f"fewer than {params.min_viral} viral or non-viral items",
        n_items=len(y),
        n_viral=n_viral,
    )
    controls, cnotes = prepare_controls(
        it.reset_index(drop=True),
        params.control_exclude,
        params.min_dummy,
        params.date_spline_df,
        include=params.control_include,
    )
    notes += [f"{dataset}: {m}" for m in cnotes]
    feats = feats.reset_index()
    base = "given" if (feats["feature_source"] == "given").all() else "nrc"
    source = _sources(feats, [f for f in params.model_features if f in feats.columns])
    measured = [f for f, c in source.items() if feats[c].notna().any()]
    use = [f for f in measured if estimable(feats[source[f]], params.min_nonzero)]
    if len(use) < len(measured):
        left = ", ".join(f for f in measured if f not in use)
        notes.append(f"{dataset}: not estimable (no variation or too few items): {left}")
    return _Data(feats, outcome, y, controls, base, source, use, measured)


class _Fits:
    """Rows of the fitted models; a model that fails on degenerate data gives NaN rows and a skip."""

    def __init__(self, dataset: str, notes: list[str]):
        self.dataset, self.notes = dataset, notes
        self.odds: list[pd.DataFrame] = []
        self.ols: list[pd.DataFrame] = []
        self.skips: list[Skip] = []

    def add(
        self,
        fit: Callable[[], pd.DataFrame],
        model: str,
        instrument: Callable[[str], str],
        measured: Sequence[str],
        sink: list,
        n: int,
    ) -> pd.DataFrame:
        """Append ``fit()``'s rows as ``model`` to ``sink``, each with the ``instrument`` of its feature;
        ``measured`` features the fit lacks get a NaN row. Holm's adjustment runs over ``measured``."""
        try:
            part = fit().copy()
        except (np.linalg.LinAlgError, ValueError, ArithmeticError) as exc:
            # degenerate data (singular design, separation): NaN rows and a skip record, not a crash
            reason = f"{type(exc).__name__}: {exc}"
            self.skips.append(Skip(f"model {model}", reason, n_items=n))
            self.notes.append(f"{self.dataset}: model {model} failed ({reason}); reported as NaN")
            part = pd.DataFrame({"feature": pd.Series([], dtype=object)})
        missing = [f for f in measured if f not in set(part["feature"])]
        part = pd.concat([part, pd.DataFrame({"feature": missing})], ignore_index=True)
        fam = part["feature"].isin(list(measured)).to_numpy()
        p = part["p_value"] if "p_value" in part.columns else pd.Series(np.nan, index=part.index)
        part["p_holm"] = np.where(fam, holm(np.where(fam, p, np.nan)), np.nan)
        part.insert(0, "instrument", [instrument(f) for f in part["feature"]])
        part.insert(0, "model", model)
        sink.append(part)
        return part

    def tables(self, dataset: str, synthetic: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The odds and OLS tables in contract order (``n`` as nullable integers)."""
        out = []
        for name, parts, extra in ((ODDS, self.odds, ODDS_EXTRA), (OLS, self.ols, OLS_EXTRA)):
            df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
            if len(df):
                df.insert(0, "synthetic", bool(synthetic))
                df.insert(0, "dataset", dataset)
            out.append(contracts.frame(df, name, extra).astype({"n": "Int64"}))
        return out[0], out[1]


def _fit_main(
    d: _Data, dataset: str, outcome_kind: str | None, p: ModelParams, fits: _Fits
) -> pd.DataFrame:
    """The headline set of features: logits without and with controls, at the fixed cut, without
    exposure; OLS. Returns the rows of the logit with controls."""
    F, y, controls, m, n = d.columns(d.use), d.y, d.controls, d.measured, len(d.y)
    inst = d.instrument
    fits.add(lambda: fit_logit(y, F, None, p.cov_type), "no_controls", inst, m, fits.odds, n)
    main = fits.add(
        lambda: fit_logit(y, F, controls, p.cov_type, report=p.exposure_controls),
        "controls",
        inst,
        m,
        fits.odds,
        n,
    )
    if p.fixed_cut is not None and outcome_kind != "binary":
        yc = viral_outcome(d.outcome, outcome_kind, cut=p.fixed_cut)
        model = f"controls_cut{p.fixed_cut:g}"
        fits.add(lambda: fit_logit(yc, F, controls, p.cov_type), model, inst, m, fits.odds, n)
    exp = [c for c in p.exposure_controls if c in controls.columns]
    if exp:
        fits.add(
            lambda: fit_logit(y, F, controls.drop(columns=exp), p.cov_type),
            "controls_without_exposure",
            inst,
            m,
            fits.odds,
            n,
        )
        fits.notes.append(
            f"{dataset}: exposure control(s) {', '.join(exp)} present; also fitted without them"
        )
    if outcome_kind != "binary":
        tr = ols_transform(d.outcome)
        if tr != "log1p":
            neg = d.outcome < 0
            i = int(np.flatnonzero(neg)[0])
            fits.notes.append(
                f"{dataset}: {int(neg.sum())} negative outcomes (first: item "
                f"{d.feats['item_id'].iloc[i]}, {d.outcome[i]:g}): the OLS uses asinh(outcome), "
                "not log(1 + outcome)"
            )
        fits.add(
            lambda: fit_ols_log(d.outcome, F, controls, p.cov_type, tr),
            f"ols_{tr}_controls",
            inst,
            m,
            fits.ols,
            n,
        )
    return main


def _fit_instruments(d: _Data, main: pd.DataFrame, p: ModelParams, fits: _Fits) -> None:
    """Model ``controls_<instrument>`` per instrument on text: its measures replace the others in the same
    joint logit with controls; its rows are the features it measures (the rest enter unreported). Where
    the headline model is that instrument's model, its rows are copied, not refitted."""
    if d.base != "nrc":
        return
    for inst in ("nrc", *INSTRUMENT_FEATURES):
        own = INSTRUMENT_FEATURES.get(inst, tuple(d.source))
        cols = {f: (column(f, inst) if f in own else f) for f in d.source}
        cols = {f: c for f, c in cols.items() if _has(d.feats, c)}
        measured = [f for f in own if f in cols and _has(d.feats, column(f, inst))]
        if not measured:
            continue  # not configured or not available
        use = [f for f in cols if estimable(d.feats[cols[f]], p.min_nonzero)]
        if not set(use) & set(measured):
            fits.notes.append(
                f"{fits.dataset}: {inst}: none of its measures is estimable, no model"
            )
            continue
        model, same = f"controls_{inst}", all(d.source.get(f) == c for f, c in cols.items())
        if same and len(main) and set(use) == set(d.use):
            rows = _only(main, measured).assign(model=model)
            p_raw = rows["p_value"] if "p_value" in rows.columns else np.full(len(rows), np.nan)
            fits.odds.append(rows.assign(p_holm=holm(np.asarray(p_raw, dtype=float))))
            continue
        F = d.feats[[cols[f] for f in use]].set_axis(use, axis=1)
        fits.add(
            lambda F=F, m=measured: _only(fit_logit(d.y, F, d.controls, p.cov_type), m),
            model,
            lambda f, inst=inst: inst,
            measured,
            fits.odds,
            len(d.y),
        )


def _fit_arousal(d: _Data, vad_names: Sequence[str], p: ModelParams, fits: _Fits) -> None:
    """Per VAD lexicon, logit on mean arousal and valence (items with coverage > 0) with controls."""
    feats, controls = d.feats, d.controls
    for n in vad_names:
        cov = feats.get(f"coverage_{n}")
        if cov is None or not (cov.fillna(0) > 0).any():
            continue
        m = (cov > 0).to_numpy()
        V = feats.loc[m, [f"arousal_{n}", f"valence_{n}"]].reset_index(drop=True)
        if not all(estimable(V[c], p.min_nonzero) for c in V.columns):
            continue
        ym = d.y[m]
        if min(np.sum(ym), len(ym) - np.sum(ym)) < p.min_viral:
            continue
        fits.add(
            lambda ym=ym, V=V, m=m: fit_logit(
                ym, V, controls[m].reset_index(drop=True), p.cov_type
            ),
            f"arousal_{n}_controls",
            lambda f, n=n: n,
            list(V.columns),
            fits.odds,
            int(m.sum()),
        )


def _prediction(
    d: _Data, dataset: str, synthetic: bool, p: ModelParams, fits: _Fits
) -> pd.DataFrame:
    """Cross-validated AUC with controls, controls + emotions, emotions (emotions only without controls)."""
    n_viral = int(np.sum(d.y))
    if not d.use or min(n_viral, len(d.y) - n_viral) < p.cv_folds:
        reason = (
            "no estimable feature"
            if not d.use
            else f"fewer viral or non-viral items than {p.cv_folds} folds"
        )
        fits.skips.append(Skip("cv_auc", reason, n_items=len(d.y), n_viral=n_viral))
        return contracts.frame(None, PREDICTION)
    controls = d.controls
    Xc = controls[independent_columns(controls)] if controls.shape[1] else controls
    Xe = d.columns(d.use).astype(float)
    sets = {"emotions": Xe}
    if Xc.shape[1]:
        sets = {"controls": Xc, "controls+emotions": pd.concat([Xc, Xe], axis=1), "emotions": Xe}
    pred = []
    for name, X in sets.items():
        try:
            mean, sd = cv_auc(X, d.y, p.seed, p.cv_folds)
        except ValueError as exc:
            fits.skips.append(
                Skip(f"cv_auc {name}", f"{type(exc).__name__}: {exc}", n_items=len(d.y))
            )
            continue
        pred.append(
            {
                "dataset": dataset,
                "synthetic": bool(synthetic),
                "features": name,
                "auc_mean": mean,
                "auc_sd": sd,
                "n": int(len(d.y)),
                "n_viral": n_viral,
                "folds": p.cv_folds,
            }
        )
    return contracts.frame(pred, PREDICTION)


def empty_results(notes: list[str], skipped: Sequence[Skip] = ()) -> dict:
    """The results of a data set that is skipped: empty contract tables."""
    return {
        "odds": contracts.frame(None, ODDS, ODDS_EXTRA),
        "ols": contracts.frame(None, OLS, OLS_EXTRA),
        "prediction": contracts.frame(None, PREDICTION),
        "notes": notes,
        "skips": list(skipped),
    }


def fit_models(
    features: pd.DataFrame,
    items: pd.DataFrame,
    dataset: str,
    synthetic: bool,
    outcome_kind: str | None,
    params: ModelParams,
    vad_names: Sequence[str] = (),
) -> dict:
    """All models of one data set: ``odds``, ``ols``, ``prediction`` tables, ``notes`` and ``skips``.

    Models (``model`` column, base instrument): ``no_controls``; ``controls`` (also one per extra
    instrument); ``controls_cut<cut>`` (fixed cut, count outcomes); ``controls_without_exposure`` (when
    ``exposure_controls`` are present); per VAD lexicon ``arousal_<lex>_controls`` (arousal and valence
    means, items with coverage > 0). A data set that cannot be modelled gives empty tables and one skip.
    """
    notes: list[str] = []
    try:
        d = _model_data(features, items, dataset, outcome_kind, params, notes)
    except Skip as skip:
        return empty_results(notes, [skip])
    fits = _Fits(dataset, notes)
    if d.use:
        main = _fit_main(d, dataset, outcome_kind, params, fits)
        _fit_instruments(d, main, params, fits)
    else:
        fits.skips.append(
            Skip(
                "logit",
                f"no content feature differs from its most common value in {params.min_nonzero} items",
                n_items=len(d.y),
            )
        )
    _fit_arousal(d, vad_names, params, fits)
    odds, ols = fits.tables(dataset, synthetic)
    prediction = _prediction(d, dataset, synthetic, params, fits)
    return {"odds": odds, "ols": ols, "prediction": prediction, "notes": notes, "skips": fits.skips}
