"""Trajectory classes of Study A: editorial-driven, word-of-mouth or hybrid (Cha et al. 2009, Sec. 6).

A documented rule on each item's cumulative curve: the largest share of non-social adoptions right after the
item's start or an exposure (the *jump*) against the social share; thresholds come from the schema.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .social import Adoptions, item_counts

TRAJECTORIES = ("editorial", "word_of_mouth", "hybrid")


@dataclass(frozen=True)
class TrajectoryRule:
    """Thresholds of :func:`classify_trajectories` (config ``attribution.trajectory``, defaults as there)."""

    jump_window: float = 0.2
    jump_share: float = 0.45
    steady_jump_max: float = 0.15
    wom_share_min: float = 0.7
    min_adoptions: int = 5


def classify_trajectories(
    ad: Adoptions,
    social: np.ndarray,
    exposures: pd.DataFrame | None = None,
    rule: TrajectoryRule | None = None,
) -> pd.DataFrame:
    """Trajectory class of each item's cumulative curve under ``rule`` (defaults: :class:`TrajectoryRule`).

    The jump share ``J`` is the largest fraction of the item's non-seed adoptions that are non-social and
    fall in ``[τ, τ + jump_window·D]`` (``τ`` its start or an exposure, ``D`` its span). ``editorial`` when
    ``J ≥ jump_share``; else ``word_of_mouth`` when the social share is at least ``wom_share_min`` and
    ``J < steady_jump_max``; else ``hybrid``; ``NA`` under ``min_adoptions`` adoptions.
    """
    rule = rule or TrajectoryRule()
    n_items = len(ad.item_ids)
    n, s = item_counts(ad.item, social, ad.seed, n_items)
    start = np.full(n_items, np.inf)
    np.minimum.at(start, ad.item, ad.time)
    end = np.full(n_items, -np.inf)
    np.maximum.at(end, ad.item, ad.time)
    span = np.maximum(end - start, 0.0)
    # editorial moments: the start of every item plus each exposure of it
    m_item = [np.arange(n_items)]
    m_time = [start]
    if exposures is not None and len(exposures):
        code = pd.Index(ad.item_ids).get_indexer(
            exposures["item_id"].astype("string").to_numpy(dtype=object)
        )
        ok = code >= 0
        m_item.append(code[ok])
        m_time.append(exposures["time"].to_numpy(dtype=float)[ok])
    mi = np.concatenate(m_item)
    mt = np.concatenate(m_time)
    # non-social, non-seed adoptions joined to their item's moments (few moments per item)
    ns = np.flatnonzero(~social & ~ad.seed)
    left = pd.DataFrame({"item": ad.item[ns], "t": ad.time[ns]})
    right = pd.DataFrame({"item": mi, "tau": mt, "m": np.arange(mi.size)})
    j = left.merge(right, on="item", how="inner")
    w = rule.jump_window * span[j["item"].to_numpy()]
    inside = (j["t"].to_numpy() >= j["tau"].to_numpy()) & (
        j["t"].to_numpy() <= j["tau"].to_numpy() + w
    )
    per_moment = np.bincount(j["m"].to_numpy()[inside], minlength=mi.size)
    best = np.zeros(n_items)
    np.maximum.at(best, mi, per_moment.astype(float))
    jump = np.where(n > 0, best / np.maximum(n, 1), np.nan)
    share = np.where(n > 0, s / np.maximum(n, 1), np.nan)
    steady = (share >= rule.wom_share_min) & (jump < rule.steady_jump_max)
    cls = np.where(
        jump >= rule.jump_share, "editorial", np.where(steady, "word_of_mouth", "hybrid")
    )
    out = pd.DataFrame(
        {
            "item_id": pd.array(ad.item_ids, dtype="string"),
            "n_adoptions": n,
            "n_social": s,
            "wom_share": share,
            "jump_share": jump,
            "trajectory": pd.array(cls, dtype="string"),
        }
    )
    out.loc[n < rule.min_adoptions, "trajectory"] = pd.NA
    return out


def trajectory_summary(classes: pd.DataFrame) -> pd.DataFrame:
    """Share of items and of adoptions in each trajectory class (classified items only)."""
    c = classes.dropna(subset=["trajectory"])
    g = (
        c.groupby("trajectory", observed=True)["n_adoptions"]
        .agg(["size", "sum"])
        .reindex(list(TRAJECTORIES))
    )
    g = g.fillna(0)
    tot_i, tot_a = g["size"].sum(), g["sum"].sum()
    return pd.DataFrame(
        {
            "trajectory": list(TRAJECTORIES),
            "n_items": g["size"].astype(int).to_numpy(),
            "share_items": (g["size"] / tot_i).to_numpy() if tot_i else np.nan,
            "share_adoptions": (g["sum"] / tot_a).to_numpy() if tot_a else np.nan,
        }
    )


def typical_items(classes: pd.DataFrame) -> dict[str, str]:
    """Per class, the item whose size is the class median (ties broken by item id): a "typical" curve."""
    out = {}
    for cls in TRAJECTORIES:
        c = classes.loc[classes["trajectory"] == cls].sort_values(["n_adoptions", "item_id"])
        if len(c):
            out[cls] = str(c["item_id"].iloc[len(c) // 2])
    return out
