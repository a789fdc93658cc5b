"""Study B, Szabo & Huberman: the three predictors on a hand-worked example; early features."""

import math

import numpy as np
import pandas as pd
import pytest

from virality.prediction import models
from virality.prediction.cascades import build_cascades

# --------------------------------------------------------------------------------------------------
# Szabo & Huberman: the three predictors on a hand-worked example

X = np.array([1.0, 2.0, 4.0])  # N(t_i)
Y = np.array([2.0, 4.0, 4.0])  # N(t_r); x/y = 1/2, 1/2, 1


def test_cs_closed_form_and_its_relative_error():
    alpha = models.fit_cs(X, Y)
    assert alpha == pytest.approx(2.0 / 1.5)  # sum(x/y) / sum((x/y)^2) = 2 / 1.5
    assert models.rse(alpha * X, Y) == pytest.approx([1 / 9, 1 / 9, 1 / 9])
    # it minimises the training relative squared error
    base = models.rse(alpha * X, Y).sum()
    for da in (-0.01, 0.01):
        assert models.rse((alpha + da) * X, Y).sum() > base


def test_gp_is_the_mean_growth_profile():
    assert models.fit_gp(X, Y) == pytest.approx(2 / 3)
    assert X / models.fit_gp(X, Y) == pytest.approx([1.5, 3.0, 6.0])


def test_ln_offset_variance_and_correction():
    beta0, s2 = models.fit_ln(X, Y)
    ln2 = math.log(2)
    assert beta0 == pytest.approx(2 * ln2 / 3)
    assert s2 == pytest.approx(2 * ln2**2 / 9)
    assert models.predict_ln(X, beta0, s2) == pytest.approx(X * math.exp(2 * ln2 / 3 + ln2**2 / 9))


def test_pearson_log_and_counts_at():
    assert models.pearson_log([1, math.e, math.e**2], [1, math.e**2, math.e**4]) == pytest.approx(
        1.0
    )
    ev = pd.DataFrame(
        {"item_id": ["a", "a", "a", "b", "b"], "user_id": list("uvwxy"), "time": [10, 11, 20, 5, 5]}
    )
    cas = build_cascades(ev)
    assert cas.counts_at([0, 1, 10]).tolist() == [[1, 2, 3], [2, 2, 2]]
    assert cas.start.tolist() == [10, 5]


def test_parent_links_give_depth_and_breadth():
    ev = pd.DataFrame(
        {
            "item_id": "t",
            "user_id": ["r", "a", "b", "c", "d"],
            "parent_user_id": [None, "r", "r", "a", "c"],
            "time": [0.0, 1.0, 2.0, 3.0, 4.0],
        }
    )
    cas = build_cascades(ev)
    depth = models.tree_depths(cas.parent)
    assert depth.tolist() == [0, 1, 1, 2, 3]
    f = models.early_features(cas, 3.5, depth)
    assert f[["depth_max", "breadth_max", "root_children"]].iloc[0].tolist() == [2.0, 2.0, 2.0]
