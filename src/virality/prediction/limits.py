"""The limits of prediction (Martin et al. 2016 frame the question): the out-of-sample ``R^2`` of
``ln N(t_r)`` from what is known before the first event (source and content, ex ante) against what is known
at each indicator time (the same plus the early audience), both by gradient boosting.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .models import Boosting


def fit_r2(
    feats: pd.DataFrame,
    target: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    boosting: Boosting,
    seed: int,
) -> float:
    """Out-of-sample R^2 of ``target`` from ``feats`` (gradient boosting; constant mean when no features)."""
    from sklearn.metrics import r2_score

    if feats.shape[1] == 0 or test.sum() < 2:
        pred = np.full(int(test.sum()), target[train].mean())
        return float(r2_score(target[test], pred)) if test.sum() >= 2 else np.nan
    model = boosting.regressor(seed)
    model.fit(feats[train], target[train])
    return float(r2_score(target[test], model.predict(feats[test])))


def r2_limits(
    ante: pd.DataFrame,
    early: Sequence[tuple[float, pd.DataFrame]],
    target: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    boosting: Boosting,
    seed: int,
) -> list[tuple[str, float, float]]:
    """``(information, t, R^2)``: ex ante (``t`` NaN) first, then at each indicator time ``t`` of
    ``early`` (pairs of ``t`` and the features known by then); seeds ``seed + 4`` and ``seed + 100 + j``."""
    rows = [("ex_ante", np.nan, fit_r2(ante, target, train, test, boosting, seed + 4))]
    for j, (t, feats) in enumerate(early):
        rows.append(("early", t, fit_r2(feats, target, train, test, boosting, seed + 100 + j)))
    return rows
