"""Cha, Mislove & Gummadi (WWW 2009): the share of adoptions that travel by word of mouth.

An adoption is *social* when some account the adopter follows adopted the same item strictly earlier
(Cha et al. 2009, Sec. 5); the item's creator counts as an adopter at ``items.start_time``. The
follower pairs within items come from a DuckDB join (:func:`followee_pairs`). Uncertainty: a bootstrap over
items; nulls: the within-item time shuffle of Anagnostopoulos, Kumar & Mahdian (KDD 2008) and a placebo
that replaces every adopter by a random account (chance exposure ``f``, corrected share ``(s − f)/(1 − f)``).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

log = logging.getLogger("virality.attribution")


@dataclass
class Adoptions:
    """Adoptions in integer form, sorted by item then time (the creator's seed included).

    ``item`` and ``user`` are integer codes into ``item_ids`` / ``user_ids``; ``seed`` marks the creator's
    adoption (at ``items.start_time``), which is the origin of the item and not counted in any share.
    """

    item: np.ndarray
    user: np.ndarray
    time: np.ndarray
    seed: np.ndarray
    item_ids: np.ndarray
    user_ids: np.ndarray

    @classmethod
    def in_order(cls, item, user, time, seed, item_ids, user_ids) -> tuple[Adoptions, np.ndarray]:
        """Adoptions from unsorted codes, sorted by item then time with the seed first among ties (so a
        creator is never "after" an adoption at the same instant); also the order applied."""
        order = np.lexsort((~seed, time, item))
        ad = cls(
            item=item[order].astype(np.int64),
            user=user[order].astype(np.int64),
            time=time[order],
            seed=seed[order],
            item_ids=np.asarray(item_ids, dtype=object),
            user_ids=np.asarray(user_ids, dtype=object),
        )
        return ad, order

    def __len__(self) -> int:
        return int(self.item.size)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "item_id": pd.array(self.item_ids[self.item], dtype="string"),
                "user_id": pd.array(self.user_ids[self.user], dtype="string"),
                "time": self.time,
                "seed": self.seed,
            }
        )


def build_adoptions(
    events: pd.DataFrame, items: pd.DataFrame | None = None, edges: pd.DataFrame | None = None
) -> Adoptions:
    """Adoptions from canonical ``events`` plus each item's creator at ``items.start_time``.

    If the creator already appears among the item's events, that event is kept (and marked ``seed``); if
    the creator is missing, a seed adoption is added at ``start_time`` (or, without ``start_time``, at the
    item's first adoption time). Without ``items.creator`` no adoption is a seed.
    """
    ev_item = events["item_id"].astype("string").to_numpy(dtype=object)
    ev_user = events["user_id"].astype("string").to_numpy(dtype=object)
    ev_time = events["time"].to_numpy(dtype="float64")
    ev_seed = np.zeros(ev_time.size, dtype=bool)
    if items is not None and "creator" in items.columns and len(items):
        it = items.loc[
            items["creator"].notna(),
            [c for c in ("item_id", "creator", "start_time") if c in items],
        ]
        first = events.groupby("item_id", observed=True, sort=False)["time"].min()
        t0 = it["item_id"].map(first)
        if "start_time" in it.columns:
            t0 = it["start_time"].where(it["start_time"].notna(), t0)
        it = it.assign(t0=t0.astype("float64")).loc[lambda d: d["t0"].notna()]
        key_ev = pd.MultiIndex.from_arrays([events["item_id"], events["user_id"]])
        key_cr = pd.MultiIndex.from_arrays([it["item_id"], it["creator"]])
        present = key_cr.isin(key_ev)
        ev_seed = key_ev.isin(key_cr)
        extra = it.loc[~present]
        ev_item = np.concatenate(
            [ev_item, extra["item_id"].astype("string").to_numpy(dtype=object)]
        )
        ev_user = np.concatenate(
            [ev_user, extra["creator"].astype("string").to_numpy(dtype=object)]
        )
        ev_time = np.concatenate([ev_time, extra["t0"].to_numpy(dtype="float64")])
        ev_seed = np.concatenate([ev_seed, np.ones(len(extra), dtype=bool)])
    item_codes, item_ids = pd.factorize(ev_item, sort=True)
    if edges is not None and len(edges):
        pool = np.concatenate(
            [
                ev_user,
                edges["source"].astype("string").to_numpy(dtype=object),
                edges["target"].astype("string").to_numpy(dtype=object),
            ]
        )
        codes, user_ids = pd.factorize(pool, sort=True)
        user_codes = codes[: ev_user.size]
    else:
        user_codes, user_ids = pd.factorize(ev_user, sort=True)
    return Adoptions.in_order(item_codes, user_codes, ev_time, ev_seed, item_ids, user_ids)[0]


def adoptions_from_frame(frame: pd.DataFrame) -> tuple[Adoptions, np.ndarray]:
    """:class:`Adoptions` and social flags back from a table ``item_id, user_id, time, seed, social``."""
    item_codes, item_ids = pd.factorize(frame["item_id"].to_numpy(dtype=object), sort=True)
    user_codes, user_ids = pd.factorize(frame["user_id"].to_numpy(dtype=object), sort=True)
    seed = frame["seed"].to_numpy(dtype=bool)
    time = frame["time"].to_numpy(dtype="float64")
    ad, order = Adoptions.in_order(item_codes, user_codes, time, seed, item_ids, user_ids)
    return ad, frame["social"].to_numpy(dtype=bool)[order]


def encode_edges(edges: pd.DataFrame, user_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Edges (``source`` follows ``target``) as codes into ``user_ids``; unknown accounts and self-loops dropped."""
    index = pd.Index(user_ids)
    s = index.get_indexer(edges["source"].astype("string").to_numpy(dtype=object))
    t = index.get_indexer(edges["target"].astype("string").to_numpy(dtype=object))
    keep = (s >= 0) & (t >= 0) & (s != t)
    return s[keep].astype(np.int64), t[keep].astype(np.int64)


def followee_pairs(
    item: np.ndarray,
    user: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    threads: int = 2,
    memory_limit: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """All pairs ``(a, b)`` of adoption rows of the same item where ``user[a]`` follows ``user[b]``, sorted.

    Two DuckDB hash joins; each adoption takes the cheaper one (cost ``min(out-degree, item size)``): through
    its user's followees (adoptions ⋈ edges ⋈ adoptions) or through the item's co-adopters (adoptions ⋈
    adoptions ⋈ edges). The join order is written out: DuckDB's join-order optimiser, left on, enumerates
    every follower of every adopter. Rows are positions in the arrays given.
    """
    import duckdb

    n = item.size
    if n == 0 or src.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    n_users = int(max(user.max(initial=0), src.max(initial=0), dst.max(initial=0))) + 1
    out_deg = np.bincount(src, minlength=n_users)
    size = np.bincount(item)
    cheap = out_deg[user] <= size[item]
    small = n < 2**31 and max(int(item.max(initial=0)), n_users) < 2**31
    dt = np.int32 if small else np.int64
    rid = np.arange(n, dtype=dt)
    adopt = pd.DataFrame({"rid": rid, "iid": item.astype(dt), "uid": user.astype(dt)})
    via_graph = adopt.loc[cheap]
    via_item = adopt.loc[~cheap]
    graph = pd.DataFrame({"src": src.astype(dt), "dst": dst.astype(dt)})
    con = duckdb.connect()
    try:
        con.execute(f"SET threads TO {int(max(1, threads))}")
        if memory_limit:
            con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET disabled_optimizers = 'join_order'")
        for name, df in (
            ("adopt", adopt),
            ("graph", graph),
            ("via_graph", via_graph),
            ("via_item", via_item),
        ):
            con.register(name, df)
        r1 = con.execute(
            """
            SELECT x.rid AS a, b.rid AS b
            FROM (SELECT a.rid, a.iid, g.dst FROM via_graph AS a JOIN graph AS g ON g.src = a.uid) AS x
            JOIN adopt AS b ON b.iid = x.iid AND b.uid = x.dst
            """
        ).fetchnumpy()
        r2 = con.execute(
            """
            SELECT y.rid AS a, y.brid AS b
            FROM (
                SELECT a.rid, a.uid AS u, b.rid AS brid, b.uid AS w
                FROM via_item AS a JOIN adopt AS b ON b.iid = a.iid
            ) AS y
            JOIN graph AS g ON g.src = y.u AND g.dst = y.w
            """
        ).fetchnumpy()
    finally:
        con.close()
    pa = np.concatenate([np.asarray(r1["a"], dtype=np.int64), np.asarray(r2["a"], dtype=np.int64)])
    pb = np.concatenate([np.asarray(r1["b"], dtype=np.int64), np.asarray(r2["b"], dtype=np.int64)])
    order = np.lexsort((pb, pa))
    return pa[order], pb[order]


def social_flags(time: np.ndarray, pair_a: np.ndarray, pair_b: np.ndarray) -> np.ndarray:
    """``social[a]`` is true when some pair ``(a, b)`` has ``time[b] < time[a]`` (strictly earlier)."""
    ok = time[pair_b] < time[pair_a]
    return np.bincount(pair_a[ok], minlength=time.size) > 0


def attribute(
    events: pd.DataFrame,
    edges: pd.DataFrame,
    items: pd.DataFrame | None = None,
    threads: int = 2,
    memory_limit: str | None = None,
) -> tuple[Adoptions, np.ndarray, tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Cha et al.'s social attribution of every adoption.

    Returns ``(adoptions, social, (pair_a, pair_b), (src, dst))``: the adoption table (creator seeds
    included), the per-row social flag (always false for a seed), the follower pairs reused by the
    time-shuffle null and the encoded graph reused by :func:`placebo_null`.
    """
    ad = build_adoptions(events, items, edges)
    src, dst = encode_edges(edges, ad.user_ids)
    pa, pb = followee_pairs(ad.item, ad.user, src, dst, threads=threads, memory_limit=memory_limit)
    social = social_flags(ad.time, pa, pb) & ~ad.seed
    log.info(
        "attribution: %d adoptions (%d seeds), %d follower pairs within items, %d social",
        len(ad),
        int(ad.seed.sum()),
        pa.size,
        int(social.sum()),
    )
    return ad, social, (pa, pb), (src, dst)


def placebo_null(
    ad: Adoptions, src: np.ndarray, dst: np.ndarray, n_draws: int, seed: int, threads: int = 2
) -> np.ndarray:
    """Chance-exposure rate ``f``: the share labelled word-of-mouth when every (non-seed) adopter is replaced
    by an account drawn uniformly from the population (same item, same time, same creator), per draw.

    Cha et al.'s rule labels an adoption social whenever the adopter happens to follow an earlier adopter, so
    with a true share ``w`` the observed share is ``s = w + (1 − w) f`` for non-social adopters that behave
    like random accounts; :func:`placebo_corrected` inverts this. Each draw is one more vectorised join.
    """
    rng = np.random.default_rng(seed)
    idx = np.flatnonzero(~ad.seed)
    denom = max(idx.size, 1)
    out = np.empty(n_draws)
    for k in range(n_draws):
        u = ad.user.copy()
        u[idx] = rng.integers(0, len(ad.user_ids), idx.size)
        pa, pb = followee_pairs(ad.item, u, src, dst, threads=threads)
        out[k] = (social_flags(ad.time, pa, pb) & ~ad.seed).sum() / denom
    return out


def placebo_corrected(share: float, f: float) -> float:
    """Word-of-mouth share corrected for chance exposure: ``(s − f) / (1 − f)``."""
    return (share - f) / (1.0 - f) if f < 1 else math.nan


def item_counts(
    item: np.ndarray, social: np.ndarray, seed: np.ndarray, n_items: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per item: number of non-seed adoptions and number of them that are social."""
    counted = ~seed
    n = np.bincount(item[counted], minlength=n_items).astype(np.int64)
    s = np.bincount(item[counted & social], minlength=n_items).astype(np.int64)
    return n, s


def bootstrap_share(
    n: np.ndarray, s: np.ndarray, n_boot: int, seed: int, level: float = 0.95
) -> tuple[float, float]:
    """Percentile interval of ``Σs / Σn`` resampling items with replacement (``n_boot`` replicates).

    Items with the same ``(n, s)`` are interchangeable for this statistic, so a replicate (``k`` items drawn
    with replacement from ``k``) is drawn as multinomial counts over the distinct ``(n, s)`` types, with
    probabilities their frequencies: the same bootstrap distribution as resampling item indices, at a cost
    of ``O(n_boot × types)`` instead of ``O(n_boot × items)`` (types are few: most items are small).
    """
    keep = n > 0
    n, s = n[keep].astype(np.int64), s[keep].astype(np.int64)
    k = n.size
    if k == 0 or n_boot <= 0:
        return math.nan, math.nan
    types, counts = np.unique(np.stack([n, s], axis=1), axis=0, return_counts=True)
    nt, st = types[:, 0].astype(float), types[:, 1].astype(float)
    rng = np.random.default_rng(seed)
    block = max(1, min(n_boot, 5_000_000 // max(len(types), 1)))
    shares = []
    done = 0
    while done < n_boot:
        b = min(block, n_boot - done)
        w = rng.multinomial(k, counts / k, size=b).astype(float)
        shares.append((w @ st) / (w @ nt))
        done += b
    sh = np.concatenate(shares)
    a = (1 - level) / 2
    return float(np.quantile(sh, a)), float(np.quantile(sh, 1 - a))


def shuffle_times(
    item: np.ndarray, time: np.ndarray, seed_mask: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Adoption times permuted at random within each item (Anagnostopoulos et al. 2008); seeds keep theirs.

    ``item`` must be sorted (as in :class:`Adoptions`).
    """
    out = time.copy()
    idx = np.flatnonzero(~seed_mask)
    # item codes are integers and sorted: item + U(0,1) sorts by item, then at random within the item
    order = np.argsort(item[idx] + rng.random(idx.size))
    out[idx] = time[idx[order]]
    return out


def time_shuffle_null(
    ad: Adoptions, pairs: tuple[np.ndarray, np.ndarray], n_perm: int, seed: int
) -> np.ndarray:
    """Word-of-mouth share under ``n_perm`` within-item time permutations (same users, graph and pairs)."""
    rng = np.random.default_rng(seed)
    counted = ~ad.seed
    denom = max(int(counted.sum()), 1)
    out = np.empty(n_perm)
    for k in range(n_perm):
        t = shuffle_times(ad.item, ad.time, ad.seed, rng)
        soc = social_flags(t, *pairs) & counted
        out[k] = soc.sum() / denom
    return out


def wom_summary(
    ad: Adoptions,
    social: np.ndarray,
    pairs: tuple[np.ndarray, np.ndarray],
    n_boot: int = 1000,
    n_perm: int = 20,
    seed: int = 0,
    placebo: np.ndarray | None = None,
    level: float = 0.95,
) -> dict:
    """Overall word-of-mouth share, bootstrap interval over items (coverage ``level``), time-shuffle null
    and excess.

    With ``placebo`` (the draws of :func:`placebo_null`), also the chance-exposure rate and the corrected
    share :func:`placebo_corrected`.
    """
    n_items = len(ad.item_ids)
    n, s = item_counts(ad.item, social, ad.seed, n_items)
    total = int(n.sum())
    share = float(s.sum() / total) if total else math.nan
    lo, hi = bootstrap_share(n, s, n_boot, seed, level)
    null = time_shuffle_null(ad, pairs, n_perm, seed + 1) if n_perm > 0 else np.array([])
    null_share = math.fsum(null) / null.size if null.size else math.nan
    return {
        "n_items": int((n > 0).sum()),
        "n_adoptions": total,
        "wom_share": share,
        "wom_ci_low": lo,
        "wom_ci_high": hi,
        "null_wom_share": null_share,
        "null_wom_sd": float(null.std(ddof=1)) if null.size > 1 else math.nan,
        "null_wom_shares": [float(x) for x in null],
        "excess_wom_share": share - null_share,
        "n_boot": int(n_boot),
        "n_perm": int(n_perm),
        "placebo_share": math.fsum(placebo) / len(placebo)
        if placebo is not None and len(placebo)
        else math.nan,
        "wom_share_corrected": placebo_corrected(share, math.fsum(placebo) / len(placebo))
        if placebo is not None and len(placebo)
        else math.nan,
    }


def item_table(ad: Adoptions, social: np.ndarray) -> pd.DataFrame:
    """Per item: start, adoptions (seed excluded), social adoptions and word-of-mouth share."""
    n_items = len(ad.item_ids)
    n, s = item_counts(ad.item, social, ad.seed, n_items)
    start = np.full(n_items, np.inf)
    np.minimum.at(start, ad.item, ad.time)
    return pd.DataFrame(
        {
            "item_id": pd.array(ad.item_ids, dtype="string"),
            "start_time": start,
            "n_adoptions": n,
            "n_social": s,
            "wom_share": np.where(n > 0, s / np.maximum(n, 1), np.nan),
        }
    )
