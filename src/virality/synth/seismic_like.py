"""SEISMIC-like retweet cascades (Zhao et al., KDD 2015): a self-exciting branching process whose memory
kernel is a power law, ``phi(s) = c`` for ``s <= s0`` and ``c (s/s0)^-(1+theta)`` after.

The world in which Wu & Huberman's stretched exponential, timed from each cascade's first event, fails: the
novelty decay of such cascades is a power law, so a stretched-exponential fit runs to its lower bound of
``b``. Times are seconds since the original post; every (re)post carries its poster's follower count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def kernel_delays(rng: np.random.Generator, size: int, theta: float, s0: float) -> np.ndarray:
    """Delays drawn from the SEISMIC memory kernel by inverting its distribution function
    ``Phi(s) = c s`` (``s <= s0``), ``c s0 + c s0 / theta (1 - (s/s0)^-theta)`` after, ``c = theta / (s0 (1 +
    theta))``."""
    c = theta / (s0 * (1.0 + theta))
    u = rng.random(size)
    f0 = c * s0
    tail = s0 * np.power(np.maximum(1.0 - u, 1e-300) * theta / (c * s0), -1.0 / theta)
    return np.where(u <= f0, u / c, tail)


def simulate_cascade(
    p: float,
    n0: float,
    follower_sampler,
    horizon: float,
    theta: float = 0.242,
    s0: float = 300.0,
    seed: int | np.random.Generator = 0,
    max_events: int = 200_000,
) -> pd.DataFrame:
    """One cascade with constant infectiousness ``p`` up to ``horizon`` seconds: each post with ``n``
    followers triggers ``Poisson(p n)`` reshares after kernel delays; ``follower_sampler(rng, k)`` draws
    the reshares' follower counts. Returns ``time`` (sorted, the original at 0) and ``followers``."""
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    times, foll = [np.array([0.0])], [np.array([float(n0)])]
    gen_t, gen_n = times[0], foll[0]
    total = 1
    while gen_t.size and total < max_events:
        kids = rng.poisson(p * gen_n)
        parent_t = np.repeat(gen_t, kids)
        t_new = parent_t + kernel_delays(rng, parent_t.size, theta, s0)
        t_new = t_new[t_new <= horizon]
        n_new = np.asarray(follower_sampler(rng, t_new.size), dtype=float)
        times.append(t_new)
        foll.append(n_new)
        total += t_new.size
        gen_t, gen_n = t_new, n_new
    t, n = np.concatenate(times), np.concatenate(foll)
    o = np.argsort(t, kind="stable")
    return pd.DataFrame({"time": t[o], "followers": n[o]})


def seismic_like(
    n_cascades: int = 300,
    branching: tuple[float, float] = (0.5, 0.9),
    theta: float = 0.242,
    s0: float = 300.0,
    follower_log_mean: float = 4.6,
    follower_log_sd: float = 1.0,
    root_followers: float = 5_000.0,
    horizon: float = 7 * 86_400.0,
    seed: int = 0,
) -> dict:
    """``n_cascades`` SEISMIC cascades, each with a branching factor ``p n*`` drawn uniformly from
    ``branching`` (subcritical) and log-normal follower counts (``n*`` their mean); the original post has
    ``root_followers``. Returns ``{"events", "items", "truth"}``: events ``item_id, user_id, time`` (seconds
    since the original post), ``followers``; items ``start_time`` 0 and ``creator``."""
    rng = np.random.default_rng(seed)
    n_star = float(np.exp(follower_log_mean + follower_log_sd**2 / 2))

    def followers(r, k):
        return np.round(r.lognormal(follower_log_mean, follower_log_sd, k)) + 1.0

    frames = []
    kappa = rng.uniform(*branching, size=n_cascades)
    for i in range(n_cascades):
        c = simulate_cascade(kappa[i] / n_star, root_followers, followers, horizon, theta, s0, rng)
        c.insert(0, "item_id", f"c{i}")
        c.insert(1, "user_id", [f"c{i}_u{j}" for j in range(len(c))])
        frames.append(c)
    events = pd.concat(frames, ignore_index=True)
    events["item_id"] = events["item_id"].astype("string")
    events["user_id"] = events["user_id"].astype("string")
    items = pd.DataFrame(
        {
            "item_id": pd.array([f"c{i}" for i in range(n_cascades)], dtype="string"),
            "start_time": 0.0,
            "creator": pd.array([f"c{i}_u0" for i in range(n_cascades)], dtype="string"),
        }
    )
    truth = {
        "generator": "seismic_like",
        "theta": theta,
        "s0": s0,
        "n_star": n_star,
        "branching": list(branching),
        "horizon": horizon,
        "seed": seed,
    }
    return {"events": events, "items": items, "truth": truth}
