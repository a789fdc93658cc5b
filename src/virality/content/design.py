"""Study C, regression design: the viral outcome and the control matrix (after Berger & Milkman 2012).

Viral = outcome in its top decile (Berger & Milkman: the NYT "most e-mailed" list; ties at the cut broken by a
seeded draw so that exactly 10% are viral), within calendar periods for counts read at collection time; a fixed cut (1,400 Mashable shares, Fernandes et al. 2015) as a
robustness check. Controls stand in for their home-page exposure, section, length and date: the data's
``cov_*`` columns (dummies kept, skewed counts logged, the rest z-scored, linearly dependent ones dropped)
and a natural cubic spline of the date (patsy ``cr``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .text import PCT_FEATURES

#: The data's own sentiment measures: never controls (compared with ours instead).
DEFAULT_EXCLUDE = r"(?i)(polarity|subjectivity|sentiment|rate_positive|rate_negative|positive_words|negative_words)"


#: How items tied at the top-decile cut are treated (content.ties in the config).
TIES = ("random", "above", "at_or_above")


def tie_keys(item_ids: Sequence, seed: int) -> np.ndarray:
    """A seeded pseudo-random key in [0, 1) per item that breaks ties at the cut: a hash of the seed and the
    item id alone (``files.stable_seed``), so every step that defines viral, on any subset of the items,
    breaks a tie the same way."""
    from ..files import stable_seed

    ids = pd.Series(item_ids).astype(str)
    return np.array([stable_seed(seed, i) / 2**32 for i in ids], dtype=float)


def _top_share(y: np.ndarray, quantile: float, ties: str, keys: np.ndarray | None) -> np.ndarray:
    """0/1 of finite ``y`` (one group): see :func:`viral_top_decile`."""
    q = float(np.quantile(y, quantile))
    if ties == "above":
        return (y > q).astype(float)
    if ties == "at_or_above":
        return (y >= q).astype(float)
    k = int(np.floor((1.0 - quantile) * len(y) + 0.5))
    tiebreak = keys if keys is not None else np.arange(len(y))[::-1].astype(float)
    order = np.lexsort((-tiebreak, -y))  # largest outcome first, then the largest key
    out = np.zeros(len(y))
    out[order[:k]] = 1.0
    return out


def viral_top_decile(
    outcome: pd.Series | np.ndarray,
    quantile: float = 0.9,
    groups: Sequence | None = None,
    ties: str = "random",
    keys: np.ndarray | None = None,
) -> np.ndarray:
    """1.0 for the items in the top ``1 - quantile`` share of ``outcome`` (NaN outcome → NaN); with ``groups``
    within each group (e.g. calendar month).

    Ties at the cut: ``random`` (default) makes exactly ``round((1 - quantile) n)`` items viral, breaking
    ties at the cut by the seeded ``keys`` (:func:`tie_keys`; without keys, by position); ``above`` keeps the
    strict ``outcome > quantile`` (fewer than 10% viral when many items tie at the 90th percentile);
    ``at_or_above`` takes ``>=`` (more than 10%).
    """
    if ties not in TIES:
        raise ValueError(f"unknown ties rule {ties!r}; expected one of {', '.join(TIES)}")
    y = np.asarray(outcome, dtype=float)
    ok = np.isfinite(y)
    out = np.full(y.shape, np.nan)
    g = (
        np.zeros(len(y), dtype=object)
        if groups is None
        else pd.Series(np.asarray(groups, dtype=object)).fillna("unknown").to_numpy()
    )
    for key in pd.unique(g):
        m = np.flatnonzero((g == key) & ok)
        if len(m):
            out[m] = _top_share(y[m], quantile, ties, None if keys is None else keys[m])
    return out


def boundary_ties(outcome, viral, groups: Sequence | None = None) -> tuple[int, int]:
    """Items whose outcome equals that of the least viral item of their group (the cut), and how many of
    them are viral, summed over ``groups`` (one group without)."""
    y, v = np.asarray(outcome, dtype=float), np.asarray(viral, dtype=float)
    g = (
        np.zeros(len(y))
        if groups is None
        else pd.Series(np.asarray(groups, dtype=object)).fillna("unknown").to_numpy()
    )
    tied = drawn = 0
    for key in pd.unique(g):
        m = (g == key) & np.isfinite(y) & np.isfinite(v)
        if (v[m] == 1).any():
            at = m & (y == np.min(y[m & (v == 1)]))
            tied, drawn = tied + int(at.sum()), drawn + int((v[at] == 1).sum())
    return tied, drawn


def period_labels(start_time, period: str | None) -> np.ndarray | None:
    """Calendar period (UTC) of each Unix time: ``month`` → ``YYYY-MM``, ``quarter``, ``year``; None → None."""
    if period is None:
        return None
    t = pd.to_datetime(pd.Series(np.asarray(start_time, dtype=float)), unit="s", utc=True)
    fmt = {"month": t.dt.strftime("%Y-%m"), "year": t.dt.strftime("%Y")}
    if period == "quarter":
        lab = t.dt.year.astype("Int64").astype(str) + "Q" + t.dt.quarter.astype("Int64").astype(str)
    elif period in fmt:
        lab = fmt[period]
    else:
        raise ValueError(f"unknown period {period!r}; expected month, quarter or year")
    return lab.astype(object).where(t.notna(), "unknown").to_numpy()


def viral_outcome(
    outcome,
    kind: str | None,
    quantile: float = 0.9,
    cut: float | None = None,
    groups: Sequence | None = None,
    ties: str = "random",
    keys: np.ndarray | None = None,
) -> np.ndarray:
    """Binary viral indicator: the outcome itself (> 0) if ``kind == "binary"``, else ``outcome >= cut`` if a
    cut is given, else the top decile (within ``groups`` if given; ``ties`` and ``keys`` as in
    :func:`viral_top_decile`)."""
    y = np.asarray(outcome, dtype=float)
    if kind == "binary":
        return np.where(np.isfinite(y), (y > 0).astype(float), np.nan)
    if cut is not None:
        return np.where(np.isfinite(y), (y >= cut).astype(float), np.nan)
    return viral_top_decile(y, quantile, groups, ties, keys)


def _skew(x: np.ndarray) -> float:
    sd = x.std()
    return float(np.mean(((x - x.mean()) / sd) ** 3)) if sd > 0 else 0.0


def date_spline(start_time: pd.Series, df: int) -> pd.DataFrame:
    """Natural cubic regression spline basis (patsy ``cr``) of the date, ``df`` columns ``date_s<k>``."""
    import patsy

    t = np.asarray(start_time, dtype=float)
    t = (t - np.nanmin(t)) / 86400.0
    basis = patsy.dmatrix(f"cr(t, df={int(df)}) - 1", {"t": t}, return_type="matrix")
    return pd.DataFrame(
        np.asarray(basis), columns=[f"date_s{k + 1}" for k in range(basis.shape[1])]
    )


def prepare_controls(
    items: pd.DataFrame,
    exclude: str = DEFAULT_EXCLUDE,
    min_dummy: int = 10,
    date_spline_df: int = 6,
    skip: Iterable[str] = (),
    include: str | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Control matrix from the ``cov_*`` columns except the features and ``exclude`` (the data's sentiment).

    A 0/1 column is kept if each value occurs ``min_dummy`` times; a skewed (> 1) non-negative column is
    logged (``log1p`` with zeros); others are z-scored; missing (or infinite) values take the median. With ``start_time``,
    a natural cubic spline of the date (``date_spline_df`` columns) is added: counts depend on the item's age.

    ``include`` (a regex), when given, keeps only the ``cov_*`` columns it matches (e.g. for the UCI data:
    channel, weekday, length, images, videos, links, as the issue's analogue of Berger & Milkman's controls).
    Returns the controls (one column per control, row-aligned with ``items``) and notes on what was dropped
    or transformed. Names keep their ``cov_`` prefix (valid formula identifiers).
    """
    skip = set(skip) | {f"cov_{f}" for f in PCT_FEATURES}
    rx = re.compile(exclude) if exclude else None
    rin = re.compile(include) if include else None
    notes: list[str] = []
    cols: dict[str, np.ndarray] = {}
    for c in sorted(items.columns):
        if not c.startswith("cov_") or c in skip:
            continue
        if rx is not None and rx.search(c):
            notes.append(f"{c}: the data's own sentiment measure, not a control")
            continue
        if rin is not None and not rin.search(c):
            continue
        x = items[c].to_numpy(dtype=float)
        x = np.where(np.isfinite(x), x, np.nan)  # an infinite value is as unusable as a missing one
        if np.isnan(x).all():
            continue
        if np.isnan(x).any():
            x = np.where(np.isnan(x), np.nanmedian(x), x)
            notes.append(f"{c}: missing values set to the median")
        vals = np.unique(x)
        if len(vals) <= 1:
            continue
        if set(vals) <= {0.0, 1.0}:
            n1 = int(x.sum())
            if min(n1, len(x) - n1) < min_dummy:
                notes.append(f"{c}: dummy with fewer than {min_dummy} items in a class, dropped")
                continue
            cols[c] = x
            continue
        if _skew(x) > 1 and x.min() >= 0:
            x = np.log(x) if x.min() > 0 else np.log1p(x)
        sd = x.std(ddof=1)
        cols[c] = (x - x.mean()) / sd if sd > 0 else x
    out = pd.DataFrame(cols, index=items.index)
    if (
        "start_time" in items.columns
        and date_spline_df
        and items["start_time"].nunique() > date_spline_df
    ):
        st = items["start_time"].astype(float)
        st = st.fillna(st.median())
        spl = date_spline(st, date_spline_df)
        spl.index = items.index
        out = pd.concat([out, spl], axis=1)
    return out, notes


def independent_columns(
    X: pd.DataFrame, base: np.ndarray | None = None, tol: float = 1e-8
) -> list[str]:
    """Columns of ``X`` kept in order, each only if it raises the rank of [1, base, kept...].

    One QR decomposition of the whole matrix, then the greedy rank checks on the small triangular factor
    (the same singular values as the columns themselves, at a fraction of the cost on 20,000 rows)."""
    n = len(X)
    lead = np.ones((n, 1)) if base is None else np.column_stack([np.ones(n), base])
    full = np.column_stack([lead, X.to_numpy(dtype=float)]) if X.shape[1] else lead
    if n == 0 or not np.isfinite(full).all():
        return []
    r = np.linalg.qr(full, mode="r")
    thr = tol * max(1, n)
    cur = list(range(lead.shape[1]))
    rank = np.linalg.matrix_rank(r[:, cur], tol=thr)
    kept = []
    for j, c in enumerate(X.columns, start=lead.shape[1]):
        trial = [*cur, j]
        rk = np.linalg.matrix_rank(r[:, trial], tol=thr)
        if rk > rank:
            kept.append(c)
            cur, rank = trial, rk
    return kept


def standardise(x: pd.Series) -> pd.Series:
    """z-score with the sample s.d. (ddof 1)."""
    x = x.astype(float)
    return (x - x.mean()) / x.std(ddof=1)
