"""Study B, no leakage between training and test (issue 12): the split keeps every source on one side, and
the ex-ante source record reads only items whose reference window had closed before the item started."""

import numpy as np
import pandas as pd
import pytest

from virality.prediction import study
from virality.prediction.origin import group_split, source_record


def test_group_split_never_puts_a_group_on_both_sides():
    rng = np.random.default_rng(0)
    groups = rng.integers(0, 40, size=500).astype(str)
    for seed in range(20):
        train = group_split(groups, seed, 0.5)
        crossing = set(groups[train]) & set(groups[~train])
        assert crossing == set(), f"seed {seed}: groups {sorted(crossing)[:3]} cross the split"
        assert 0.3 < train.mean() < 0.7
    # a random item split (what Study B did before) puts most of these groups on both sides
    items = np.zeros(500, dtype=bool)
    items[rng.permutation(500)[:250]] = True
    assert len(set(groups[items]) & set(groups[~items])) > 30


def test_twins_of_one_source_stay_together_in_the_study_split():
    # 30 sources, two items each with the same users (like the 169 twitter15/16 twins): the study's split
    rows = []
    for s in range(30):
        for twin in ("a", "b"):
            for k in range(12 + s):
                rows.append((f"{twin}{s}", f"u{s}_{k}", 60.0 * k))
    ev = pd.DataFrame(rows, columns=["item_id", "user_id", "time"])
    items = pd.DataFrame(
        {
            "item_id": [f"{t}{s}" for s in range(30) for t in "ab"],
            "creator": np.repeat(range(30), 2),
        }
    )
    items["creator"] = items["creator"].astype(str)
    params = study.Params(
        grids={"tw": {"t_r": 600.0, "t_i": [60.0, 120.0]}}, n_boot=0, min_items=10
    )
    s = study.sample(ev, items, None, "tw", False, "s", params)
    assert s.cas.n_items == 60
    crossing = set(s.groups[s.train]) & set(s.groups[~s.train])
    assert not crossing, f"sources {sorted(crossing)} are on both sides of the split"


def test_source_record_reads_only_items_whose_window_had_closed():
    groups = np.array(["g", "g", "g", "g", "h"])
    origin = np.array([0.0, 5.0, 20.0, 40.0, 0.0])
    target = np.array([1.0, 3.0, 5.0, 7.0, 100.0])
    rec = source_record(groups, origin, target, t_r=10.0, absolute_time=True, smoothing=0.0)
    # item 1 starts at 5: item 0's window closes at 10, so nothing of g is known yet
    # item 2 starts at 20: items 0 and 1 are closed (at 10 and 15); item 3 at 40: items 0-2
    assert rec["source_n_items"].tolist() == [0, 0, 2, 3, 0]
    assert rec["source_mean_log_final"].iloc[2] == pytest.approx(2.0)
    assert rec["source_mean_log_final"].iloc[3] == pytest.approx(3.0)


def test_a_feature_never_reads_a_later_item():
    rng = np.random.default_rng(3)
    n = 200
    groups = rng.integers(0, 15, size=n).astype(str)
    origin = np.sort(rng.uniform(0, 1000, size=n))
    target = rng.normal(size=n)
    t_r = 50.0
    base = source_record(groups, origin, target, t_r, absolute_time=True)
    for i in (20, 100, 150):
        later = origin + t_r > origin[i]  # outcomes not yet known when item i starts
        changed = target.copy()
        changed[later] += 1000.0
        rec = source_record(groups, origin, changed, t_r, absolute_time=True)
        pd.testing.assert_series_equal(
            rec.iloc[i], base.iloc[i], check_names=False, obj=f"item {i}'s features"
        )


def test_without_absolute_times_nothing_is_known_before_an_item():
    # twitter1516: every tree starts at 0 (delays only), so no item started before another
    rec = source_record(
        np.array(["a", "a", "b"]),
        np.zeros(3),
        np.array([1.0, 2.0, 3.0]),
        t_r=10.0,
        absolute_time=False,
    )
    assert rec.to_numpy().tolist() == [[0.0, 0.0]] * 3
