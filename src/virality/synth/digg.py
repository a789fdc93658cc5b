"""Digg-like votes (Wu & Huberman, PNAS 2007): ``N_t = (1 + r_t X_t) N_{t-1}`` with novelty decay
``r_t = exp(-a t^b)``; vote timestamps per story."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

HOUR = 3600.0


def novelty_decay(t: np.ndarray, a: float = 0.4, b: float = 0.4) -> np.ndarray:
    """Wu & Huberman's stretched-exponential novelty factor ``r_t = exp(-a t^b)``."""
    return np.exp(-a * np.power(np.asarray(t, dtype=float), b))


def digg_like(
    n_stories: int = 2_000,
    a: float = 0.4,
    b: float = 0.4,
    n_steps: int = 720,
    step_seconds: float = HOUR,
    mu: float = 0.065,
    sigma: float = 0.065,
    log_n0_mean: float = 4.5,
    log_n0_sd: float = 0.62,
    seed: int = 0,
) -> dict:
    """Digg-like stories after Wu & Huberman (PNAS 2007), eq. ``N_t = (1 + r_t X_t) N_{t-1}``.

    ``X_t`` are i.i.d. gamma variables with mean ``mu`` and s.d. ``sigma``; ``r_t = exp(-a t^b)`` with ``t`` in
    steps of ``step_seconds``; ``N_0`` (votes at promotion, time 0) is log-normal. The defaults put the mean
    of ``log N_inf`` near the 6.5 that Wu & Huberman report for Digg 2006 (see ``docs``). Votes within a step
    are placed uniformly inside it. Since ``E[N_t / N_{t-1} - 1] = r_t mu`` exactly, the decay can be
    recovered from the mean relative growth per step.

    Returns ``{"events", "items", "truth"}``; times are seconds since promotion (``start_time`` 0).
    """
    rng = np.random.default_rng(seed)
    shape = (mu / sigma) ** 2
    scale = sigma**2 / mu
    n0 = np.maximum(1.0, np.round(np.exp(rng.normal(log_n0_mean, log_n0_sd, n_stories))))
    r = novelty_decay(np.arange(1, n_steps + 1), a, b)
    x = rng.gamma(shape, scale, size=(n_stories, n_steps))
    growth = np.cumprod(1.0 + r[None, :] * x, axis=1)
    n_real = n0[:, None] * growth
    # randomised rounding with one uniform offset per story: E[floor(x + u)] = x, so integer counts stay
    # unbiased for the real-valued process at every step (N_0 is already an integer)
    u = rng.random(n_stories)[:, None]
    counts = np.concatenate([n0[:, None], np.floor(n_real + u)], axis=1)
    counts = np.maximum.accumulate(counts, axis=1)
    new = np.diff(counts, axis=1).astype(np.int64)  # votes in step t (1..n_steps)
    n0i = n0.astype(np.int64)
    # votes at promotion sit at time 0; later votes uniform within their step
    story_of_initial = np.repeat(np.arange(n_stories), n0i)
    times_initial = np.zeros(story_of_initial.size)
    per = new.ravel()
    story_of_new = np.repeat(np.repeat(np.arange(n_stories), n_steps), per)
    step_of_new = np.repeat(np.tile(np.arange(n_steps), n_stories), per)
    times_new = (step_of_new + rng.random(step_of_new.size)) * step_seconds
    story = np.concatenate([story_of_initial, story_of_new])
    times = np.concatenate([times_initial, times_new])
    order = np.lexsort((times, story))
    story, times = story[order], times[order]
    rank = np.arange(story.size) - np.searchsorted(story, story)
    sid = np.char.add("s", np.arange(n_stories).astype(str))
    events = pd.DataFrame(
        {
            "item_id": pd.array(sid[story], dtype="string"),
            "user_id": pd.array(
                np.char.add(np.char.add(sid[story], "_v"), rank.astype(str)), dtype="string"
            ),
            "time": times,
        }
    )
    items = pd.DataFrame(
        {
            "item_id": pd.array(sid, dtype="string"),
            "start_time": np.zeros(n_stories),
            "outcome": counts[:, -1],
            "true_n0": n0,
        }
    )
    half = (math.log(2.0) / a) ** (1.0 / b)  # r_t = 1/2 of r_0 = 1
    truth = {
        "generator": "digg_like",
        "a": a,
        "b": b,
        "mu": mu,
        "sigma": sigma,
        "step_seconds": step_seconds,
        "n_steps": n_steps,
        "half_life_steps": half,
        "seed": seed,
    }
    return {"events": events, "items": items, "truth": truth}
