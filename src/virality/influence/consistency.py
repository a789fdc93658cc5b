"""Consistency of influence after Bakshy, Hofman, Mason & Watts (WSDM 2011, "Everyone's an influencer").

For creators who start several cascades, how well the mean log size of their past cascades predicts the
next one: Spearman's rank correlation and R^2, with a bootstrap over creators.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import ids
from ..files import DataError


def creator_cascades(events: pd.DataFrame, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per item: item_id, creator, start_time, size.

    ``creator`` is ``items.creator`` where the data give it, else the earliest adopter (ties by user id);
    ``start_time`` is ``items.start_time`` where given, else the first adoption time; ``size`` is the number of
    distinct adopters other than the creator (the cascade the creator triggered).
    """
    for col in ("item_id", "user_id", "time"):
        if col not in events.columns:
            raise DataError(
                f"events: missing column {col!r}; the events table needs item_id, user_id, time"
            )
    # identifiers as sorted integer codes (Arrow; the order of the strings), no Python string per event
    ic, item_dict = ids.sorted_codes(ids.arrow_strings(events["item_id"].astype(str)))
    uc, user_dict = ids.sorted_codes(ids.arrow_strings(events["user_id"].astype(str)))
    time = events["time"].to_numpy(dtype=float)
    order = np.lexsort((uc, time, ic))  # by item, time, then user id
    ic, uc, time = ic[order], uc[order], time[order]
    n_items, n_users = len(item_dict), len(user_dict)
    head = np.searchsorted(ic, np.arange(n_items))
    users = ids.as_objects(user_dict)
    creator = pd.Series(users[uc[head]], dtype=object)
    start = time[head]
    item_ids = pd.Series(ids.as_objects(item_dict), dtype=object)
    if items is not None and len(items):
        at, rows = ids.matched_rows(items["item_id"].astype(str), item_dict)
        if "creator" in items.columns:
            given = items["creator"].to_numpy(dtype=object)[rows]
            ok = pd.notna(given)
            creator.iloc[at[ok]] = pd.Series(given[ok], dtype=object).astype(str).to_numpy()
        if "start_time" in items.columns:
            st = items["start_time"].astype(float).to_numpy()[rows]
            start[at[~np.isnan(st)]] = st[~np.isnan(st)]
    # distinct adopters of each item other than its creator
    key = np.sort(ic * n_users + uc)  # then distinct (np.unique hashes: far slower)
    key = key[np.concatenate([[True], key[1:] != key[:-1]])] if key.size else key
    k_item, k_user = key // n_users, key % n_users
    creator = creator.astype(str)
    cr_code = ids.lookup(ids.arrow_strings(creator), user_dict)
    size = np.bincount(k_item[k_user != cr_code[k_item]], minlength=n_items).astype("int64")
    out = pd.DataFrame({"item_id": item_ids.astype(str), "creator": creator, "start_time": start})
    out["size"] = size
    cr_rank, _ = ids.sorted_codes(ids.arrow_strings(out["creator"]))
    return out.iloc[np.lexsort((np.arange(n_items), start, cr_rank))].reset_index(drop=True)


def consistency_pairs(cascades: pd.DataFrame, min_items: int = 2) -> pd.DataFrame:
    """For each creator with at least ``min_items`` cascades, in time order, every cascade after the first
    with ``past_mean`` = mean ``log(1 + size)`` of the creator's earlier cascades and ``next_log_size`` =
    ``log(1 + size)`` of this one (Bakshy et al. 2011 predict a user's influence from its past mean).
    ``other_mean`` is the mean over all the creator's other cascades, earlier or later: an order-free check
    for data whose item times are unknown or tied."""
    if min_items < 2:
        raise ValueError(f"consistency_pairs: min_items must be at least 2, got {min_items}")
    c = cascades.sort_values(["creator", "start_time", "item_id"], kind="stable").reset_index(
        drop=True
    )
    n_by = c.groupby("creator", sort=False)["item_id"].transform("size")
    c = c.loc[n_by >= min_items].reset_index(drop=True)
    c["log_size"] = np.log1p(c["size"].astype(float))
    g = c.groupby("creator", sort=False)["log_size"]
    k = g.cumcount()
    past_sum = g.cumsum() - c["log_size"]
    n_all = g.transform("size")
    c["n_past"] = k
    c["past_mean"] = past_sum / k.where(k > 0)
    c["other_mean"] = (g.transform("sum") - c["log_size"]) / (n_all - 1)
    out = c.loc[k > 0, ["creator", "item_id", "n_past", "past_mean", "other_mean", "log_size"]]
    return out.rename(columns={"log_size": "next_log_size"}).reset_index(drop=True)


def _codes(v: np.ndarray) -> tuple[np.ndarray, int] | None:
    """``v``'s values as codes into its sorted distinct values (and their number), or None when ``v``
    has a NaN (then :func:`_r2_stats` leaves the ranking to scipy, whose NaN rule it follows)."""
    if np.isnan(v).any():
        return None
    uniq, inv = np.unique(v, return_inverse=True)
    return inv.astype(np.intp), int(uniq.size)


def _average_ranks(codes: np.ndarray, k: int) -> np.ndarray:
    """``scipy.stats.rankdata(values)`` (average ranks of ties, float) from the values' codes into their
    ``k`` sorted distinct values, without a sort: the same numbers, exactly (whole and half ranks)."""
    n = np.bincount(codes, minlength=k)
    first = (np.cumsum(n) - n + 1).astype(float)
    return (first + (n.astype(float) - 1) / 2)[codes]


def _spearman(x: np.ndarray, y: np.ndarray, codes=None) -> float:
    """Spearman's rho as ``scipy.stats.spearmanr(x, y).statistic`` computes it (for non-constant x and y);
    with ``codes`` = ((x codes, k), (y codes, k)) of :func:`_codes` the ranks are counted, not sorted, and
    then correlated exactly as scipy does (the same array layout in ``np.corrcoef``), so the bootstrap
    gives scipy's numbers bit for bit."""
    if codes is None:
        from scipy import stats  # here, not at the top: ~1 s of every job that imports the module

        return stats.spearmanr(x, y).statistic
    (cx, kx), (cy, ky) = codes
    ranked = np.stack((_average_ranks(cx, kx), _average_ranks(cy, ky))).T  # scipy's (n, 2) layout
    return np.corrcoef(ranked, rowvar=False)[1, 0]


def _r2_stats(x: np.ndarray, y: np.ndarray, codes=None) -> tuple[float, float, float]:
    """Spearman rho, R^2 of the OLS fit of y on x, and R^2 of the past mean used directly as the forecast
    (``codes``: see :func:`_spearman`)."""
    if x.size < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return (math.nan, math.nan, math.nan)
    rho = _spearman(x, y, codes)
    r = np.corrcoef(x, y)[0, 1]
    sst = np.sum((y - y.mean()) ** 2)
    direct = 1.0 - np.sum((y - x) ** 2) / sst
    return (float(rho), float(r * r), float(direct))


def consistency(
    pairs: pd.DataFrame, n_boot: int = 500, seed: int = 0, level: float = 0.95
) -> dict[str, float]:
    """Spearman's rho and R^2 between a creator's past mean log cascade size and the next one, with percentile
    bootstrap intervals from resampling creators (all of a creator's cascades together).

    Keys: n_creators, n_pairs, spearman, spearman_ci_low, spearman_ci_high, r2, r2_ci_low, r2_ci_high,
    r2_direct (1 - SSE/SST with the past mean itself as the forecast; negative when worse than the mean),
    spearman_other (with the mean of all the creator's other cascades instead of the earlier ones)."""
    x = pairs["past_mean"].to_numpy(float)
    y = pairs["next_log_size"].to_numpy(float)
    rho, r2, direct = _r2_stats(x, y)
    creators, inv = np.unique(pairs["creator"].astype(str).to_numpy(), return_inverse=True)
    out = {
        "n_creators": int(creators.size),
        "n_pairs": int(x.size),
        "spearman": rho,
        "r2": r2,
        "r2_direct": direct,
        "spearman_ci_low": math.nan,
        "spearman_ci_high": math.nan,
        "r2_ci_low": math.nan,
        "r2_ci_high": math.nan,
        "spearman_other": math.nan,
    }
    if "other_mean" in pairs.columns:
        out["spearman_other"] = _r2_stats(pairs["other_mean"].to_numpy(float), y)[0]
    if math.isnan(rho) or creators.size < 5:
        return out
    rng = np.random.default_rng(seed)
    order = np.argsort(inv, kind="stable")
    starts = np.searchsorted(inv[order], np.arange(creators.size))
    ends = np.append(starts[1:], order.size)
    lens = ends - starts
    cx, cy = _codes(x), _codes(y)
    bs_rho, bs_r2 = [], []
    for _ in range(n_boot):
        pick = rng.integers(0, creators.size, creators.size)
        # rows of the picked creators, without a Python loop over creators
        n_rows = lens[pick]
        offset = np.arange(n_rows.sum()) - np.repeat(np.cumsum(n_rows) - n_rows, n_rows)
        idx = order[np.repeat(starts[pick], n_rows) + offset]
        codes = None if cx is None or cy is None else ((cx[0][idx], cx[1]), (cy[0][idx], cy[1]))
        b = _r2_stats(x[idx], y[idx], codes)
        bs_rho.append(b[0])
        bs_r2.append(b[1])
    lo_q, hi_q = 100 * (1 - level) / 2, 100 * (1 + level) / 2
    out["spearman_ci_low"], out["spearman_ci_high"] = np.nanpercentile(
        bs_rho, [lo_q, hi_q]
    ).tolist()
    out["r2_ci_low"], out["r2_ci_high"] = np.nanpercentile(bs_r2, [lo_q, hi_q]).tolist()
    return out
