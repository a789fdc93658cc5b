"""Szabo & Huberman's (CACM 2010) two clocks: item ages in wall time and in the platform's own activity
("digg hours"), and the early-to-late correlation and LN/CS/GP errors measured on each.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from .. import contracts, skips
from .models import baselines, pearson_log, rse


def activity_clock(times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Szabo & Huberman's platform clock: time counted in the platform's own activity.

    Returns breakpoints ``(wall, activity)`` of a monotone map: ``activity(t)`` is the number of events up to
    ``t`` divided by the mean event rate, so one activity-second holds the average activity of one wall
    second ("digg hours" in the paper). Map times with ``np.interp(t, wall, activity)``.
    """
    t = np.sort(np.asarray(times, dtype=float))
    if t.size < 2 or t[-1] <= t[0]:
        return np.array([0.0, 1.0]), np.array([0.0, 1.0])
    rate = t.size / (t[-1] - t[0])
    wall, first = np.unique(t, return_index=True)
    return wall, first / rate


def clock_comparison(
    events: pd.DataFrame, s, min_items: int = 20, min_early: int = 1
) -> pd.DataFrame:
    """Szabo & Huberman's two clocks on the items of the sample ``s`` (a study ``Sample``): correlation and
    LN/CS/GP errors with ages from the clock origin in wall time and in platform activity time
    (:func:`activity_clock`), on the same grid (activity-seconds for the latter) and the same group-aware
    split, items with ``N(t_i) >= min_early`` at each ``t_i``.

    The activity clock needs items that live at different times: it raises a skip unless the items' first
    events spread over at least ``t_r`` (not for data sets whose items all start at 0, e.g. retweet trees
    given as delays).
    """
    grid, cas = s.grid, s.cas
    first = s.cas_all.start + s.cas_all.age[s.cas_all.ptr[:-1]]
    skips.require(
        cas.n_items >= min_items and s.absolute_time and np.ptp(first) >= grid.t_r,
        "activity clock",
        f"needs at least min_items={min_items} items whose first events spread over t_r or more",
        n_items=cas.n_items,
    )
    wall, act = activity_clock(events["time"].to_numpy(dtype=float))
    absolute = cas.start[cas.code] + cas.age
    origin_act = np.interp(cas.start, wall, act)
    cas_act = copy.copy(cas)
    cas_act.age = np.interp(absolute, wall, act) - origin_act[cas.code]
    cas_act.start = origin_act
    ok = origin_act + grid.t_r <= float(act[-1]) * (1 + 1e-12)
    base = {"dataset": s.dataset, "synthetic": s.synthetic, "clock_origin": s.clock}
    rows = []
    for clock, c in (("wall", cas), ("activity", cas_act)):
        y = c.counts_at([grid.t_r])[:, 0].astype(float)
        xs = c.counts_at(np.asarray(grid.t_i)).astype(float)
        for j, t in enumerate(grid.t_i):
            m = ok & (xs[:, j] >= min_early)
            tr, te = s.train & m, ~s.train & m
            if tr.sum() < 2 or te.sum() < 1:
                continue
            x = np.maximum(xs[m, j], 1.0)
            preds = baselines(x, y[m], tr[m])
            errs = {f"rse_mean_{k}": float(np.mean(rse(v[te[m]], y[te]))) for k, v in preds.items()}
            rows.append(
                {
                    **base,
                    "clock": clock,
                    "t_i": t / grid.unit_seconds,
                    "t_r": grid.t_r / grid.unit_seconds,
                    "pearson_r_log": pearson_log(xs[m, j], y[m]),
                    **errs,
                    "n_items": int(m.sum()),
                }
            )
    return contracts.frame(rows, "prediction_clock")
