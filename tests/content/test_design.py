"""Tests of Study C's regression design (virality.content.design): viral outcome, controls."""

import numpy as np
import pandas as pd
import pytest

from virality.content.design import (
    boundary_ties,
    independent_columns,
    period_labels,
    prepare_controls,
    tie_keys,
    viral_outcome,
    viral_top_decile,
)


def test_viral_definitions():
    y = np.arange(1, 21, dtype=float)  # 90th percentile = 1 + 0.9 * 19 = 18.1
    assert np.flatnonzero(viral_top_decile(y)).tolist() == [18, 19]
    assert viral_outcome([0, 1, 1], "binary").tolist() == [0.0, 1.0, 1.0]
    assert viral_outcome([1399, 1400, 5000], "count", cut=1400).tolist() == [0.0, 1.0, 1.0]
    assert np.isnan(viral_top_decile([1.0, np.nan, 3.0])[1])


def test_prepare_controls_transforms_excludes_and_drops_dependent():
    rng = np.random.default_rng(0)
    n = 400
    day = rng.integers(0, 7, n)
    items = pd.DataFrame({f"cov_weekday_is_{k}": (day == k).astype(float) for k in range(7)})
    items["cov_num_imgs"] = rng.poisson(0.5, n) * rng.lognormal(1, 1, n).round()
    items["cov_global_sentiment_polarity"] = rng.normal(size=n)
    items["cov_rare"] = (np.arange(n) < 3).astype(float)
    ctr, notes = prepare_controls(items, date_spline_df=0)
    assert "cov_global_sentiment_polarity" not in ctr and "cov_rare" not in ctr
    assert "cov_global_sentiment_polarity: the data's own sentiment measure, not a control" in notes
    x = np.log1p(items["cov_num_imgs"])  # skewed with zeros -> log1p, then z-scored
    assert np.allclose(ctr["cov_num_imgs"], (x - x.mean()) / x.std(ddof=1))
    kept = independent_columns(ctr)
    assert len([c for c in kept if c.startswith("cov_weekday")]) == 6  # one day is the reference
    only = prepare_controls(items, include="^cov_weekday_is_[01]", date_spline_df=0)[0]
    assert list(only.columns) == ["cov_weekday_is_0", "cov_weekday_is_1"]


def test_viral_within_month():
    # two months; within each the top decile of 10 items is the single largest
    t0 = 1_420_070_400.0  # 2015-01-01 UTC
    start = np.r_[t0 + np.arange(10) * 86400, t0 + 40 * 86400 + np.arange(10) * 86400]
    y = np.r_[np.arange(10) * 1.0, 1000 + np.arange(10) * 100.0]
    g = period_labels(start, "month")
    assert list(pd.unique(g)) == ["2015-01", "2015-02"]
    v = viral_outcome(y, "count", groups=g)
    assert np.flatnonzero(v).tolist() == [9, 19]
    assert np.flatnonzero(viral_outcome(y, "count")).tolist() == [18, 19]


def test_ties_at_the_top_decile_cut():
    # 40 items: 30 with 1 point, then 2, 2, 3, 3, 3, 3, 3, 3, 3, 9: the 90th percentile is 3 and 7 items tie there
    y = np.array([1.0] * 30 + [2.0, 2.0] + [3.0] * 7 + [9.0])
    assert np.quantile(y, 0.9) == 3.0
    above = viral_top_decile(y, ties="above")
    assert above.sum() == 1  # the strict ">" cut: 2.5% viral instead of 10%
    assert viral_top_decile(y, ties="at_or_above").sum() == 8  # 20%
    ids = [f"i{k:02d}" for k in range(40)]
    keys = tie_keys(ids, seed=11)
    v = viral_top_decile(y, ties="random", keys=keys)
    assert (
        v.sum() == 4 and v[39] == 1 and v[:32].sum() == 0
    )  # exactly 10%: the 9 and 3 of the seven 3s
    assert boundary_ties(y, v) == (7, 3)
    # the same items are drawn whatever their order, and on a subset holding the tied items
    perm = np.random.default_rng(0).permutation(40)
    vp = viral_top_decile(y[perm], ties="random", keys=tie_keys([ids[i] for i in perm], seed=11))
    assert np.array_equal(vp, v[perm])
    drawn = set(np.flatnonzero(v[32:39]) + 32)
    assert drawn == set(np.flatnonzero(keys[32:39] >= np.sort(keys[32:39])[-3]) + 32)
    other = viral_top_decile(y, ties="random", keys=tie_keys(ids, seed=12))
    assert other.sum() == 4 and not np.array_equal(other, v)  # another seed, another draw
    with pytest.raises(ValueError, match="unknown ties rule 'up'; expected one of random, above"):
        viral_top_decile(y, ties="up")


def test_boundary_ties_are_counted_per_period():
    y = np.array([1.0, 2.0, 2.0, 5.0, 10.0, 20.0, 20.0, 30.0])
    g = ["a"] * 4 + ["b"] * 4
    v = np.array([0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0])
    assert boundary_ties(y, v, g) == (4, 2)  # a: two 2s, one viral; b: two 20s, one viral
    assert boundary_ties(y, v) == (2, 1)  # one group: the cut is 2
