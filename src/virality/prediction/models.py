"""Szabo & Huberman (CACM 2010), "Predicting the popularity of online content", and a learned predictor.

The Pearson correlation of ``ln N(t_i)`` and ``ln N(t_r)``, and predictors of ``N(t_r)`` from ``N(t_i)``
scored by the relative squared error ``RSE = ((N_hat - N)/N)^2``: LN (``ln N(t_r) = beta0 + ln N(t_i) + xi``,
prediction ``N(t_i) exp(beta0 + s^2/2)``), CS (``N_hat = alpha N(t_i)``, ``alpha = sum(x/y) / sum((x/y)^2)``,
the minimiser of the training RSE), GP (``N_hat = N(t_i) / P``, ``P = mean(x/y)``, the growth profile) and
GBM: scikit-learn's ``HistGradientBoostingRegressor`` on ex-ante and early features, fitted to
``N(t_r)/N(t_i)`` with sample weights ``(N(t_i)/N(t_r))^2``, which makes its squared loss the RSE.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cascades import Cascades

PREDICTORS = ("LN", "CS", "GP", "SEISMIC", "GBM")


def fit_ln(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """LN model ``ln y = beta0 + ln x + xi``: ``beta0`` = mean of ``ln y - ln x``, ``s2`` = residual variance."""
    d = np.log(np.asarray(y, dtype=float)) - np.log(np.asarray(x, dtype=float))
    beta0 = float(d.mean())
    s2 = float(np.mean((d - beta0) ** 2))
    return beta0, s2


def predict_ln(x: np.ndarray, beta0: float, s2: float) -> np.ndarray:
    """``x exp(beta0 + s2/2)``: the log-normal mean, hence the variance correction."""
    return np.asarray(x, dtype=float) * math.exp(beta0 + s2 / 2.0)


def fit_cs(x: np.ndarray, y: np.ndarray) -> float:
    """Constant scaling minimising ``sum(((alpha x - y)/y)^2)``: ``alpha = sum(x/y) / sum((x/y)^2)``."""
    r = np.asarray(x, dtype=float) / np.asarray(y, dtype=float)
    return float(r.sum() / (r**2).sum())


def fit_gp(x: np.ndarray, y: np.ndarray) -> float:
    """Growth profile ``P = mean(x/y)``; the prediction is ``x / P``."""
    return float(np.mean(np.asarray(x, dtype=float) / np.asarray(y, dtype=float)))


def rse(pred: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Relative squared error ``((pred - y)/y)^2`` per item."""
    y = np.asarray(y, dtype=float)
    return ((np.asarray(pred, dtype=float) - y) / y) ** 2


def pearson_log(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation of ``ln x`` and ``ln y`` (items with ``x, y > 0``)."""
    from scipy import stats  # here, not at the top: ~1 s of every job that imports the module

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = (x > 0) & (y > 0)
    if ok.sum() < 3:
        return np.nan
    lx, ly = np.log(x[ok]), np.log(y[ok])
    if np.ptp(lx) == 0 or np.ptp(ly) == 0:
        return np.nan
    return float(stats.pearsonr(lx, ly).statistic)


def baselines(x: np.ndarray, y: np.ndarray, train: np.ndarray) -> dict[str, np.ndarray]:
    """Predictions of LN, CS and GP for every item from ``x = N(t_i)``, fitted on the ``train`` items."""
    b0, s2 = fit_ln(x[train], y[train])
    return {
        "LN": predict_ln(x, b0, s2),
        "CS": fit_cs(x[train], y[train]) * x,
        "GP": x / fit_gp(x[train], y[train]),
    }


@dataclass(frozen=True)
class Boosting:
    """``HistGradientBoostingRegressor`` settings (the config's ``prediction.gbm``)."""

    max_iter: int = 100
    learning_rate: float = 0.1
    max_leaf_nodes: int = 15
    min_samples_leaf: int = 20

    def regressor(self, seed: int):
        """A fresh regressor with these settings and ``random_state=seed``."""
        from sklearn.ensemble import HistGradientBoostingRegressor

        return HistGradientBoostingRegressor(random_state=seed, **dataclasses.asdict(self))


def predict_gbm(
    feats: pd.DataFrame,
    x: np.ndarray,
    y: np.ndarray,
    train: np.ndarray,
    boosting: Boosting,
    seed: int,
) -> np.ndarray:
    """GBM prediction ``x max(ratio_hat, 1)``: the ratio ``y/x`` learnt on the training items with weights
    ``(x/y)^2``, so that the squared loss is the RSE. Features with no value on the training items (e.g.
    ``time_to_20`` at an early ``t_i``) are left out; with none left the prediction is the training mean
    ratio."""
    ratio = y / x
    feats = usable_features(feats, train)
    if feats.shape[1] == 0:
        w = (1.0 / ratio[train]) ** 2
        return x * max(float(np.sum(w * ratio[train]) / np.sum(w)), 1.0)
    model = boosting.regressor(seed)
    model.fit(feats[train], ratio[train], sample_weight=(1.0 / ratio[train]) ** 2)
    return x * np.maximum(model.predict(feats), 1.0)


def usable_features(feats: pd.DataFrame, train: np.ndarray) -> pd.DataFrame:
    """The columns of ``feats`` with at least one finite value on the ``train`` rows (scikit-learn's
    binning fails on a column that is all missing)."""
    keep = [
        c for c in feats.columns if np.isfinite(feats.loc[train, c].to_numpy(dtype=float)).any()
    ]
    return feats[keep]


def tree_depths(parent: np.ndarray) -> np.ndarray:
    """Depth of every event in its tree (0 for roots) from ``parent`` (-1 for none)."""
    depth = np.zeros(parent.size, dtype=np.int64)
    has = parent >= 0
    for _ in range(10_000):
        new = np.where(has, depth[np.maximum(parent, 0)] + 1, 0)
        if np.array_equal(new, depth):
            break
        depth = np.minimum(new, parent.size)  # bounded even if the data hold a parent cycle
    return depth


def ex_ante_features(cas: Cascades, record: pd.DataFrame) -> pd.DataFrame:
    """What is known before the first reaction: source and content features.

    * the source's record as known when the item starts (``record``, :func:`origin.source_record`: the
      number of its earlier items whose window had closed and the shrunk mean of their ``ln N(t_r)``);
    * the source's follower count where the data have followers;
    * ``cov_*`` covariates and the title length where the items table has them;
    * hour of day and weekday of the clock origin when times look like Unix seconds (> 1e8).
    """
    n = cas.n_items
    feats: dict[str, np.ndarray] = {
        "source_n_items": record["source_n_items"].to_numpy(dtype=float),
        "source_mean_log_final": record["source_mean_log_final"].to_numpy(dtype=float),
    }
    if cas.followers is not None:
        feats["source_followers_log"] = np.log1p(cas.followers[cas.ptr[:-1]])
    for k, v in cas.extra.items():
        feats[k] = v
    if n and np.nanmedian(cas.start) > 1e8:
        ts = pd.to_datetime(cas.start, unit="s", utc=True)
        feats["start_hour"] = ts.hour.to_numpy(dtype=float)
        feats["start_weekday"] = ts.weekday.to_numpy(dtype=float)
    return pd.DataFrame(feats, index=np.arange(n))


def sources(cas: Cascades) -> np.ndarray:
    """Each item's source (``items.creator``, else its first adopter): the group of the split."""
    src = cas.creator if cas.creator is not None else cas.users[cas.ptr[:-1]]
    return pd.Series(src).astype(str).to_numpy()


def early_features(cas: Cascades, t: float, depth: np.ndarray | None = None) -> pd.DataFrame:
    """What is known at age ``t``: counts in windows, growth, times to the k-th event, recency, followers,
    tree depth and breadth where parent links exist."""
    n = cas.n_items
    frac = np.array([0.125, 0.25, 0.5, 1.0])
    cnt = cas.counts_at(frac * t).astype(float)
    feats = {
        "log_n": np.log(np.maximum(cnt[:, 3], 1.0)),
        "log_win_0_8": np.log1p(cnt[:, 0]),
        "log_win_8_4": np.log1p(cnt[:, 1] - cnt[:, 0]),
        "log_win_4_2": np.log1p(cnt[:, 2] - cnt[:, 1]),
        "log_win_2_1": np.log1p(cnt[:, 3] - cnt[:, 2]),
        "growth_last_half": np.log(np.maximum(cnt[:, 3], 1.0)) - np.log(np.maximum(cnt[:, 2], 1.0)),
    }
    n_t = cnt[:, 3].astype(np.int64)
    for k in (2, 5, 10, 20):
        idx = np.minimum(cas.ptr[:-1] + k - 1, cas.age.size - 1)
        reached = n_t >= k
        feats[f"time_to_{k}"] = np.where(reached, cas.age[idx] / t, np.nan)
    last = np.minimum(cas.ptr[:-1] + np.maximum(n_t - 1, 0), cas.age.size - 1)
    feats["recency"] = np.where(n_t > 0, (t - cas.age[last]) / t, np.nan)
    upto = cas.age <= t
    if cas.followers is not None:
        f = cas.followers
        feats["followers_sum_log"] = np.log1p(
            np.bincount(cas.code[upto], weights=f[upto], minlength=n)
        )
        fm = np.zeros(n)
        np.maximum.at(fm, cas.code[upto], f[upto])
        feats["followers_max_log"] = np.log1p(fm)
    if cas.parent is not None and depth is not None:
        dm = np.zeros(n)
        np.maximum.at(dm, cas.code[upto], depth[upto].astype(float))
        feats["depth_max"] = dm
        kid = upto & (cas.parent >= 0)
        children = np.bincount(cas.parent[kid], minlength=cas.age.size).astype(float)
        bm = np.zeros(n)
        np.maximum.at(bm, cas.code, children)
        feats["breadth_max"] = bm
        feats["root_children"] = children[cas.ptr[:-1]]
    return pd.DataFrame(feats, index=np.arange(n))
