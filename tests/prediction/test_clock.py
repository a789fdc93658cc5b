"""Study B, Szabo & Huberman's two clocks: wall time and platform activity time."""

import numpy as np
import pandas as pd
import pytest

from virality import contracts, skips
from virality.prediction import clock, study


def test_activity_clock_runs_at_the_mean_rate():
    wall, act = clock.activity_clock(np.array([0.0, 1.0, 2.0, 3.0, 4.0, 10.0]))
    # 6 events over 10 s: 0.6 events per second; the busy first 4 s hold 5 events = 8.33 activity-seconds
    assert np.interp(4.0, wall, act) == pytest.approx(4 / 0.6)
    assert np.interp(10.0, wall, act) == pytest.approx(5 / 0.6)


def test_activity_clock_comparison_needs_items_that_live_at_different_times():
    rng = np.random.default_rng(3)
    rows = []
    for i in range(60):
        start = rng.uniform(0, 50_000)
        ages = np.sort(rng.exponential(3_000, 30))
        rows += [(f"i{i}", f"u{i}_{k}", start + a) for k, a in enumerate(ages)]
    ev = pd.DataFrame(rows, columns=["item_id", "user_id", "time"])
    grids = {"x": {"t_r": 20_000, "t_i": [1_000, 5_000]}}
    params = study.Params(grids=grids, clock_origin="first_event", min_items=10)
    s = study.sample(ev, None, None, "x", True, "s", params)
    tab = clock.clock_comparison(ev, s, min_items=10)
    assert list(tab.columns) == contracts.columns("prediction_clock")
    assert set(tab["clock"]) == {"wall", "activity"}
    assert tab[["rse_mean_LN", "rse_mean_CS", "rse_mean_GP"]].notna().all().all()
    assert (tab["clock_origin"] == "first_event").all()
    # every item starting at time 0 (retweet delays): there is no platform clock to speak of
    ev0 = ev.assign(time=ev["time"] - ev.groupby("item_id")["time"].transform("min"))
    s0 = study.sample(ev0, None, None, "x", True, "s", params)
    with pytest.raises(skips.Skip) as sk:
        clock.clock_comparison(ev0, s0, min_items=10)
    assert sk.value.reason == (
        "needs at least min_items=10 items whose first events spread over t_r or more"
    )
