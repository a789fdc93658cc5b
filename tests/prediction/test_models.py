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


# --------------------------------------------------------------------------------------------------
# speed: the batched weighted binning and the event sort give scikit-learn's and numpy's numbers exactly


def test_weighted_percentiles_are_scikit_learns_bit_for_bit():
    from sklearn.utils.stats import _weighted_percentile

    # hand-worked: values 1..4 with weights 1, 1, 2, 4 (total 8, running sum 1, 2, 4, 8)
    a, w = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 1.0, 2.0, 4.0])
    # 25% of 8 = 2 falls on the 2nd point: the mean of 2 and 3; 40% = 3.2 lies inside the 3rd: 3
    assert models.weighted_percentiles(a, w, np.array([25.0, 40.0, 100.0])).tolist() == [2.5, 3, 4]
    rng = np.random.default_rng(3)
    edges = np.linspace(0, 100, 256)[1:-1]
    for k in range(30):
        n = int(rng.integers(2, 2000))
        a = np.sort(np.round(rng.lognormal(size=n), k % 3))  # ties; binning passes sorted columns
        w = [rng.uniform(0.01, 5, n), np.ones(n), (1 / rng.uniform(1, 3, n)) ** 2][k % 3]
        ref = np.array([_weighted_percentile(a, w, q, average=True) for q in edges])
        assert np.array_equal(models.weighted_percentiles(a, w, edges), ref)
    assert models.weighted_percentiles(np.array([1.0, np.nan]), np.ones(2), edges) is None
    assert models.weighted_percentiles(np.array([1.0, 2.0]), np.array([1.0, 0.0]), edges) is None


def test_batched_binning_fits_the_same_model():
    from sklearn.ensemble._hist_gradient_boosting import binning

    rng = np.random.default_rng(4)
    X = np.round(rng.lognormal(size=(3000, 3)), 2)  # more distinct values than bins: percentiles
    y = X[:, 0] + rng.normal(size=3000)
    w = rng.uniform(0.1, 2, 3000)
    boosting = models.Boosting(max_iter=20)
    plain = boosting.regressor(1).fit(X, y, sample_weight=w)
    original = binning._weighted_percentile
    with models.batched_bin_percentiles(255):
        assert binning._weighted_percentile is not original
        batched = boosting.regressor(1).fit(X, y, sample_weight=w)
    assert binning._weighted_percentile is original  # put back
    pairs = zip(plain._bin_mapper.bin_thresholds_, batched._bin_mapper.bin_thresholds_, strict=True)
    for a, b in pairs:
        assert a.size > 200 and np.array_equal(a, b)
    assert np.array_equal(plain.predict(X), batched.predict(X))


def test_event_order_is_the_string_lexsort():
    from virality.prediction.cascades import event_order, sorted_codes

    items = pd.Series(["b", "a", "c", "a", "b", "b"], dtype="string")
    ids, code = sorted_codes(items)
    assert ids.tolist() == ["a", "b", "c"] and code.tolist() == [1, 0, 2, 0, 1, 1]
    rng = np.random.default_rng(5)
    for _ in range(100):
        n = int(rng.integers(1, 200))
        code = rng.integers(0, 5, n)
        time = rng.integers(0, 4, n).astype(float)
        time[rng.random(n) < 0.1] = np.nan  # NaN times tie with each other in the sort
        user = np.array([f"u{j}" for j in rng.integers(0, 6, n)], dtype=object)
        assert np.array_equal(event_order(code, time, user), np.lexsort((user, time, code)))
        strings = pd.Series(user, dtype="string")
        ref_ids, ref_code = np.unique(user, return_inverse=True)
        got_ids, got_code = sorted_codes(strings)
        assert np.array_equal(got_ids, ref_ids) and np.array_equal(got_code, ref_code)
