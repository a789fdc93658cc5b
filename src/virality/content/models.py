"""Study C, estimators: Berger & Milkman's (2012, Table 4) logit of viral on z-scored content features.

Logit (statsmodels) with robust ``HC1`` errors, reported as the odds ratio per s.d. ``exp(b)`` with the 95%
Wald interval ``exp(b ± 1.96 se)``; Holm-adjusted p-values within each fitted model; OLS of
``log(1 + outcome)`` (``asinh(outcome)`` when some outcome is negative) as a second view; a stratified
k-fold ROC AUC of a standardised scikit-learn logistic regression. :mod:`.fits` runs them on a data set.
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .design import independent_columns

log = logging.getLogger("virality.content")


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


def holm(p: Sequence[float]) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values of a family (NaN entries stay NaN, outside the family): the
    k-th smallest of m p-values times (m - k + 1), made non-decreasing, capped at 1 (the values of
    statsmodels' ``multipletests(method="holm")``, without its cost on every small family)."""
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    if len(ok):
        order = ok[np.argsort(p[ok], kind="stable")]
        m = len(order)
        adj = np.maximum.accumulate(p[order] * (m - np.arange(m)))
        out[order] = np.minimum(adj, 1.0)
    return out


def _design(
    feats: pd.DataFrame, controls: pd.DataFrame | None, y: np.ndarray | None
) -> pd.DataFrame:
    """z-scored features, then the controls that do not separate ``y`` and raise the rank."""
    x = feats.to_numpy(dtype=float)
    sd = x.std(axis=0, ddof=1) if len(x) > 1 else np.full(x.shape[1], np.nan)
    z = (x - x.mean(axis=0)) / sd  # z-scores with ddof 1, as design.standardise
    df = pd.DataFrame(z, columns=list(feats.columns))
    if controls is not None and controls.shape[1]:
        ok = list(controls.columns)
        if y is not None:
            ok = [c for c in ok if not separates(controls[c].to_numpy(dtype=float), y)]
            if len(ok) < controls.shape[1]:
                log.info("controls that separate the outcome, dropped: %s", set(controls) - set(ok))
        for c in independent_columns(controls[ok], base=df.to_numpy()):
            df[c] = controls[c].to_numpy(dtype=float)
    return df


def _full_rank(X: pd.DataFrame) -> None:
    """``ValueError`` naming the regressors that are linear combinations of earlier ones (their
    coefficients would not be identified, and a pseudo-inverse would report arbitrary values)."""
    kept = independent_columns(X.drop(columns="const"))
    lost = [c for c in X.columns if c != "const" and c not in kept]
    if lost:
        raise ValueError(f"rank-deficient design: {', '.join(lost)} linear in the other regressors")


def _rows(res, names: Sequence[str], ratio: str, extra: dict | None = None) -> pd.DataFrame:
    ci = np.asarray(res.conf_int(0.05))
    params, pvals = np.asarray(res.params), np.asarray(res.pvalues)
    index = list(res.model.exog_names)
    rows = []
    for f in names:
        i = index.index(f)
        rows.append(
            {
                "feature": f,
                **({"coef_per_sd": float(params[i])} if ratio == "ratio_per_sd" else {}),
                ratio: math.exp(params[i]),
                "ci_low": math.exp(ci[i, 0]),
                "ci_high": math.exp(ci[i, 1]),
                "p_value": float(pvals[i]),
                "n": int(res.nobs),
                **(extra or {}),
            }
        )
    return pd.DataFrame(rows)


def fit_logit(
    y: np.ndarray,
    feats: pd.DataFrame,
    controls: pd.DataFrame | None = None,
    cov_type: str = "HC1",
    report: Sequence[str] = (),
) -> pd.DataFrame:
    """Logit of ``y`` on z-scored ``feats`` (+ ``controls``) with robust errors (statsmodels).

    Returns one row per feature, plus one per control named in ``report`` that entered the model (its odds
    ratio per unit of the prepared control, i.e. per s.d. of log hours for the synthetic home-page time):
    ``feature, odds_ratio_per_sd, ci_low, ci_high, p_value, n``. A fit that does not converge or predicts
    perfectly raises ``ValueError`` (its estimates would be meaningless, not large).
    """
    # the model module itself, not statsmodels.api (which imports all of statsmodels: ~0.35 s a job)
    from statsmodels.discrete.discrete_model import Logit
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    yy = np.asarray(y, dtype=float)
    df = _design(feats, controls, yy)
    X = df.assign(const=1.0)[["const", *df.columns]]
    _full_rank(X)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = Logit(yy, X).fit(disp=0, cov_type=cov_type, maxiter=200)
    if any(issubclass(w.category, PerfectSeparationWarning) for w in caught):
        raise ValueError(
            "perfect separation: some combination of regressors predicts viral exactly"
        )
    if not res.mle_retvals.get("converged", True):
        raise ValueError(
            f"did not converge ({X.shape[1] - 1} regressors, {int(yy.sum())} viral of {len(yy)}; "
            "separation or too few items)"
        )
    names = [*feats.columns, *(c for c in report if c in df.columns and c not in feats.columns)]
    return _rows(res, names, "odds_ratio_per_sd")


#: Transformations of the OLS outcome: log(1 + y) for counts, asinh(y) (log-like, defined for y < 0).
OLS_TRANSFORMS = {"log1p": np.log1p, "asinh": np.arcsinh}


def ols_transform(outcome: np.ndarray) -> str:
    """``log1p`` for outcomes >= 0, ``asinh`` when some are negative (log(1 + y) is undefined below -1)."""
    y = np.asarray(outcome, dtype=float)
    return "asinh" if (y[np.isfinite(y)] < 0).any() else "log1p"


def fit_ols_log(
    outcome: np.ndarray,
    feats: pd.DataFrame,
    controls: pd.DataFrame | None = None,
    cov_type: str = "HC1",
    transform: str = "log1p",
) -> pd.DataFrame:
    """OLS of ``transform(outcome)`` (:data:`OLS_TRANSFORMS`) on z-scored ``feats`` (+ ``controls``), HC1."""
    from statsmodels.regression.linear_model import OLS

    df = _design(feats, controls, None)
    X = df.assign(const=1.0)[["const", *df.columns]]
    _full_rank(X)
    y = OLS_TRANSFORMS[transform](np.asarray(outcome, dtype=float))
    res = OLS(y, X).fit(cov_type=cov_type)
    return _rows(res, list(feats.columns), "ratio_per_sd", {"r_squared": float(res.rsquared)})


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
