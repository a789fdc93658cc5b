"""Study B: time grids and the selection of items."""

import numpy as np
import pandas as pd
import pytest

from virality.prediction.cascades import deterministic_subsample
from virality.prediction.grid import make_grid


def test_grid_rejects_indicator_times_beyond_the_reference_time():
    with pytest.raises(
        ValueError, match=r"indicator times must lie in \(0, t_r=100\); got \[50.0, 150.0\]"
    ):
        make_grid(np.array([1.0]), "s", {"t_r": 100, "t_i": [50, 150]})
    g = make_grid(np.array([10.0, 20.0, 30.0, 40.0, 50.0]), "unknown", None)
    assert g.t_r == pytest.approx(40.0) and g.relative and g.unit_seconds == 1.0
    assert g.t_i[0] == pytest.approx(0.4)


def test_deterministic_subsample_is_seeded_and_capped():
    mask = np.ones(100, dtype=bool)
    a = deterministic_subsample(mask, 30, seed=1)
    assert a.sum() == 30
    assert np.array_equal(a, deterministic_subsample(mask, 30, seed=1))
    assert not np.array_equal(a, deterministic_subsample(mask, 30, seed=2))
    assert deterministic_subsample(mask, 0, seed=1).sum() == 100


def test_build_cascades_orders_by_item_time_then_user_and_matches_items():
    # ties in time keep the order of user_id (by the strings: "u10" < "u9"); item "b" has no items row
    # (its start is its first event, its creator its first adopter); item "c" of the items table has no
    # events (left out); item "a" starts at 1.0 but its creator is missing (first adopter)
    from virality.prediction.cascades import build_cascades

    s = lambda v: pd.array(v, dtype="string")  # noqa: E731
    events = pd.DataFrame(
        {
            "item_id": s(["b", "a", "a", "a", "b"]),
            "user_id": s(["u9", "u9", "u10", "u2", "u1"]),
            "time": [7.0, 5.0, 5.0, 3.0, 6.0],
        }
    )
    items = pd.DataFrame(
        {
            "item_id": s(["c", "a"]),
            "start_time": [0.0, 1.0],
            "creator": s(["x", None]),
            "cov_size": [9.0, 4.0],
        }
    )
    cas = build_cascades(events, items)
    assert cas.item_ids.tolist() == ["a", "b"] and cas.ptr.tolist() == [0, 3, 5]
    assert cas.users.tolist() == ["u2", "u10", "u9", "u1", "u9"]
    assert cas.code.tolist() == [0, 0, 0, 1, 1] and cas.code.dtype == np.int64
    assert cas.start.tolist() == [1.0, 6.0] and cas.age.tolist() == [2.0, 4.0, 4.0, 0.0, 1.0]
    assert cas.creator.tolist() == ["u2", "u1"]
    assert np.array_equal(cas.extra["cov_size"], [4.0, np.nan], equal_nan=True)
    assert cas.parent is None and cas.followers is None
