"""A synthetic Flickr at any fraction of its size (Cha, Mislove & Gummadi 2009): 2.5 million users, 33 million
follow links, 34 million favourites of 11 million photos at ``scale`` 1, vectorised (numpy), for
``config/flickr_scale.yaml`` and ``bench/attribution.py``. Unlike :func:`virality.synth.flickr_like` it has no
Python loop over items, so it reaches Flickr's size (about 5 minutes and 9 GB at scale 1).

:func:`generate` gives the arrays; :func:`flickr_scale` the canonical tables, identifiers made as Arrow
strings (no Python string per row) and the true channel of each adoption.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

FLICKR = {"users": 2_500_000, "links": 33_000_000, "favourites": 34_000_000, "photos": 11_000_000}
DAY = 86400.0


def generate(scale: float, seed: int = 0, wom_share: float = 0.5) -> dict:
    """Graph and adoptions at ``scale`` × Flickr, vectorised (``social``: the favourite is a first or
    second hop, i.e. word of mouth).

    Out-degrees are Pareto (tail 1.1) scaled to the link count; targets are drawn with Pareto
    attractiveness (heavy-tailed follower counts); duplicates and self-loops are dropped. Photos have
    log-normal sizes scaled to the favourite count and creators drawn in proportion to followers + 1. A
    favourite is social with probability ``wom_share``: half of those are made by a follower of the creator
    (one exponential hop of mean 2 days), half by a follower of a first-hop adopter of the same photo (a
    second hop); the others by a uniform random user at a uniform time. Links and favourites are drawn in
    excess, repeated (follower, followee) and (photo, user) pairs dropped, then subsampled to the counts.
    """
    rng = np.random.default_rng(seed)
    n_users = int(FLICKR["users"] * scale)
    n_fav = int(FLICKR["favourites"] * scale)
    n_photos = int(FLICKR["photos"] * scale)
    src, dst = _links(rng, n_users, int(FLICKR["links"] * scale))
    n_follow = np.bincount(dst, minlength=n_users)
    pick_follower = _follower_picker(rng, src, dst, n_follow, n_users)
    sizes = np.maximum(1, np.round(rng.lognormal(0.0, 1.2, n_photos))).astype(np.int64)
    sizes = np.maximum(1, np.round(sizes * 1.15 * n_fav / sizes.sum())).astype(np.int64)
    p_creator = (n_follow + 1.0) / (n_follow + 1.0).sum()
    creator = np.searchsorted(np.cumsum(p_creator), rng.random(n_photos)).clip(0, n_users - 1)
    start = rng.uniform(0.0, 20 * DAY, n_photos)
    item = np.repeat(np.arange(n_photos, dtype=np.int64), sizes)
    kind = rng.random(item.size)  # < w/2: hop 1, < w: hop 2, else non-social
    hop1 = kind < wom_share / 2
    hop2 = (kind >= wom_share / 2) & (kind < wom_share)
    user = rng.integers(0, n_users, item.size)
    time_ = rng.uniform(start[item], 100 * DAY)
    _hops(rng, item, user, time_, hop1, hop2, creator, start, pick_follower)
    # creators are the seeds; drop repeated (photo, user) pairs, keeping the seed
    cols = {
        "item": np.concatenate([np.arange(n_photos, dtype=np.int64), item]),
        "user": np.concatenate([creator, user]),
        "time": np.concatenate([start, time_]),
        "seed": np.concatenate([np.ones(n_photos, bool), np.zeros(item.size, bool)]),
        "social": np.concatenate([np.zeros(n_photos, bool), hop1 | hop2]),
    }
    _, first = np.unique(cols["item"] * n_users + cols["user"], return_index=True)
    cols = {k: v[first] for k, v in cols.items()}
    fav = np.flatnonzero(~cols["seed"])  # 15% drawn in excess: subsample to the favourite count
    if fav.size > n_fav:
        keep = np.ones(cols["item"].size, bool)
        keep[rng.choice(fav, fav.size - n_fav, replace=False)] = False
        cols = {k: v[keep] for k, v in cols.items()}
    order = np.lexsort((~cols["seed"], cols["time"], cols["item"]))
    out = {k: v[order] for k, v in cols.items()}
    return {**out, "src": src, "dst": dst, "n_users": n_users, "n_photos": n_photos}


def _links(rng: np.random.Generator, n_users: int, n_links: int) -> tuple[np.ndarray, np.ndarray]:
    """(follower, followee) pairs: Pareto out-degrees (tail 1.1), targets by Pareto attractiveness; about
    35% more links are drawn than needed (repeats of popular targets are dropped), then subsampled."""
    raw = rng.pareto(1.1, n_users) + 1.0
    out_deg = np.minimum(np.round(raw * 1.35 * n_links / raw.sum()).astype(np.int64), n_users - 1)
    attract = rng.pareto(1.1, n_users) + 1.0
    cdf = np.cumsum(attract)
    src = np.repeat(np.arange(n_users, dtype=np.int64), out_deg)
    dst = np.searchsorted(cdf, rng.random(src.size) * cdf[-1]).astype(np.int64)
    key = _sorted_unique(src * n_users + dst)
    src, dst = key // n_users, key % n_users
    keep = np.flatnonzero(src != dst)
    if keep.size > n_links:
        keep = np.sort(rng.choice(keep, n_links, replace=False))
    return src[keep], dst[keep]


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` by a sort (numpy 2.3+'s hash-based ``unique`` is ~80 times slower here)."""
    out = np.sort(values)
    return out[np.concatenate([[True], out[1:] != out[:-1]])] if out.size else out


def _follower_picker(rng, src, dst, n_follow, n_users):
    """A function drawing one random follower of each user in an array (a uniform user for users
    without followers), from the followers in CSR form on the followee."""
    f_idx = src[np.argsort(dst, kind="stable")]
    f_ptr = np.concatenate([[0], np.cumsum(n_follow)])

    def pick(u: np.ndarray) -> np.ndarray:
        k = n_follow[u]
        at = f_ptr[u] + (rng.random(u.size) * np.maximum(k, 1)).astype(np.int64)
        return np.where(
            k > 0, f_idx[np.minimum(at, f_idx.size - 1)], rng.integers(0, n_users, u.size)
        )

    return pick


def _hops(rng, item, user, time_, hop1, hop2, creator, start, pick_follower) -> None:
    """Word-of-mouth favourites, in place: a first hop is a follower of the creator (one exponential
    delay of mean 2 days); a second hop follows a random first-hop adopter of the same photo (the
    creator when there is none)."""
    n_photos = start.size
    i1 = np.flatnonzero(hop1)
    user[i1] = pick_follower(creator[item[i1]])
    time_[i1] = start[item[i1]] + rng.exponential(2 * DAY, i1.size)
    k1 = np.bincount(item[i1], minlength=n_photos)
    p1 = np.concatenate([[0], np.cumsum(k1)])
    i2 = np.flatnonzero(hop2)
    it2 = item[i2]
    has = k1[it2] > 0
    j = p1[it2] + (rng.random(i2.size) * np.maximum(k1[it2], 1)).astype(np.int64)
    j = np.minimum(j, max(i1.size - 1, 0))
    parent_user = np.where(has, user[i1][j] if i1.size else creator[it2], creator[it2])
    parent_time = np.where(has, time_[i1][j] if i1.size else start[it2], start[it2])
    user[i2] = pick_follower(parent_user)
    time_[i2] = parent_time + rng.exponential(2 * DAY, i2.size)


def _ids(prefix: str, codes: np.ndarray) -> pd.Series:
    """``prefix`` + code as a pandas string column built in Arrow."""
    arr = pc.binary_join_element_wise(prefix, pc.cast(pa.array(codes), pa.string()), "")
    return pd.Series(arr.to_pandas(types_mapper=pd.ArrowDtype)).astype("string")


def flickr_scale(scale: float = 0.01, wom_share: float = 0.5, seed: int = 0) -> dict:
    """Canonical tables of :func:`generate` (events with the true ``channel``, edges, items with creator and
    start time, no exposures) and its ``truth`` (the realised word-of-mouth share of the non-seed
    favourites: both hops are word of mouth)."""
    g = generate(scale, seed=seed, wom_share=wom_share)
    events = pd.DataFrame(
        {"item_id": _ids("p", g["item"]), "user_id": _ids("u", g["user"]), "time": g["time"]}
    )
    channel = np.where(g["seed"], 0, np.where(g["social"], 1, 2))
    names = pa.array(["seed", "social", "other"])
    events["channel"] = pd.Series(pc.take(names, channel).to_pandas(types_mapper=pd.ArrowDtype))
    events["channel"] = events["channel"].astype("string")
    first = np.flatnonzero(g["seed"])
    items = pd.DataFrame(
        {
            "item_id": _ids("p", g["item"][first]),
            "start_time": g["time"][first],
            "creator": _ids("u", g["user"][first]),
        }
    )
    edges = pd.DataFrame({"source": _ids("u", g["src"]), "target": _ids("u", g["dst"])})
    exposures = pd.DataFrame(
        {
            "item_id": pd.Series([], dtype="string"),
            "time": [],
            "kind": pd.Series([], dtype="string"),
        }
    )
    counted = ~g["seed"]
    truth = {
        "generator": "flickr_scale",
        "scale": scale,
        "wom_share": wom_share,
        "realised_wom_share": float(g["social"][counted].mean()) if counted.any() else None,
        "n_users": int(g["n_users"]),
        "seed": seed,
    }
    return {
        "events": events,
        "edges": edges,
        "exposures": exposures,
        "items": items,
        "truth": truth,
    }
