"""Tests of the consistency of influence (virality.influence.consistency, Bakshy et al. 2011)."""

import math

import numpy as np
import pandas as pd
import pytest

from virality.influence import consistency as cons


def test_creator_cascades_and_pairs_hand_worked():
    events = pd.DataFrame(
        {
            "item_id": ["i1", "i1", "i2", "i2", "i2", "i2", "i3", "i3"],
            "user_id": ["a", "x", "a", "x", "y", "z", "q", "r"],
            "time": [0.0, 1.0, 10.0, 11.0, 12.0, 13.0, 20.0, 21.0],
        }
    )
    items = pd.DataFrame({"item_id": ["i3"], "creator": ["a"]})
    c = cons.creator_cascades(events, items).set_index("item_id")
    assert c["creator"].to_dict() == {
        "i1": "a",
        "i2": "a",
        "i3": "a",
    }  # earliest adopter, or items.creator
    assert c["size"].to_dict() == {"i1": 1, "i2": 3, "i3": 2}  # adopters other than the creator
    pairs = cons.consistency_pairs(c.reset_index(), min_items=2)
    assert pairs["item_id"].tolist() == ["i2", "i3"]
    assert pairs["past_mean"].tolist() == pytest.approx(
        [math.log(2), (math.log(2) + math.log(4)) / 2]
    )
    assert pairs["next_log_size"].tolist() == pytest.approx([math.log(4), math.log(3)])
    # order-free: the mean over the creator's two other cascades, earlier or later
    assert pairs["other_mean"].tolist() == pytest.approx(
        [(math.log(2) + math.log(3)) / 2, (math.log(2) + math.log(4)) / 2]
    )


def test_creator_cascades_ties_repeats_and_start_times():
    # i2's first instant is a tie (u10 before u9 as strings) and u10 adopts twice (one adopter); i1's
    # creator comes from items (missing for i2: its first adopter); the row order is creator, start, item
    events = pd.DataFrame(
        {
            "item_id": ["i2", "i2", "i2", "i1", "i1", "i2"],
            "user_id": ["u9", "u10", "u10", "b", "c", "w"],
            "time": [5.0, 5.0, 6.0, 3.0, 4.0, 7.0],
        }
    )
    items = pd.DataFrame(
        {
            "item_id": ["i1", "i2", "i9"],
            "creator": ["u10", None, "z"],
            "start_time": [9.0, None, 1.0],
        }
    )
    c = cons.creator_cascades(events, items)
    assert c["item_id"].tolist() == ["i2", "i1"] and c["creator"].tolist() == ["u10", "u10"]
    assert c["start_time"].tolist() == [5.0, 9.0] and c["size"].tolist() == [2, 2]
    assert [str(t) for t in c.dtypes] == ["str", "str", "float64", "int64"]


def test_consistency_recovers_stable_and_random_influence():
    rng = np.random.default_rng(0)
    n_users, k = 150, 5
    level = np.repeat(rng.uniform(0, 5, n_users), k)
    base = pd.DataFrame(
        {
            "item_id": [f"i{i}" for i in range(n_users * k)],
            "creator": np.repeat([f"u{i}" for i in range(n_users)], k),
            "start_time": np.tile(np.arange(k, dtype=float), n_users),
        }
    )
    stable = base.assign(
        size=np.round(np.expm1(level + rng.normal(0, 0.2, level.size))).astype(int)
    )
    noise = base.assign(size=np.round(np.expm1(rng.uniform(0, 5, level.size))).astype(int))
    s = cons.consistency(cons.consistency_pairs(stable), n_boot=100, seed=1)
    r = cons.consistency(cons.consistency_pairs(noise), n_boot=100, seed=1)
    assert s["spearman"] > 0.9 and s["r2"] > 0.8 and s["spearman_ci_low"] > 0.85
    assert abs(r["spearman"]) < 0.15 and r["r2"] < 0.05
    assert r["spearman_ci_low"] < 0 < r["spearman_ci_high"] or abs(r["spearman"]) < 0.1
    assert s["n_creators"] == n_users and s["n_pairs"] == n_users * (k - 1)


def test_counted_ranks_are_scipys_bit_for_bit():
    """The bootstrap counts average ranks from the values' codes instead of sorting each resample:
    the ranks and rho must be scipy's to the last bit (ties, half ranks, codes absent from a resample)."""
    from scipy import stats

    x = np.array([0.5, 0.5, 2.0, 1.0, 2.0, 2.0, 3.5, 0.5])
    codes, k = cons._codes(x)
    assert k == 4 and codes.tolist() == [0, 0, 2, 1, 2, 2, 3, 0]
    assert cons._average_ranks(codes, k).tolist() == [2.0, 2.0, 6.0, 4.0, 6.0, 6.0, 8.0, 2.0]
    rng = np.random.default_rng(7)
    x = np.round(rng.normal(size=400), 1)  # many ties
    y = np.round(x + rng.normal(size=400), 1)
    cx, cy = cons._codes(x), cons._codes(y)
    for _ in range(20):
        idx = rng.integers(0, 400, 300)  # a resample: some codes absent, some repeated
        assert cons._average_ranks(cx[0][idx], cx[1]).tolist() == stats.rankdata(x[idx]).tolist()
        fast = cons._spearman(x[idx], y[idx], ((cx[0][idx], cx[1]), (cy[0][idx], cy[1])))
        assert fast == stats.spearmanr(x[idx], y[idx]).statistic  # exactly, not approx
    assert cons._codes(np.array([1.0, np.nan])) is None  # NaN: scipy ranks (and propagates)
