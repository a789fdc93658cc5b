"""Study C, models: Berger & Milkman's (2012, Table 4) logit of viral on z-scored content features.

Logit (statsmodels formula API) with and without controls, robust ``HC1`` errors, reported as the odds
ratio per s.d. ``exp(b)`` with the 95% Wald interval ``exp(b ± 1.96 se)``; OLS of ``log(1 + outcome)`` as a
second view; out-of-sample, a stratified k-fold ROC AUC of a standardised scikit-learn logistic regression
with controls only, emotions only, and both. No real data set has Berger & Milkman's home-page exposure: on
synthetic data a model without ``exposure_controls`` shows how much omitting it biases the estimates.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import contracts
from .design import (
    DEFAULT_EXCLUDE,
    independent_columns,
    period_labels,
    prepare_controls,
    standardise,
    viral_outcome,
)

log = logging.getLogger("virality.content")

#: Features of the joint model (Berger & Milkman 2012: emotionality, positivity, the coded emotions).
MODEL_FEATURES = ("positivity", "emotionality", "awe", "anger", "anxiety", "sadness", "surprise")
ODDS, OLS, PREDICTION = "content_emotion_odds", "content_ols", "content_prediction"


def estimable(x: pd.Series, min_nonzero: int = 20) -> bool:
    """A feature enters a model if it varies and (for % features) at least ``min_nonzero`` items have it."""
    v = x.dropna()
    if v.nunique() < 2:
        return False
    return int((v != v.mode().iloc[0]).sum()) >= min_nonzero


def separates(x: np.ndarray, y: np.ndarray) -> bool:
    """True if the 0/1 control ``x`` has a class in which ``y`` is constant (perfect separation: the logit's
    maximum-likelihood coefficient of ``x`` is infinite, e.g. 25 manual retweets none of which went viral)."""
    if not set(np.unique(x)) <= {0.0, 1.0}:
        return False
    for v in (0.0, 1.0):
        yv = y[x == v]
        if len(yv) and (yv.min() == yv.max()):
            return True
    return False


def fit_logit(
    y: np.ndarray,
    feats: pd.DataFrame,
    controls: pd.DataFrame | None = None,
    cov_type: str = "HC1",
    report: Sequence[str] = (),
) -> pd.DataFrame:
    """Logit of ``y`` on z-scored ``feats`` (+ ``controls``) with robust errors (statsmodels formula API).

    Returns one row per feature, plus one per control named in ``report`` that entered the model (its odds
    ratio per unit of the prepared control, i.e. per s.d. of log hours for the synthetic home-page time):
    ``feature, odds_ratio_per_sd, ci_low, ci_high, p_value, n``.
    """
    import statsmodels.formula.api as smf

    df = pd.DataFrame({f: standardise(feats[f]) for f in feats.columns})
    rhs = list(df.columns)
    yy = np.asarray(y, dtype=float)
    if controls is not None and controls.shape[1]:
        ok = [c for c in controls.columns if not separates(controls[c].to_numpy(dtype=float), yy)]
        dropped = [c for c in controls.columns if c not in ok]
        if dropped:
            log.info(
                "controls that separate the outcome perfectly, dropped: %s", ", ".join(dropped)
            )
        keep = independent_columns(controls[ok], base=df.to_numpy())
        for c in keep:
            df[c] = controls[c].to_numpy(dtype=float)
        rhs += keep
    df["viral"] = yy
    res = smf.logit("viral ~ " + " + ".join(rhs), data=df).fit(
        disp=0, cov_type=cov_type, maxiter=200
    )
    if not res.mle_retvals.get("converged", True):
        log.warning(
            "logit did not converge (%d regressors, %d viral of %d)",
            len(rhs),
            int(df["viral"].sum()),
            len(df),
        )
    ci = res.conf_int(0.05)
    rows = []
    for f in [*feats.columns, *(c for c in report if c in rhs and c not in feats.columns)]:
        rows.append(
            {
                "feature": f,
                "odds_ratio_per_sd": math.exp(res.params[f]),
                "ci_low": math.exp(ci.loc[f, 0]),
                "ci_high": math.exp(ci.loc[f, 1]),
                "p_value": float(res.pvalues[f]),
                "n": int(res.nobs),
            }
        )
    return pd.DataFrame(rows)


def fit_ols_log(
    outcome: np.ndarray,
    feats: pd.DataFrame,
    controls: pd.DataFrame | None = None,
    cov_type: str = "HC1",
) -> pd.DataFrame:
    """OLS of ``log(1 + outcome)`` on z-scored ``feats`` (+ ``controls``), HC1 errors."""
    import statsmodels.formula.api as smf

    df = pd.DataFrame({f: standardise(feats[f]) for f in feats.columns})
    rhs = list(df.columns)
    if controls is not None and controls.shape[1]:
        keep = independent_columns(controls, base=df.to_numpy())
        for c in keep:
            df[c] = controls[c].to_numpy(dtype=float)
        rhs += keep
    df["log_outcome"] = np.log1p(np.asarray(outcome, dtype=float))
    res = smf.ols("log_outcome ~ " + " + ".join(rhs), data=df).fit(cov_type=cov_type)
    ci = res.conf_int(0.05)
    return pd.DataFrame(
        [
            {
                "feature": f,
                "coef_per_sd": float(res.params[f]),
                "ratio_per_sd": math.exp(res.params[f]),
                "ci_low": math.exp(ci.loc[f, 0]),
                "ci_high": math.exp(ci.loc[f, 1]),
                "p_value": float(res.pvalues[f]),
                "n": int(res.nobs),
                "r_squared": float(res.rsquared),
            }
            for f in feats.columns
        ]
    )


def cv_auc(X: pd.DataFrame, y: np.ndarray, seed: int, folds: int = 5) -> tuple[float, float]:
    """Stratified ``folds``-fold ROC AUC of a standardised logistic regression (scikit-learn)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=int(seed) % (2**32 - 1))
    s = cross_val_score(
        pipe, X.to_numpy(dtype=float), np.asarray(y, dtype=int), cv=cv, scoring="roc_auc"
    )
    return float(np.mean(s)), float(np.std(s, ddof=1))


@dataclass
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
    date_spline_df: int = 6
    cov_type: str = "HC1"
    cv_folds: int = 5
    seed: int = 0


@dataclass
class _Data:
    """One data set ready for the models (items with a finite outcome)."""

    feats: pd.DataFrame
    outcome: np.ndarray
    y: np.ndarray
    controls: pd.DataFrame
    use: list[str]  # estimable model features
    measured: list[str]  # model features with any value: each gets a row (NaN when not estimable)


def _model_data(
    features: pd.DataFrame,
    items: pd.DataFrame,
    dataset: str,
    outcome_kind: str | None,
    params: ModelParams,
    notes: list[str],
) -> _Data | None:
    """Align features and items, define viral, prepare the controls; ``None`` (and a note) if not estimable."""
    if len(features) == 0 or "outcome" not in items.columns:
        notes.append(f"{dataset}: no text and no given features: nothing to model")
        return None
    it = items.set_index(items["item_id"].astype(str))
    feats = features.set_index("item_id")
    it = it.loc[feats.index]
    outcome = it["outcome"].to_numpy(dtype=float)
    ok = np.isfinite(outcome)
    feats, it, outcome = feats[ok], it[ok], outcome[ok]
    groups = None
    if params.viral_within and "start_time" in it.columns:
        groups = period_labels(it["start_time"], params.viral_within)
        notes.append(
            f"{dataset}: viral = top decile within each {params.viral_within} of start_time"
        )
    y = viral_outcome(outcome, outcome_kind, params.quantile, groups=groups)
    if np.nansum(y) < 5 or np.nansum(1 - y) < 5:
        notes.append(f"{dataset}: fewer than 5 viral or non-viral items: not estimable")
        return None
    controls, cnotes = prepare_controls(
        it.reset_index(drop=True),
        params.control_exclude,
        params.min_dummy,
        params.date_spline_df,
        include=params.control_include,
    )
    notes += [f"{dataset}: {m}" for m in cnotes]
    feats = feats.reset_index()
    use = [
        f
        for f in params.model_features
        if f in feats.columns and estimable(feats[f], params.min_nonzero)
    ]
    missing = [
        f
        for f in params.model_features
        if f not in use and f in feats.columns and feats[f].notna().any()
    ]
    if missing:
        notes.append(
            f"{dataset}: not estimable (no variation or too few items): {', '.join(missing)}"
        )
    measured = [f for f in params.model_features if f in feats.columns and feats[f].notna().any()]
    return _Data(feats, outcome, y, controls, use, measured)


class _Fits:
    """Rows of the fitted models; a model that fails on degenerate data gives NaN rows and a note."""

    def __init__(self, dataset: str, measured: Sequence[str], notes: list[str]):
        self.dataset, self.measured, self.notes = dataset, measured, notes
        self.odds: list[pd.DataFrame] = []
        self.ols: list[pd.DataFrame] = []

    def add(
        self, fit: Callable[[], pd.DataFrame], model: str, all_feats: Sequence[str], sink: list
    ):
        """Append ``fit()``'s rows as ``model`` to ``sink``; measured features it lacks get a NaN row."""
        try:
            part = fit().copy()
        except (np.linalg.LinAlgError, ValueError, ArithmeticError) as exc:
            # degenerate user data (singular design, separation): a NaN row and a note, not a crash
            self.notes.append(
                f"{self.dataset}: model {model} failed ({type(exc).__name__}: {exc}); reported as NaN"
            )
            part = pd.DataFrame({"feature": pd.Series([], dtype=object)})
        for f in all_feats:  # measured but not-estimable features still get a row (NaN)
            if f in self.measured and f not in set(part["feature"]):
                part = pd.concat([part, pd.DataFrame([{"feature": f}])], ignore_index=True)
        part.insert(0, "model", model)
        sink.append(part)

    def tables(self, dataset: str, synthetic: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The odds and OLS tables in contract order (``n`` as nullable integers)."""
        odds = pd.concat(self.odds, ignore_index=True) if self.odds else contracts.frame(None, ODDS)
        odds.insert(0, "synthetic", bool(synthetic))
        odds.insert(0, "dataset", dataset)
        ols = pd.concat(self.ols, ignore_index=True) if self.ols else None
        if ols is not None and len(ols):
            ols.insert(0, "synthetic", bool(synthetic))
            ols.insert(0, "dataset", dataset)
        else:
            ols = contracts.frame(None, OLS)
        odds = contracts.frame(odds, ODDS).astype({"n": "Int64"})
        return odds, contracts.frame(ols, OLS).astype({"n": "Int64"})


def _fit_main(
    d: _Data, dataset: str, outcome_kind: str | None, p: ModelParams, fits: _Fits
) -> None:
    """Logits without and with controls, at the fixed cut, without exposure; OLS of log(1 + outcome)."""
    F, y, controls, mf = d.feats[d.use], d.y, d.controls, p.model_features
    fits.add(lambda: fit_logit(y, F, None, p.cov_type), "no_controls", mf, fits.odds)
    fits.add(
        lambda: fit_logit(y, F, controls, p.cov_type, report=p.exposure_controls),
        "controls",
        mf,
        fits.odds,
    )
    if p.fixed_cut is not None and outcome_kind != "binary":
        yc = viral_outcome(d.outcome, outcome_kind, cut=p.fixed_cut)
        fits.add(
            lambda: fit_logit(yc, F, controls, p.cov_type),
            f"controls_cut{p.fixed_cut:g}",
            mf,
            fits.odds,
        )
    exp = [c for c in p.exposure_controls if c in controls.columns]
    if exp:
        fits.add(
            lambda: fit_logit(y, F, controls.drop(columns=exp), p.cov_type),
            "controls_without_exposure",
            mf,
            fits.odds,
        )
        fits.notes.append(
            f"{dataset}: exposure control(s) {', '.join(exp)} present; also fitted without them"
        )
    if outcome_kind != "binary":
        fits.add(
            lambda: fit_ols_log(d.outcome, F, controls, p.cov_type),
            "ols_log1p_controls",
            mf,
            fits.ols,
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
        if np.sum(ym) < 5:
            continue
        fits.add(
            lambda ym=ym, V=V, m=m: fit_logit(
                ym, V, controls[m].reset_index(drop=True), p.cov_type
            ),
            f"arousal_{n}_controls",
            list(V.columns),
            fits.odds,
        )


def _prediction(
    d: _Data, dataset: str, synthetic: bool, p: ModelParams, notes: list[str]
) -> pd.DataFrame:
    """Cross-validated AUC with controls, controls + emotions, emotions (emotions only without controls)."""
    pred = []
    if d.use:
        controls = d.controls
        Xc = controls[independent_columns(controls)] if controls.shape[1] else controls
        Xe = d.feats[d.use].astype(float)
        sets = {"emotions": Xe}
        if Xc.shape[1]:
            sets = {
                "controls": Xc,
                "controls+emotions": pd.concat([Xc, Xe], axis=1),
                "emotions": Xe,
            }
        for name, X in sets.items():
            try:
                mean, sd = cv_auc(X, d.y, p.seed, p.cv_folds)
            except ValueError as exc:  # e.g. fewer viral items than folds
                notes.append(f"{dataset}: cross-validated AUC ({name}) failed: {exc}")
                mean, sd = math.nan, math.nan
            pred.append(
                {
                    "dataset": dataset,
                    "synthetic": bool(synthetic),
                    "features": name,
                    "auc_mean": mean,
                    "auc_sd": sd,
                    "n": int(len(d.y)),
                    "n_viral": int(np.sum(d.y)),
                    "folds": p.cv_folds,
                }
            )
    return contracts.frame(pred, PREDICTION)


def fit_models(
    features: pd.DataFrame,
    items: pd.DataFrame,
    dataset: str,
    synthetic: bool,
    outcome_kind: str | None,
    params: ModelParams,
    vad_names: Sequence[str] = (),
) -> dict[str, pd.DataFrame | list[str]]:
    """All models of one data set: ``odds``, ``ols``, ``prediction`` tables and ``notes``.

    Models (``model`` column): ``no_controls``; ``controls``; ``controls_cut<cut>`` (fixed cut, count
    outcomes); ``controls_without_exposure`` (when ``exposure_controls`` are present); and per VAD lexicon
    ``arousal_<lex>_controls`` (arousal and valence means, items with coverage > 0).
    """
    notes: list[str] = []
    d = _model_data(features, items, dataset, outcome_kind, params, notes)
    if d is None:
        return {
            "odds": contracts.frame(None, ODDS),
            "ols": contracts.frame(None, OLS),
            "prediction": contracts.frame(None, PREDICTION),
            "notes": notes,
        }
    fits = _Fits(dataset, d.measured, notes)
    if d.use:
        _fit_main(d, dataset, outcome_kind, params, fits)
    _fit_arousal(d, vad_names, params, fits)
    odds, ols = fits.tables(dataset, synthetic)
    prediction = _prediction(d, dataset, synthetic, params, notes)
    return {"odds": odds, "ols": ols, "prediction": prediction, "notes": notes}
