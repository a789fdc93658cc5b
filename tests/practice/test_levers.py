"""The Hawkes three-lever fit: its recursion, recovery of known lever shares, and the input series."""

import numpy as np
import pandas as pd
import pytest

from virality.practice import levers as lv
from virality.practice import series as sr
from virality.skips import Skip
from virality.synth import levers_world


def test_response_is_the_hip_recursion():
    """``response(g, n) @ x`` equals xi[t] = x[t] + n sum_tau g[tau] xi[t - tau], computed step by step."""
    g = lv.kernel(40, theta=1.2, c=0.7)
    x = np.random.default_rng(0).random(40)
    xi = np.zeros(40)
    for t in range(40):
        xi[t] = x[t] + 0.6 * sum(g[tau] * xi[t - tau] for tau in range(1, t + 1))
    np.testing.assert_allclose(lv.response(g, 0.6) @ x, xi, rtol=1e-12)


def test_branching_factor_is_total_offspring():
    """Over a long window one unit of attention begets 1 / (1 - n) in all (the kernel sums to one)."""
    g = lv.kernel(3000, theta=1.0, c=1.0, horizon=3000)
    assert g.sum() == pytest.approx(1.0, abs=1e-3)
    assert lv.impulse(g, 0.5).sum() == pytest.approx(2.0, rel=2e-3)


@pytest.fixture(scope="module")
def world():
    return levers_world(n_items=40, n_days=60, seed=7)


@pytest.fixture(scope="module")
def fitted(world):
    series = sr.event_series(
        world["events"],
        world["exposures"],
        world["items"],
        86400.0,
        60,
        "item",
        1,
        100,
        np.random.default_rng(0),
    )
    return lv.fit(series, thetas=(0.8, 1.5, 3.0), c=1.0)


def test_recovers_each_lever_share_within_005(world, fitted):
    got = lv.shares(fitted)
    for lever in lv.LEVERS:
        assert got[lever] == pytest.approx(world["truth"][f"{lever}_share"], abs=0.05), lever
    assert sum(got.values()) == pytest.approx(1.0)
    assert fitted["theta"].iloc[0] == 1.5  # the generator's memory exponent is picked from the grid


def test_recovers_per_item_shares_on_average(world, fitted):
    truth = world["items"].set_index("item_id")
    est = fitted.set_index("item_id")
    for lever in lv.LEVERS:
        err = est[lever] / est["total"] - truth[f"true_{lever}_share"]
        assert abs(err.mean()) < 0.05, lever


def test_intervals_cover_the_estimate(fitted):
    ci = lv.share_intervals(fitted, 300, np.random.default_rng(1))
    for lever, (lo, hi) in ci.items():
        assert lo <= lv.shares(fitted)[lever] <= hi


def test_world_truth_is_consistent(world):
    t = world["truth"]
    assert t["organic_share"] + t["viral_share"] + t["paid_share"] == pytest.approx(1.0)
    assert min(t["organic_share"], t["viral_share"], t["paid_share"]) > 0.15
    assert (world["exposures"]["kind"] == "promotion").all()
    again = levers_world(n_items=40, n_days=60, seed=7)
    pd.testing.assert_frame_equal(again["events"], world["events"])


def test_event_series_calendar_clock_and_announcement():
    ev = pd.DataFrame(
        {
            "item_id": ["a"] * 5 + ["b"] * 2,
            "user_id": list("uvwxyzq"),
            "time": [0.0, 3700, 3800, 7300, 99999, 3600, 7300],
        }
    )
    ex = pd.DataFrame({"item_id": ["a", "b"], "time": [3650.0, 3650.0], "kind": "announcement"})
    s = sr.event_series(ev, ex, None, 3600, 3, "calendar", 2, 10, np.random.default_rng(0))
    assert list(s.item_ids) == ["a", "b"]
    np.testing.assert_array_equal(s.counts, [[1, 2, 1], [0, 1, 1]])
    np.testing.assert_array_equal(s.promo, [[0, 1, 0], [0, 1, 0]])
    with pytest.raises(Skip, match="no item has 9 events"):
        sr.event_series(ev, ex, None, 3600, 3, "calendar", 9, 10, np.random.default_rng(0))


def test_tree_levers_split_depth_one_from_deeper():
    ev = pd.DataFrame(
        {
            "item_id": ["t"] * 5,
            "user_id": ["root", "a", "b", "c", "d"],
            "time": [0.0, 1, 2, 3, 4],
            "parent_user_id": [None, "root", "root", "a", "c"],
        }
    )
    items = pd.DataFrame({"item_id": ["t"], "creator": ["root"]})
    out = sr.tree_levers(ev, items)
    assert out[["organic", "viral", "total"]].iloc[0].tolist() == [2.0, 2.0, 4.0]
    assert lv.shares(out) == pytest.approx(
        {"organic": 0.5, "viral": 0.5, "paid": np.nan}, nan_ok=True
    )
