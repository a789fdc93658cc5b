"""Study A: word of mouth versus editorial exposure (Cha, Mislove & Gummadi, WWW 2009), and beyond.

Steps (see ``docs/architecture.md`` for the canonical tables):

1. :func:`attribute` labels each adoption *social* (word of mouth) when some account the adopter follows
   adopted the same item strictly earlier (Cha et al. 2009, Sec. 5; WOSN 2008 "social cascade" marking); the
   item's creator counts as an adopter at ``items.start_time``. The join is vectorised in DuckDB
   (:func:`followee_pairs`): it yields every pair *(adoption, adoption of the same item by a followee)*
   once, each adoption going through the cheaper of "its user's followees" and "the item's co-adopters".
   The social flag is then ``any(t_followee < t_adopter)`` over those pairs (:func:`social_flags`).
2. :func:`wom_summary` reports the share with a bootstrap interval that resamples items, and the
   time-shuffle null of Anagnostopoulos, Kumar & Mahdian (KDD 2008): adoption times are permuted within
   each item (users, graph and the creator's seed kept), the same rule is applied to the same pairs, and the
   excess ``observed − null`` is the part of the share that the order of adoptions carries beyond who
   adopted (homophily, activity). The rule itself is biased upwards: a non-social adopter who happens to
   follow an earlier adopter (often the creator, whom the shuffle cannot move) is labelled social, so
   ``s = w + (1 − w) f``. :func:`placebo_null` estimates the chance-exposure rate ``f`` by replacing every
   adopter with a random account, and :func:`placebo_corrected` inverts it.
3. :func:`classify_trajectories` labels every item editorial-driven, word-of-mouth or hybrid by a
   documented rule on its time series (thresholds are parameters, see the schema).
4. :func:`fit_bass` (Bass 1969, ``dN/dt = (p + q N/m)(m − N)``, with ``scipy.optimize.curve_fit``) and
   :func:`fit_hawkes` (self-exciting process with exponential kernel, maximum likelihood with
   ``scipy.optimize.minimize``; constant or exposure-driven background) give the expected share of adoptions
   due to the external channel from the time series alone.
5. :func:`tree_metrics` gives, per retweet tree, the depth-1 ("broadcast") share and the structural virality
   of Goel, Anderson, Hofman & Watts (Management Science 2016, Appendix A): the mean shortest-path distance
   over all pairs of nodes, computed in O(n) from subtree sizes (Wiener index ``W = Σ_e s_e (n − s_e)``).

Everything here is pure numpy/pandas/scipy/duckdb: tables in, tables out.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

log = logging.getLogger("virality.attribution")

TRAJECTORIES = ("editorial", "word_of_mouth", "hybrid")


# --------------------------------------------------------------------------------------------------
# 1. social attribution


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
    # seed first among ties so a creator is never "after" an adoption at the same instant
    order = np.lexsort((~ev_seed, ev_time, item_codes))
    return Adoptions(
        item=item_codes[order].astype(np.int64),
        user=user_codes[order].astype(np.int64),
        time=ev_time[order],
        seed=ev_seed[order],
        item_ids=np.asarray(item_ids, dtype=object),
        user_ids=np.asarray(user_ids, dtype=object),
    )


def adoptions_from_frame(frame: pd.DataFrame) -> tuple[Adoptions, np.ndarray]:
    """:class:`Adoptions` and social flags back from a table ``item_id, user_id, time, seed, social``."""
    item_codes, item_ids = pd.factorize(frame["item_id"].to_numpy(dtype=object), sort=True)
    user_codes, user_ids = pd.factorize(frame["user_id"].to_numpy(dtype=object), sort=True)
    seed = frame["seed"].to_numpy(dtype=bool)
    time = frame["time"].to_numpy(dtype="float64")
    order = np.lexsort((~seed, time, item_codes))
    ad = Adoptions(
        item=item_codes[order].astype(np.int64),
        user=user_codes[order].astype(np.int64),
        time=time[order],
        seed=seed[order],
        item_ids=np.asarray(item_ids, dtype=object),
        user_ids=np.asarray(user_ids, dtype=object),
    )
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
    """All pairs ``(a, b)`` of adoption rows of the same item where ``user[a]`` follows ``user[b]``.

    Two DuckDB hash joins, each adoption going through the cheaper one (cost ``min(out-degree, item
    size)``, which matters because heavy users adopt often and follow many):

    * adoptions whose user follows at most as many accounts as the item has adopters: adoptions ⋈ edges on
      ``user = source``, then ⋈ adoptions on ``(item, user) = (item, target)``;
    * the others: adoptions ⋈ adoptions on ``item`` (co-adopters), then ⋈ edges on
      ``(source, target) = (user_a, user_b)``.

    The join order is written out (DuckDB's join-order optimiser is switched off for these queries: left
    to it, the plan enumerates every follower of every adopter). Rows are positions in the arrays given.
    Returned sorted by ``(a, b)``.
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


# --------------------------------------------------------------------------------------------------
# 2. shares, bootstrap, time-shuffle null


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
) -> dict:
    """Overall word-of-mouth share, bootstrap 95% interval over items, time-shuffle null and excess.

    With ``placebo`` (the draws of :func:`placebo_null`), also the chance-exposure rate and the corrected
    share :func:`placebo_corrected`.
    """
    n_items = len(ad.item_ids)
    n, s = item_counts(ad.item, social, ad.seed, n_items)
    total = int(n.sum())
    share = float(s.sum() / total) if total else math.nan
    lo, hi = bootstrap_share(n, s, n_boot, seed)
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


# --------------------------------------------------------------------------------------------------
# 3. trajectories


def classify_trajectories(
    ad: Adoptions,
    social: np.ndarray,
    exposures: pd.DataFrame | None = None,
    jump_window: float = 0.2,
    jump_share: float = 0.45,
    steady_jump_max: float = 0.15,
    wom_share_min: float = 0.7,
    min_adoptions: int = 5,
) -> pd.DataFrame:
    """Trajectory class of each item's cumulative adoption curve (rule documented in the schema).

    For an item with span ``D`` (start to last adoption) and editorial moments ``τ`` (its start and every
    exposure of the item), the *jump share* ``J`` is the largest fraction of the item's (non-seed) adoptions
    that are non-social and fall in ``[τ, τ + jump_window·D]``. The item is

    * ``editorial`` when ``J ≥ jump_share`` (a jump of non-social adoptions right after the start or an
      exposure carries most of the curve),
    * else ``word_of_mouth`` when its social share is at least ``wom_share_min`` and ``J < steady_jump_max``
      (steady growth led by social adoptions, no jump),
    * else ``hybrid``.

    Items with fewer than ``min_adoptions`` adoptions get class ``NA``.
    """
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
    w = jump_window * span[j["item"].to_numpy()]
    inside = (j["t"].to_numpy() >= j["tau"].to_numpy()) & (
        j["t"].to_numpy() <= j["tau"].to_numpy() + w
    )
    per_moment = np.bincount(j["m"].to_numpy()[inside], minlength=mi.size)
    best = np.zeros(n_items)
    np.maximum.at(best, mi, per_moment.astype(float))
    jump = np.where(n > 0, best / np.maximum(n, 1), np.nan)
    share = np.where(n > 0, s / np.maximum(n, 1), np.nan)
    steady = (share >= wom_share_min) & (jump < steady_jump_max)
    cls = np.where(jump >= jump_share, "editorial", np.where(steady, "word_of_mouth", "hybrid"))
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
    out.loc[n < min_adoptions, "trajectory"] = pd.NA
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


# --------------------------------------------------------------------------------------------------
# 4. Bass model and Hawkes process


def bass_cdf(t: np.ndarray, p: float, q: float) -> np.ndarray:
    """Bass (1969) adoption fraction ``F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t})``."""
    e = np.exp(-(p + q) * np.asarray(t, dtype=float))
    return (1.0 - e) / (1.0 + (q / p) * e)


def bass_sample(m: int, p: float, q: float, rng: np.random.Generator) -> np.ndarray:
    """``m`` adoption times drawn from the Bass distribution (inverse of :func:`bass_cdf`)."""
    u = rng.random(m)
    return np.sort(-np.log((1.0 - u) / (1.0 + (q / p) * u)) / (p + q))


def bass_external_share(p: float, q: float, frac: float = 1.0) -> float:
    """Expected share of the first ``frac·m`` adoptions made through the external (innovation) channel.

    With ``dF/dt = (p + qF)(1 − F)``, the external rate is ``p(1 − F)``, so the share up to ``F`` is
    ``(1/F) ∫_0^F p / (p + q x) dx = (p / (q F)) ln(1 + q F / p)`` (→ 1 as q → 0).
    """
    if q <= 1e-12 * p:
        return 1.0
    return float(p / (q * frac) * math.log1p(q * frac / p))


def fit_bass(times: np.ndarray, t0: float = 0.0, max_points: int = 60) -> dict:
    """Fit ``N(t) = m F(t; p, q)`` to one item's cumulative adoptions (least squares).

    A log grid of ``(p, q)`` with ``m`` profiled out gives the start, refined by ``scipy.optimize.curve_fit``
    (Levenberg–Marquardt); the grid makes the result independent of a local start and stable across runs.

    ``times`` are the adoption times (seed excluded), ``t0`` the item's start. Time is rescaled to the
    item's span for the fit and ``p, q`` are returned per unit of the input time; the curve is sampled at no
    more than ``max_points`` ranks. The external share is
    :func:`bass_external_share` at the observed fraction ``N/m``.
    """
    t = np.sort(np.asarray(times, dtype=float)) - t0
    n = t.size
    span = float(t[-1]) if n and t[-1] > 0 else 1.0
    # the empirical curve at (at most) max_points evenly spaced ranks: cost independent of the item's size
    k = np.unique(np.linspace(0, n - 1, min(n, max_points)).round().astype(int))
    x = t[k] / span
    y = (k + 1).astype(float)

    def f(xx, a, b, c):  # unconstrained: m = n (1/2 + e^a) > n/2, p = e^b, q = e^c
        return n * (0.5 + np.exp(a)) * bass_cdf(xx, np.exp(b), np.exp(c))

    # 1. global start: a log grid of (p, q) with m profiled out in closed form (N = m F is linear in m)
    pg, qg = np.meshgrid(np.logspace(-3, 2, 26), np.logspace(-3, 3, 31), indexing="ij")
    pg, qg = pg.ravel(), qg.ravel()
    F = bass_cdf(x[None, :], pg[:, None], qg[:, None])
    m_g = np.maximum(F @ y / np.maximum(np.einsum("ij,ij->i", F, F), 1e-300), 0.5 * n + 1e-9)
    sse_g = np.einsum("ij,ij->i", m_g[:, None] * F - y, m_g[:, None] * F - y)
    # ties between grid points (flat valleys) resolve to the first in a fixed order; round the criterion so
    # last-bit differences cannot flip the choice
    g = int(np.argmin(np.round(sse_g, 9)))
    start = (math.log(m_g[g] / n - 0.5 + 1e-12), math.log(pg[g]), math.log(qg[g]))
    best = (np.asarray(start), math.fsum((f(x, *start) - y) ** 2))
    # 2. refine with Levenberg-Marquardt (curve_fit); keep it only if it improves the fit
    try:
        par, _ = optimize.curve_fit(f, x, y, p0=start, method="lm", maxfev=2000)
        if np.all(np.isfinite(par)):
            sse = math.fsum((f(x, *par) - y) ** 2)
            if sse < best[1] * (1 - 1e-9):
                best = (par, sse)
    except (RuntimeError, ValueError, OverflowError):
        pass
    a, b, c = (float(v) for v in best[0])
    if not all(map(math.isfinite, (a, b, c))):
        return {
            "bass_m": math.nan,
            "bass_p": math.nan,
            "bass_q": math.nan,
            "bass_external_share": math.nan,
        }
    best = ((n * (0.5 + math.exp(a)), math.exp(b), math.exp(c)), best[1])
    m, p, q = best[0]
    return {
        "bass_m": float(m),
        "bass_p": float(p / span),
        "bass_q": float(q / span),
        "bass_external_share": bass_external_share(p, q, min(1.0, n / m)),
    }


def fit_bass_items(
    events: pd.DataFrame, starts: pd.Series, min_adoptions: int = 10
) -> pd.DataFrame:
    """:func:`fit_bass` for every item with at least ``min_adoptions`` adoptions (a loop over items).

    ``events`` has ``item_id, time`` (seeds removed); ``starts`` maps item id → start time.
    """
    rows = []
    for item, g in events.groupby("item_id", observed=True, sort=True):
        if len(g) < min_adoptions:
            continue
        r = fit_bass(g["time"].to_numpy(), float(starts.get(item, g["time"].min())))
        rows.append({"item_id": item, "n_adoptions": len(g), **r})
    cols = ["item_id", "n_adoptions", "bass_m", "bass_p", "bass_q", "bass_external_share"]
    return pd.DataFrame(rows, columns=cols)


@dataclass
class HawkesData:
    """Events of many items on item-local clocks, for the pooled Hawkes likelihood.

    ``t`` event times since the item's start (sorted within item), ``item`` item index, ``counted`` whether
    an event enters the likelihood (the creator's seed at time 0 only excites), ``T`` observation window per
    item, ``tau`` exposure time per item (``nan`` when none).
    """

    t: np.ndarray
    item: np.ndarray
    counted: np.ndarray
    T: np.ndarray
    tau: np.ndarray

    @property
    def n_items(self) -> int:
        return int(self.T.size)


def hawkes_data(
    item: np.ndarray,
    time: np.ndarray,
    seed: np.ndarray,
    start: np.ndarray,
    tau: np.ndarray,
    T: np.ndarray | None = None,
) -> HawkesData:
    """Item-local clocks (``time − start``) for :func:`fit_hawkes`; ``item`` codes ``0..len(start)-1``."""
    t = time - start[item]
    order = np.lexsort((t, item))
    item, t, seed = item[order], t[order], seed[order]
    if T is None:
        T = np.zeros(start.size)
        np.maximum.at(T, item, t)
    T = np.maximum(T, 1e-12)
    return HawkesData(t=t, item=item, counted=~seed, T=T, tau=tau - start)


def _excitation_sum(d: HawkesData, beta: float) -> np.ndarray:
    """``A_k = Σ_{j<k, same item} e^{−β (t_k − t_j)}``, vectorised across items.

    Uses ``log A_k = −β t_k + logcumsumexp_{j<k}(β t_j)`` with ``np.logaddexp.accumulate`` on one array in
    which each item's values are shifted above the previous item's by a margin large enough that earlier
    items contribute less than 1e-30 relative (segmented cumulative log-sum-exp without a loop).
    """
    bt = beta * d.t
    first = np.r_[True, d.item[1:] != d.item[:-1]]
    item_max = np.zeros(d.n_items)
    np.maximum.at(item_max, d.item, bt)
    width = item_max + 80.0
    offset = np.concatenate([[0.0], np.cumsum(width)[:-1]])
    x = bt + offset[d.item]
    lse = np.logaddexp.accumulate(x)
    prev = np.r_[-np.inf, lse[:-1]]
    prev[first] = -np.inf
    return np.exp(prev - x)


def _background_kernel(d: HawkesData, delta: float) -> tuple[np.ndarray, np.ndarray]:
    """Exposure burst density ``g(t) = δ e^{−δ (t − τ)} 1{t ≥ τ}`` at each event and its integral to ``T``."""
    tau_e = d.tau[d.item]
    has = np.isfinite(tau_e) & (d.t >= tau_e)
    g = np.where(has, delta * np.exp(-delta * np.where(has, d.t - tau_e, 0.0)), 0.0)
    # integral over the window [0, T] (an exposure before the item's start only contributes its tail)
    has_i = np.isfinite(d.tau) & (d.tau <= d.T)
    tau_i = np.where(has_i, d.tau, 0.0)
    G = np.where(
        has_i,
        np.exp(-delta * (np.maximum(tau_i, 0.0) - tau_i)) - np.exp(-delta * (d.T - tau_i)),
        0.0,
    )
    return g, G


def _profile(
    d: HawkesData,
    alpha: float,
    beta: float,
    delta: float | None,
    n_em: int = 60,
    shared: bool = False,
):
    """Backgrounds maximising the likelihood for fixed ``(α, β, δ)`` (EM on the mixture weights), per item or
    ``shared`` by all items.

    Returns ``(loglik, mu, nu, bg, lam)`` with ``bg``/``lam`` the background and total intensity at events.
    """
    A = _excitation_sum(d, beta)
    exc = alpha * beta * A
    c = d.counted
    ic = d.item[c]
    n_i = np.bincount(ic, minlength=d.n_items).astype(float)
    if delta is not None:
        g, G = _background_kernel(d, delta)
    else:
        g, G = np.zeros_like(d.t), np.zeros(d.n_items)
    use_nu = G > 0
    mu = np.maximum(n_i * 0.5 / d.T, 1e-12)
    nu = np.where(use_nu, n_i * 0.25, 0.0)
    e_c, g_c = exc[c], g[c]
    if shared:
        mu = np.full(d.n_items, max(n_i.sum() * 0.5 / math.fsum(d.T), 1e-12))
        nu = np.where(use_nu, n_i.sum() * 0.25 / max(use_nu.sum(), 1), 0.0)
    for _ in range(n_em):
        lam = mu[ic] + nu[ic] * g_c + e_c
        lam = np.maximum(lam, 1e-300)
        w_mu = np.bincount(ic, weights=mu[ic] / lam, minlength=d.n_items)
        w_nu = np.bincount(ic, weights=nu[ic] * g_c / lam, minlength=d.n_items)
        if shared:
            mu = np.full(d.n_items, max(math.fsum(w_mu) / math.fsum(d.T), 1e-12))
            nu = np.where(use_nu, math.fsum(w_nu[use_nu]) / max(math.fsum(G[use_nu]), 1e-300), 0.0)
        else:
            mu = np.maximum(w_mu / d.T, 1e-12)
            nu = np.where(use_nu, w_nu / np.where(use_nu, G, 1.0), 0.0)
    bg = mu[ic] + nu[ic] * g_c
    lam = np.maximum(bg + e_c, 1e-300)
    # compensator: background + each event's (seed included) kernel mass inside the window
    rest = np.maximum(d.T[d.item] - d.t, 0.0)
    # exact sums (math.fsum): numpy's SIMD sums can differ in the last bit with memory alignment, and
    # Nelder-Mead would turn that into different optima across runs (byte-identical tables need this)
    comp = math.fsum(mu * d.T) + math.fsum(nu * G) + alpha * math.fsum(-np.expm1(-beta * rest))
    ll = math.fsum(np.log(lam)) - comp
    return ll, mu, nu, bg, lam


def fit_hawkes(
    d: HawkesData,
    background: str = "constant",
    x0: tuple[float, ...] | None = None,
    shared_background: bool = False,
) -> dict:
    """Pooled Hawkes fit: shared kernel, per-item background, by maximum likelihood.

    Intensity of item ``i``: ``λ_i(t) = μ_i + ν_i g(t − τ_i) + Σ_{t_j < t} α β e^{−β (t − t_j)}`` with the
    branching ratio ``α`` (expected direct offspring per adoption) and decay ``β`` shared by all items
    (Hawkes 1971; exponential kernel normalised to integrate to ``α``). ``background="constant"`` has
    ``ν_i = 0``; ``"exposure"`` adds a burst ``g(s) = δ e^{−δ s}`` after the item's exposure ``τ_i``
    (editorial event), with shared ``δ``. The per-item ``μ_i, ν_i`` are profiled out by EM for each
    ``(α, β, δ)``, which ``scipy.optimize.minimize`` (Nelder–Mead on logs) maximises. With
    ``shared_background`` all items share ``μ`` and ``ν`` (the model of :func:`simulate_hawkes`, under which the
    fit is consistent). Per-item backgrounds adapt to items of very different sizes, but as incidental
    parameters they absorb part of the clustering: the branching ratio is then biased low (by about 0.05–0.09
    on 300 simulated items of ~40 events, see the tests), and the external share correspondingly high.

    The expected external share of an item is the mean over its adoptions of ``background/λ`` at the
    adoption: the posterior probability that the adoption is an immigrant of the branching process.
    """
    if background not in ("constant", "exposure"):
        raise ValueError(f"background must be 'constant' or 'exposure', got {background!r}")
    use_delta = background == "exposure" and bool(np.isfinite(d.tau).any())
    span = float(np.median(d.T)) if d.n_items else 1.0
    if x0 is None:
        x0 = (0.5, 10.0 / span) + ((3.0 / span,) if use_delta else ())

    def unpack(z):
        a = 1.0 / (1.0 + math.exp(-z[0])) * 0.999  # α in (0, 0.999): stationary
        b = math.exp(z[1])
        dl = math.exp(z[2]) if use_delta else None
        return a, b, dl

    def negll(z):
        a, b, dl = unpack(z)
        return -_profile(d, a, b, dl, shared=shared_background)[0]

    z0 = [math.log(x0[0] / (0.999 - x0[0])), math.log(x0[1])] + (
        [math.log(x0[2])] if use_delta else []
    )
    res = optimize.minimize(
        negll,
        np.asarray(z0),
        method="Nelder-Mead",
        options={"xatol": 1e-4, "fatol": 1e-6, "maxiter": 800},
    )
    a, b, dl = unpack(res.x)
    ll, mu, nu, bg, lam = _profile(d, a, b, dl, n_em=200, shared=shared_background)
    ic = d.item[d.counted]
    n_i = np.bincount(ic, minlength=d.n_items)
    ext_i = np.bincount(ic, weights=bg / lam, minlength=d.n_items)
    return {
        "alpha": a,
        "beta": b,
        "delta": dl if dl is not None else math.nan,
        "loglik": ll,
        "converged": bool(res.success),
        "mu": mu,
        "nu": nu,
        "item_external_share": np.where(n_i > 0, ext_i / np.maximum(n_i, 1), np.nan),
        "external_share": math.fsum(ext_i) / max(int(n_i.sum()), 1),
    }


def simulate_hawkes(
    n_items: int,
    mu: float,
    alpha: float,
    beta: float,
    T: float,
    rng: np.random.Generator,
    nu: float = 0.0,
    delta: float = 1.0,
    tau: float | None = None,
) -> pd.DataFrame:
    """Exponential-kernel Hawkes processes on ``[0, T]`` by the cluster (branching) representation.

    Immigrants arrive as a Poisson process of rate ``mu`` plus, with ``nu > 0`` and an exposure at ``tau``,
    ``Poisson(nu)`` burst immigrants at ``tau + Exp(delta)``; every event has ``Poisson(alpha)`` children at
    ``Exp(beta)`` delays; generations are drawn vectorised until none is left. Returns
    ``item, time, immigrant`` sorted by item and time (events after ``T`` dropped).
    """
    n0 = rng.poisson(mu * T, n_items)
    item = np.repeat(np.arange(n_items), n0)
    time = rng.uniform(0.0, T, item.size)
    if nu > 0 and tau is not None:
        nb = rng.poisson(nu, n_items)
        bi = np.repeat(np.arange(n_items), nb)
        item = np.concatenate([item, bi])
        time = np.concatenate([time, tau + rng.exponential(1.0 / delta, bi.size)])
        keep = time <= T
        item, time = item[keep], time[keep]
    items, times, immig = [item], [time], [np.ones(item.size, dtype=bool)]
    while item.size:
        k = rng.poisson(alpha, item.size)
        item = np.repeat(item, k)
        time = np.repeat(time, k) + rng.exponential(1.0 / beta, item.size)
        keep = time <= T
        item, time = item[keep], time[keep]
        items.append(item)
        times.append(time)
        immig.append(np.zeros(item.size, dtype=bool))
    it, tm, im = np.concatenate(items), np.concatenate(times), np.concatenate(immig)
    order = np.lexsort((tm, it))
    return pd.DataFrame({"item": it[order], "time": tm[order], "immigrant": im[order]})


# --------------------------------------------------------------------------------------------------
# 5. broadcast versus person-to-person (retweet trees)


def tree_adoptions(events: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Adoptions labelled by channel from explicit parent links (retweet trees), for the trajectory step.

    An adoption whose parent is the item's creator (the source account) is the broadcast analogue of
    editorial exposure: non-social. One whose parent is another adopter travelled person to person:
    social (word of mouth). The creator's own row (no parent) is the seed. Returns the table
    ``item_id, user_id, time, seed, social`` that :func:`adoptions_from_frame` reads.
    """
    creator = items.set_index("item_id")["creator"] if "creator" in items.columns else None
    ev = events[["item_id", "user_id", "time", "parent_user_id"]].copy()
    root = (
        ev["item_id"].map(creator).astype("string")
        if creator is not None
        else pd.Series(pd.NA, index=ev.index, dtype="string")
    )
    parent = ev["parent_user_id"].astype("string")
    seed = parent.isna() | (ev["user_id"].astype("string") == root).fillna(False)
    social = ~seed & (parent != root).fillna(True)
    return pd.DataFrame(
        {
            "item_id": ev["item_id"].astype("string"),
            "user_id": ev["user_id"].astype("string"),
            "time": ev["time"].astype("float64"),
            "seed": seed.to_numpy(dtype=bool),
            "social": social.to_numpy(dtype=bool),
        }
    )


def tree_metrics(events: pd.DataFrame) -> pd.DataFrame:
    """Per tree (item): size, depth-1 share, depth ≥ 2 share, maximum depth, structural virality.

    ``events`` needs ``item_id, user_id, parent_user_id``; the root has no parent (or a parent that did not
    adopt the item, in which case the node hangs from the root as a depth-1 node if a root exists, else it
    is a root itself). Depths come from vectorised pointer doubling; structural virality (Goel et al. 2016)
    is the Wiener index over ``n(n−1)/2`` pairs with ``W = Σ_{non-root v} s_v (n − s_v)`` (``s_v`` the size of
    the subtree under ``v``), accumulated level by level from the deepest (a loop over depth levels).
    Shares are of non-root adoptions. Trees of one node have ``nan`` virality.
    """
    ev = events[["item_id", "user_id", "parent_user_id"]].drop_duplicates(["item_id", "user_id"])
    ev = ev.sort_values(["item_id", "user_id"]).reset_index(drop=True)
    item_codes, item_ids = pd.factorize(ev["item_id"], sort=True)
    n = len(ev)
    node_key = pd.MultiIndex.from_arrays([ev["item_id"], ev["user_id"]])
    par_key = pd.MultiIndex.from_arrays([ev["item_id"], ev["parent_user_id"]])
    parent = node_key.get_indexer(par_key)
    parent[ev["parent_user_id"].isna().to_numpy()] = -1
    parent[parent == np.arange(n)] = -1
    # one root per tree: a node without parent (the source) if there is one, else the parentless node
    # first by user id; nodes whose parent never adopted the item hang from that root
    is_root = parent < 0
    pref = np.where(ev["parent_user_id"].isna().to_numpy(), 0, 1)
    cand = np.flatnonzero(is_root)
    cand = cand[np.lexsort((cand, pref[cand], item_codes[cand]))]
    first = cand[np.r_[True, item_codes[cand][1:] != item_codes[cand][:-1]]]
    root_of = np.full(len(item_ids), -1)
    root_of[item_codes[first]] = first
    extra = is_root & (root_of[item_codes] != np.arange(n))
    parent[extra] = root_of[item_codes[extra]]
    # depths by pointer doubling; a node still pointing somewhere after 64 rounds sits on (or under) a
    # cycle, which a tree cannot have: such nodes are re-attached to their tree's root
    for _attempt in range(2):
        depth = np.where(parent >= 0, 1, 0).astype(np.int64)
        anc = parent.copy()
        for _ in range(64):
            live = anc >= 0
            if not live.any():
                break
            a = anc[live]
            depth[live] += depth[a]  # depth[x] is the distance from x to anc[x] (0 for a root)
            anc[live] = anc[a]
        bad = anc >= 0
        if not bad.any():
            break
        parent[bad] = root_of[item_codes[bad]]
        parent[parent == np.arange(n)] = -1
    size_tree = np.bincount(item_codes, minlength=len(item_ids))
    sub = np.ones(n, dtype=np.int64)
    for lev in range(int(depth.max(initial=0)), 0, -1):
        at = np.flatnonzero(depth == lev)
        np.add.at(sub, parent[at], sub[at])
    nt = size_tree[item_codes]
    contrib = np.where(parent >= 0, sub * (nt - sub), 0).astype(float)
    wiener = np.bincount(item_codes, weights=contrib, minlength=len(item_ids))
    pairs = size_tree * (size_tree - 1) / 2.0
    d1 = np.bincount(item_codes, weights=(depth == 1).astype(float), minlength=len(item_ids))
    d2 = np.bincount(item_codes, weights=(depth >= 2).astype(float), minlength=len(item_ids))
    nonroot = np.maximum(size_tree - 1, 1)
    max_depth = np.zeros(len(item_ids), dtype=np.int64)
    np.maximum.at(max_depth, item_codes, depth)
    return pd.DataFrame(
        {
            "item_id": pd.array(np.asarray(item_ids, dtype=object), dtype="string"),
            "size": size_tree.astype(np.int64),
            "depth1_share": np.where(size_tree > 1, d1 / nonroot, np.nan),
            "depth2plus_share": np.where(size_tree > 1, d2 / nonroot, np.nan),
            "max_depth": max_depth,
            "structural_virality": np.where(pairs > 0, wiener / np.maximum(pairs, 1), np.nan),
        }
    )


def broadcast_summary(trees: pd.DataFrame, bins: list[float]) -> pd.DataFrame:
    """Depth-1 versus deeper shares and structural virality by cascade size bin (plus an ``all`` row)."""
    t = trees.loc[trees["size"] > 1]
    edges = np.asarray(bins, dtype=float)
    labels = [
        f"[{int(edges[k])},{int(edges[k + 1]) if np.isfinite(edges[k + 1]) else 'inf'})"
        for k in range(len(edges) - 1)
    ]
    cut = pd.cut(t["size"], edges, right=False, labels=labels)
    rows = []
    for lab, g in [("all", t)] + [(lab, t.loc[cut == lab]) for lab in labels]:
        non_root = (g["size"] - 1).sum()
        rows.append(
            {
                "size_bin": lab,
                "n_cascades": len(g),
                "n_adoptions": int(non_root),
                "depth1_share": math.fsum(g["depth1_share"] * (g["size"] - 1)) / non_root
                if non_root
                else math.nan,
                "depth2plus_share": float(
                    math.fsum(g["depth2plus_share"] * (g["size"] - 1)) / non_root
                )
                if non_root
                else math.nan,
                "mean_structural_virality": math.fsum(g["structural_virality"].dropna())
                / max(int(g["structural_virality"].notna().sum()), 1)
                if len(g)
                else math.nan,
                "median_structural_virality": float(g["structural_virality"].median())
                if len(g)
                else math.nan,
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------------
# drivers used by the workflow scripts


def external_shares(
    events: pd.DataFrame,
    items: pd.DataFrame | None = None,
    exposures: pd.DataFrame | None = None,
    min_adoptions: int = 10,
    max_items: int = 2000,
    background: str = "exposure",
    seed: int = 0,
) -> tuple[pd.DataFrame, dict]:
    """Bass (per item) and pooled Hawkes external shares from the time series alone (no graph used).

    Items with at least ``min_adoptions`` non-seed adoptions are used; above ``max_items`` such items a seeded
    random sample of them is fitted. The creator (when ``items.creator`` is known) is the seed: it starts
    the item's clock and excites, but is not counted. The first exposure of an item (if any) is its
    editorial event for the exposure-driven background. Returns per-item estimates and a summary whose
    shares are adoption-weighted over the fitted items.
    """
    ad = build_adoptions(events, items)
    n_items = len(ad.item_ids)
    n = np.bincount(ad.item[~ad.seed], minlength=n_items)
    eligible = np.flatnonzero(n >= min_adoptions)
    if eligible.size > max_items:
        eligible = np.sort(np.random.default_rng(seed).choice(eligible, max_items, replace=False))
    start = np.full(n_items, np.inf)
    np.minimum.at(start, ad.item, ad.time)
    cols = [
        "item_id",
        "n_adoptions",
        "bass_m",
        "bass_p",
        "bass_q",
        "bass_external_share",
        "hawkes_external_share",
    ]
    if eligible.size == 0:
        return pd.DataFrame(columns=cols), {
            "n_items_fitted": 0,
            "bass_external_share": math.nan,
            "hawkes_external_share": math.nan,
        }
    keep = np.isin(ad.item, eligible)
    remap = np.full(n_items, -1)
    remap[eligible] = np.arange(eligible.size)
    tau = np.full(eligible.size, np.nan)
    if exposures is not None and len(exposures):
        first_exp = exposures.groupby("item_id", observed=True)["time"].min()
        tau = pd.Series(ad.item_ids[eligible]).map(first_exp).to_numpy(dtype=float)
    # Bass: one curve fit per item on its non-seed adoptions
    counted = keep & ~ad.seed
    bass = fit_bass_items(
        pd.DataFrame({"item_id": remap[ad.item[counted]], "time": ad.time[counted]}),
        pd.Series(start[eligible], index=np.arange(eligible.size)),
        min_adoptions=min_adoptions,
    )
    # Hawkes: pooled fit, item-local clocks, window up to the last adoption
    hd = hawkes_data(remap[ad.item[keep]], ad.time[keep], ad.seed[keep], start[eligible], tau)
    hk = fit_hawkes(hd, background=background)
    out = pd.DataFrame(
        {"item_id": pd.array(ad.item_ids[eligible], dtype="string"), "n_adoptions": n[eligible]}
    )
    b = bass.set_index("item_id").reindex(np.arange(eligible.size))
    for c in ("bass_m", "bass_p", "bass_q", "bass_external_share"):
        out[c] = b[c].to_numpy(dtype=float)
    out["hawkes_external_share"] = hk["item_external_share"]
    w = out["n_adoptions"].to_numpy(dtype=float)
    ok = np.isfinite(out["bass_external_share"].to_numpy())
    summary = {
        "n_items_fitted": int(eligible.size),
        "n_adoptions_fitted": int(w.sum()),
        "bass_external_share": float(
            math.fsum(w[ok] * out["bass_external_share"].to_numpy()[ok]) / math.fsum(w[ok])
        )
        if ok.any()
        else math.nan,
        "hawkes_external_share": hk["external_share"],
        "hawkes_alpha": hk["alpha"],
        "hawkes_beta": hk["beta"],
        "hawkes_delta": hk["delta"],
        "hawkes_background": background if np.isfinite(tau).any() else "constant",
        "hawkes_loglik": hk["loglik"],
        "hawkes_converged": hk["converged"],
    }
    return out[cols], summary
