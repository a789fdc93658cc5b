"""The limits of prediction (Martin et al. 2016 frame the question): the out-of-sample ``R^2`` of
``ln N(t_r)`` from what is known before the first event (source and content, ex ante) against what is known
at each indicator time (the same plus the early audience), both by gradient boosting.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .models import Boosting, usable_features


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

    if train.sum() < 2 or test.sum() < 2:
        return np.nan
    feats = usable_features(feats, train)
    if feats.shape[1] == 0:
        pred = np.full(int(test.sum()), target[train].mean())
        return float(r2_score(target[test], pred))
    model = boosting.regressor(seed)
    model.fit(feats[train], target[train])
    return float(r2_score(target[test], model.predict(feats[test])))


def r2_limits(
    ante: pd.DataFrame,
    early: Sequence[tuple[float, pd.DataFrame, np.ndarray]],
    target: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    boosting: Boosting,
    seed: int,
) -> list[tuple[str, float, float, int]]:
    """``(information, t, R^2, n_test)``: ex ante (``t`` NaN, every item) first, then at each indicator time
    ``t`` of ``early`` (``t``, the features known by then and the mask of the items selected at ``t``);
    seeds ``seed + 4`` and ``seed + 100 + j``."""
    rows = [
        ("ex_ante", np.nan, fit_r2(ante, target, train, test, boosting, seed + 4), int(test.sum()))
    ]
    for j, (t, feats, m) in enumerate(early):
        tr, te = train[m], test[m]
        r2 = fit_r2(feats[m].reset_index(drop=True), target[m], tr, te, boosting, seed + 100 + j)
        rows.append(("early", t, r2, int(te.sum())))
    return rows
