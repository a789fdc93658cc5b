"""Szabo & Huberman's (CACM 2010) two clocks: item ages in wall time and in the platform's own activity
("digg hours"), and the early-to-late correlation and LN/CS/GP errors measured on each.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import contracts
from .cascades import Cascades, build_cascades, deterministic_subsample, eligible
from .grid import Grid
from .models import baselines, pearson_log, rse, split_halves


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
    events: pd.DataFrame,
    items: pd.DataFrame | None,
    cas_wall: Cascades,
    grid: Grid,
    dataset: str,
    synthetic: bool,
    min_final: int = 10,
    min_items: int = 20,
    max_items: int = 6_000,
    test_fraction: float = 0.5,
    seed: int = 0,
) -> pd.DataFrame:
    """Szabo & Huberman's two clocks: correlation and LN/CS/GP errors with ages in wall time and in
    platform activity time (:func:`activity_clock`), on the same grid (activity-seconds for the latter).

    The activity clock needs items that live at different times: it is computed only when the item start
    times spread over at least ``t_r`` (not for data sets whose items all start at 0, e.g. retweet trees given
    as delays); otherwise the table is empty.
    """
    if cas_wall.n_items < min_items or np.ptp(cas_wall.start) < grid.t_r:
        return contracts.frame([], "prediction_clock")
    wall, act = activity_clock(events["time"].to_numpy(dtype=float))
    ev = events[["item_id", "user_id", "time"]].copy()
    ev["time"] = np.interp(ev["time"].to_numpy(dtype=float), wall, act)
    it = None
    if items is not None and "start_time" in items.columns:
        it = items[["item_id", "start_time"]].copy()
        it["start_time"] = np.interp(it["start_time"].to_numpy(dtype=float), wall, act)
    rows = []
    end = {
        "wall": grid.observed_until or float(events["time"].max()),
        "activity": float(ev["time"].max()),
    }
    for clock, frame, itab in (("wall", events, items), ("activity", ev, it)):
        cas = cas_wall if clock == "wall" else build_cascades(frame, itab)
        mask = deterministic_subsample(
            eligible(cas, grid.t_r, end[clock], min_final), max_items, seed + 11
        )
        cas = cas.subset(mask, max_age=grid.t_r)
        if cas.n_items < min_items:
            continue
        train = split_halves(cas.n_items, seed + 12, test_fraction)
        base = {"dataset": dataset, "synthetic": synthetic, "clock": clock}
        rows += _clock_rows(cas, grid, train, base)
    return contracts.frame(rows, "prediction_clock")


def _clock_rows(cas: Cascades, grid: Grid, train: np.ndarray, base: dict) -> list[dict]:
    """Correlation and mean test RSE of LN, CS and GP at each indicator time, on one clock."""
    y = cas.counts_at([grid.t_r])[:, 0].astype(float)
    xs = cas.counts_at(np.asarray(grid.t_i)).astype(float)
    test = ~train
    rows = []
    for j, t in enumerate(grid.t_i):
        x = np.maximum(xs[:, j], 1.0)
        preds = baselines(x, y, train)
        rows.append(
            {
                **base,
                "t_i": t / grid.unit_seconds,
                "t_r": grid.t_r / grid.unit_seconds,
                "pearson_r_log": pearson_log(xs[:, j][xs[:, j] > 0], y[xs[:, j] > 0]),
                **{
                    f"rse_mean_{k}": float(np.mean(rse(v[test], y[test]))) for k, v in preds.items()
                },
                "n_items": cas.n_items,
            }
        )
    return rows
