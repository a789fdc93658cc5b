"""Events grouped by item (one cascade per item, ages from the item's start) in a CSR layout, re-timed
from a clock origin (:meth:`Cascades.reorigin`, see :mod:`virality.prediction.origin`), and a seeded cap on
the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class Cascades:
    """Events of the eligible items, sorted by item then age (CSR layout).

    ``code`` is the item index of each event (items sorted by id), ``age`` its time since the item's start,
    ``ptr`` the first event of each item, ``followers`` / ``parent`` (index of the parent event, -1 for none)
    where the data have them, ``start`` the absolute start time of each item.
    """

    item_ids: np.ndarray
    code: np.ndarray
    age: np.ndarray
    ptr: np.ndarray
    start: np.ndarray
    users: np.ndarray
    followers: np.ndarray | None = None
    parent: np.ndarray | None = None
    creator: np.ndarray | None = None
    extra: dict = field(default_factory=dict)

    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    def counts_at(self, times) -> np.ndarray:
        """``N(t)``: events with age <= t, as an ``n_items x len(times)`` int matrix (times sorted)."""
        times = np.asarray(times, dtype=float)
        k = len(times)
        b = np.searchsorted(times, self.age, side="left")  # first grid time >= age
        keep = b < k
        flat = np.bincount(self.code[keep] * k + b[keep], minlength=self.n_items * k)
        return np.cumsum(flat.reshape(self.n_items, k), axis=1)

    def reorigin(self, origin: np.ndarray) -> Cascades:
        """The same events with each item's age counted from ``origin`` (absolute times; events before it
        get negative ages and count in ``N(0)``); items without an origin (NaN) are left out."""
        keep = np.isfinite(origin)
        out = self.subset(keep)
        new_origin = np.asarray(origin, dtype=float)[keep]
        out.age = out.start[out.code] + out.age - new_origin[out.code]
        out.start = new_origin
        return out

    def subset(self, keep_items: np.ndarray, max_age: float | None = None) -> Cascades:
        """The cascades of the items flagged in ``keep_items`` (bool), events up to ``max_age``."""
        new_code = np.cumsum(keep_items) - 1
        ev = keep_items[self.code]
        if max_age is not None:
            ev &= self.age <= max_age
        idx = np.flatnonzero(ev)
        remap = np.full(self.code.size, -1, dtype=np.int64)
        remap[idx] = np.arange(idx.size)
        parent = None
        if self.parent is not None:
            p = self.parent[idx]
            parent = np.where(p >= 0, remap[np.maximum(p, 0)], -1)
        code = new_code[self.code[idx]]
        n = int(keep_items.sum())
        ptr = np.searchsorted(code, np.arange(n + 1))
        return Cascades(
            item_ids=self.item_ids[keep_items],
            code=code,
            age=self.age[idx],
            ptr=ptr,
            start=self.start[keep_items],
            users=self.users[idx],
            followers=None if self.followers is None else self.followers[idx],
            parent=parent,
            creator=None if self.creator is None else self.creator[keep_items],
            extra={k: v[keep_items] for k, v in self.extra.items()},
        )


def sorted_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values as strings, return_inverse=True)``: the sorted distinct strings (an object array)
    and each value's index among them, by hashing and sorting the distinct values only (the same order:
    Python's string comparison), so a sort by the codes is a sort by the strings, without comparing
    strings row by row. Values with a missing one go to ``np.unique`` as before."""
    strings = values.astype("string")
    codes, uniques = pd.factorize(strings, sort=False)
    if (codes < 0).any():
        return np.unique(strings.to_numpy(dtype=object), return_inverse=True)
    uniques = np.asarray(uniques, dtype=object)
    order = np.argsort(uniques, kind="stable")
    rank = np.empty(order.size, dtype=np.intp)
    rank[order] = np.arange(order.size)
    return uniques[order], rank[codes]


def event_order(code: np.ndarray, time: np.ndarray, user: np.ndarray) -> np.ndarray:
    """``np.lexsort((user, time, code))``: events by item code, then time, then user (stable), with the
    users compared only within the runs of events tied in item and time (NaN times tie with each other,
    as in the sort), so that most rows are sorted as numbers, not strings. The same permutation."""
    order = np.lexsort((time, code))
    c, t = code[order], time[order]
    same = (c[1:] == c[:-1]) & ((t[1:] == t[:-1]) | (np.isnan(t[1:]) & np.isnan(t[:-1])))
    if not same.any():
        return order
    tied = np.zeros(order.size, dtype=bool)
    tied[1:] |= same
    tied[:-1] |= same
    pos = np.flatnonzero(tied)
    run = np.cumsum(np.concatenate(([True], ~same)))[pos]  # the run each tied event is in
    order[pos] = order[pos][np.lexsort((user[order[pos]], run))]
    return order


def build_cascades(events: pd.DataFrame, items: pd.DataFrame | None = None) -> Cascades:
    """Group canonical events by item; an item's age origin is ``items.start_time`` when given (and not
    after its first event), else its first event. Ties in time keep the order ``user_id``.

    ``items.creator`` (else the first adopter) is the source; ``cov_*`` columns and the title length become
    ex-ante features in ``extra``.
    """
    ids, code = sorted_codes(events["item_id"])
    time = events["time"].to_numpy(dtype=float)
    user = events["user_id"].astype("string").to_numpy(dtype=object)
    order = event_order(code, time, user)
    code, time, user = code[order], time[order], user[order]
    n = len(ids)
    ptr = np.searchsorted(code, np.arange(n + 1))
    first = time[ptr[:-1]]
    start = first.copy()
    creator = user[ptr[:-1]].copy()
    extra: dict[str, np.ndarray] = {}
    if items is not None and len(items):
        it = items.set_index(items["item_id"].astype("string").to_numpy(dtype=object))
        it = it.reindex(ids)
        if "start_time" in it.columns:
            st = it["start_time"].to_numpy(dtype=float)
            ok = np.isfinite(st) & (st <= first)
            start = np.where(ok, st, first)
        if "creator" in it.columns:
            cr = it["creator"].astype("string").to_numpy(dtype=object)
            have = pd.notna(cr)
            creator = np.where(have, cr, creator)
        for c in sorted(it.columns):
            if str(c).startswith("cov_"):
                extra[str(c)] = it[c].to_numpy(dtype=float)
        if "title" in it.columns:
            extra["title_chars"] = (
                it["title"].astype("string").str.len().to_numpy(dtype=float, na_value=np.nan)
            )
    age = time - start[code]
    followers = None
    if "followers" in events.columns:
        followers = events["followers"].to_numpy(dtype=float)[order]
        followers = np.where(np.isfinite(followers), np.maximum(followers, 0.0), 0.0)
    parent = None
    if "parent_user_id" in events.columns:
        par = events["parent_user_id"].astype("string").to_numpy(dtype=object)[order]
        has = pd.notna(par)
        if has.any():
            left = pd.DataFrame({"code": code[has], "user": par[has], "row": np.flatnonzero(has)})
            right = pd.DataFrame({"code": code, "user": user, "prow": np.arange(code.size)})
            right = right.drop_duplicates(["code", "user"])
            m = left.merge(right, on=["code", "user"], how="left")
            parent = np.full(code.size, -1, dtype=np.int64)
            pr = m["prow"].to_numpy(dtype=float)
            okp = np.isfinite(pr)
            parent[m["row"].to_numpy()[okp]] = pr[okp].astype(np.int64)
            parent[parent == np.arange(code.size)] = -1
    return Cascades(
        ids, code.astype(np.int64), age, ptr, start, user, followers, parent, creator, extra
    )


def deterministic_subsample(mask: np.ndarray, max_items: int, seed: int) -> np.ndarray:
    """Keep at most ``max_items`` of the flagged items, chosen by a seeded permutation (documented cap)."""
    idx = np.flatnonzero(mask)
    if max_items <= 0 or idx.size <= max_items:
        return mask
    rng = np.random.default_rng(seed)
    keep = np.sort(rng.permutation(idx)[:max_items])
    out = np.zeros_like(mask)
    out[keep] = True
    return out
