"""A world with known shares of the three levers of visibility (organic, viral, paid), for Study E2.

Each item's daily attention is a discrete Hawkes (self-exciting) process in the form of HIP (Rizoiu et al.,
WWW 2017): organic events (``gamma`` on day 0, then ``eta`` a day), paid events (``mu`` per promotion of a
campaign schedule) and viral events triggered by all earlier events through a power-law memory kernel
``(tau + c)^-(1 + theta)`` with branching factor ``n``. Counts are Poisson and every event's lever is
recorded, so the true share of each lever is known exactly. Promotions are the ``exposures`` table (kind
``promotion``, one row per promotion), events one row per view with a unique synthetic user.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DAY = 86400.0


def _memory(n_days: int, theta: float, c: float, horizon: int = 10_000) -> np.ndarray:
    w = (np.arange(1, horizon + 1) + c) ** -(1.0 + theta)
    return w[: n_days - 1] / w.sum()


def _schedule(n_days, n_campaigns, campaign_days, per_day, rng) -> np.ndarray:
    s = np.zeros(n_days, dtype=np.int64)
    for start in rng.choice(np.arange(1, n_days - campaign_days), n_campaigns, replace=False):
        s[start : start + campaign_days] += rng.poisson(per_day, campaign_days)
    return s


def _item(p: dict, s: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Daily counts ``(3, n_days)`` of organic, paid and viral events of one item."""
    n_days = len(s)
    g = _memory(n_days, p["theta"], p["c"])
    out = np.zeros((3, n_days))
    total = np.zeros(n_days)
    for t in range(n_days):
        organic = p["gamma"] if t == 0 else p["eta"]
        excited = p["n"] * float(total[:t][::-1] @ g[:t]) if t else 0.0
        out[:, t] = rng.poisson([organic, p["mu"] * s[t], excited])
        total[t] = out[:, t].sum()
    return out


def levers_world(
    n_items: int = 80,
    n_days: int = 90,
    gamma: float = 40.0,
    eta: float = 8.0,
    mu: float = 3.0,
    branching: float = 0.45,
    theta: float = 1.5,
    c: float = 1.0,
    n_campaigns: int = 2,
    campaign_days: int = 5,
    promotions_per_day: float = 20.0,
    spread: float = 0.3,
    seed: int = 0,
) -> dict:
    """Canonical ``events``, ``exposures`` (promotions) and ``items`` (``true_*_share`` per item) and the
    ``truth`` (parameters and pooled true shares). Per item, ``gamma``, ``eta`` and ``mu`` are the given
    values times a log-normal factor of s.d. ``spread``, the branching factor uniform within +-0.1."""
    rng = np.random.default_rng(seed)
    ev_frames, ex_frames, rows = [], [], []
    totals = np.zeros(3)
    for i in range(n_items):
        item = f"lever{i:04d}"
        f = np.exp(rng.normal(0.0, spread, 3))
        p = {"gamma": gamma * f[0], "eta": eta * f[1], "mu": mu * f[2], "theta": theta, "c": c}
        p["n"] = float(np.clip(branching + rng.uniform(-0.1, 0.1), 0.0, 0.99))
        s = _schedule(n_days, n_campaigns, campaign_days, promotions_per_day, rng)
        counts = _item(p, s, rng)
        totals += counts.sum(axis=1)
        per_day = counts.sum(axis=0).astype(np.int64)
        day = np.repeat(np.arange(n_days), per_day)
        ev_frames.append(
            pd.DataFrame(
                {
                    "item_id": item,
                    "user_id": [f"{item}_u{k}" for k in range(day.size)],
                    "time": (day + rng.random(day.size)) * DAY,
                }
            )
        )
        pday = np.repeat(np.arange(n_days), s)
        ex_frames.append(
            pd.DataFrame(
                {"item_id": item, "time": (pday + rng.random(pday.size)) * DAY, "kind": "promotion"}
            )
        )
        share = counts.sum(axis=1) / max(counts.sum(), 1.0)
        rows.append(
            {
                "item_id": item,
                "start_time": 0.0,
                "true_organic_share": share[0],
                "true_paid_share": share[1],
                "true_viral_share": share[2],
                "true_branching": p["n"],
            }
        )
    truth = {
        "organic_share": float(totals[0] / totals.sum()),
        "paid_share": float(totals[1] / totals.sum()),
        "viral_share": float(totals[2] / totals.sum()),
        "params": {"gamma": gamma, "eta": eta, "mu": mu, "branching": branching, "theta": theta},
        "n_items": n_items,
        "n_days": n_days,
    }
    return {
        "events": pd.concat(ev_frames, ignore_index=True),
        "exposures": pd.concat(ex_frames, ignore_index=True),
        "items": pd.DataFrame(rows),
        "truth": truth,
    }
