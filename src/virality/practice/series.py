"""Canonical tables as the attention series of Study E2, and the retweet-tree split of the levers.

* :func:`event_series`: events counted per bin (``clock="item"``: from each item's start, else from the
  first event of the data set, the calendar shared by all items); exposures counted in the same bins are the
  promotion series (one announcement exposure = an impulse).
* :func:`active_series`: the YouTube ACTIVE items table (cumulative views and shares or tweets after d
  days, columns ``cov_views_day_<d>``): views per bin between the observed days, promotion spread evenly
  over the days of its bin.
* :func:`tree_levers`: on retweet trees (events with ``parent_user_id``), organic = reshares of the source
  account's post (depth 1), viral = reshares of reshares (depth 2 and more); no paid lever.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..skips import Skip
from .levers import Series


def _sample(ids: np.ndarray, max_items: int, rng: np.random.Generator) -> np.ndarray:
    if len(ids) <= max_items:
        return np.sort(ids)
    return np.sort(rng.choice(ids, size=max_items, replace=False))


def event_series(
    events: pd.DataFrame,
    exposures: pd.DataFrame | None,
    items: pd.DataFrame | None,
    bin_seconds: float,
    n_bins: int,
    clock: str,
    min_events: int,
    max_items: int,
    rng: np.random.Generator,
) -> Series:
    """Items with at least ``min_events`` events in their first ``n_bins`` bins (at most ``max_items``, a
    seeded sample), as counts per bin and, when ``exposures`` has rows, promotions per bin."""
    if clock not in ("item", "calendar"):
        raise ValueError(f"event_series: clock must be item or calendar, got {clock!r}")
    ev = events[["item_id", "time"]].astype({"item_id": str, "time": "float64"})
    if clock == "calendar":
        origin = pd.Series(float(ev["time"].min()), index=pd.Index(ev["item_id"].unique()))
    else:
        origin = ev.groupby("item_id")["time"].min()
        if items is not None and "start_time" in items.columns:
            start = items.set_index(items["item_id"].astype(str))["start_time"].astype("float64")
            start = start.reindex(origin.index)
            origin = start.where(start.notna() & (start <= origin), origin)

    def binned(df: pd.DataFrame) -> pd.DataFrame:
        b = np.floor(
            (df["time"].to_numpy() - origin.reindex(df["item_id"]).to_numpy()) / bin_seconds
        )
        keep = (b >= 0) & (b < n_bins)
        return pd.DataFrame({"item_id": df["item_id"].to_numpy()[keep], "bin": b[keep].astype(int)})

    eb = binned(ev)
    sizes = eb.groupby("item_id").size()
    eligible = sizes.index[sizes >= min_events].to_numpy(dtype=str)
    if eligible.size == 0:
        raise Skip(
            "levers_series",
            f"no item has {min_events} events in its first {n_bins} bins",
            n_items=int(len(origin)),
            max_events=int(sizes.max()) if len(sizes) else 0,
        )
    ids = _sample(eligible, max_items, rng)
    pos = pd.Series(np.arange(len(ids)), index=ids)

    def matrix(df: pd.DataFrame) -> np.ndarray:
        df = df[df["item_id"].isin(ids)]
        out = np.zeros((len(ids), n_bins))
        np.add.at(out, (pos[df["item_id"]].to_numpy(), df["bin"].to_numpy()), 1.0)
        return out

    promo = None
    if exposures is not None and len(exposures):
        ex = exposures[["item_id", "time"]].astype({"item_id": str, "time": "float64"})
        promo = matrix(binned(ex[ex["item_id"].isin(origin.index)]))
    return Series(ids, matrix(eb), np.arange(n_bins + 1), promo)


def _day_columns(items: pd.DataFrame, prefix: str) -> dict[int, str]:
    pat = re.compile(rf"^{prefix}(\d+)$")
    days = {int(m.group(1)): c for c in items.columns if (m := pat.match(c))}
    return dict(sorted(days.items()))


def active_series(items: pd.DataFrame, promotion: str, min_bins: int) -> Series:
    """YouTube ACTIVE items (``cov_views_day_<d>`` and ``cov_shares_day_<d>`` or ``cov_tweets_day_<d>``)
    as views per bin between observed days; promotion spread evenly over its bin's days."""
    views = _day_columns(items, "cov_views_day_")
    promos = _day_columns(items, f"cov_{promotion}_day_")
    days = [d for d in views if d in promos]
    if not days:
        raise Skip(
            "levers_active", f"no cov_views_day_* with matching cov_{promotion}_day_* columns"
        )
    edges = np.array([0, *days])
    cum_v = items[[views[d] for d in days]].to_numpy(dtype=np.float64)
    cum_s = items[[promos[d] for d in days]].to_numpy(dtype=np.float64)
    counts = np.diff(np.column_stack([np.zeros(len(items)), cum_v]), axis=1)
    per_bin = np.diff(np.column_stack([np.zeros(len(items)), cum_s]), axis=1)
    per_day = np.nan_to_num(per_bin, nan=0.0) / np.diff(edges)
    promo = np.repeat(per_day, np.diff(edges), axis=1)
    keep = np.isfinite(counts).sum(axis=1) >= min_bins
    if not keep.any():
        raise Skip(
            "levers_active",
            f"no video has {min_bins} observed bins of views",
            n_items=len(items),
            max_bins=int(np.isfinite(counts).sum(axis=1).max()),
        )
    ids = items["item_id"].astype(str).to_numpy()
    return Series(ids[keep], counts[keep], edges, promo[keep])


def tree_levers(events: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Per tree: ``organic`` (depth-1 reshares: the parent is the source account), ``viral`` (deeper
    reshares) and ``total``; the source's own post (no parent) is not counted."""
    if "parent_user_id" not in events.columns:
        raise Skip("levers_trees", "events carry no parent_user_id (no retweet trees)")
    creator = items.set_index(items["item_id"].astype(str))["creator"].astype(str)
    ev = events[events["parent_user_id"].notna()]
    src = creator.reindex(ev["item_id"].astype(str)).to_numpy()
    direct = ev["parent_user_id"].astype(str).to_numpy() == src
    df = pd.DataFrame({"item_id": ev["item_id"].astype(str).to_numpy(), "organic": direct})
    out = df.groupby("item_id", sort=True)["organic"].agg(["sum", "size"])
    return pd.DataFrame(
        {
            "item_id": out.index.to_numpy(),
            "organic": out["sum"].to_numpy(dtype=np.float64),
            "viral": (out["size"] - out["sum"]).to_numpy(dtype=np.float64),
            "paid": np.nan,
            "total": out["size"].to_numpy(dtype=np.float64),
        }
    )
