"""When an item's clock starts, which items a step uses, and how items are split without leakage.

* **Clock origin** (the age-0 of every item; Wu & Huberman timed Digg stories from their promotion to the
  front page, when ``N_0`` was already tens of votes): ``exposure`` (the item's first editorial exposure in
  the ``exposures`` table, e.g. the Higgs announcement), ``threshold`` (when the item reaches ``n0``
  adopters) or ``first_event``; ``auto`` is ``exposure`` where the data set has exposures, else
  ``threshold``. Events before the origin count in ``N(0)``.
* **Selection**: ``observed`` (the whole window ``[origin, origin + t_r]`` is observed; nothing about size),
  ``at_t_i`` (observed and ``N(t_i) >= min_early``: what is known at the indicator time) and ``final_size``
  (observed and ``N(t_r) >= min_final``: selection on the outcome, reported as a sensitivity only).
* **Splits** are group-aware (all items of a source on one side) and the source's record is read only from
  its items whose reference window had closed when the item started (a temporal feature).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .cascades import Cascades

CLOCKS = ("exposure", "threshold", "first_event")
SELECTIONS = ("observed", "at_t_i", "final_size")


def resolve_clock(setting: str, exposures: pd.DataFrame | None) -> str:
    """The clock origin a data set uses: ``setting`` unless ``auto`` (exposure if any, else threshold)."""
    if setting != "auto":
        if setting not in CLOCKS:
            raise ValueError(
                f"clock_origin must be auto or one of {', '.join(CLOCKS)}; got {setting!r}"
            )
        return setting
    has = exposures is not None and len(exposures) > 0
    return "exposure" if has else "threshold"


def item_origins(
    cas: Cascades, clock: str, n0: int = 10, exposures: pd.DataFrame | None = None
) -> np.ndarray:
    """Absolute time of each item's age 0 under ``clock`` (NaN where it has none: no exposure, or fewer than
    ``n0`` events for ``threshold``)."""
    first = cas.start + cas.age[cas.ptr[:-1]] if cas.age.size else np.array([])
    if clock == "first_event":
        return first.astype(float)
    if clock == "threshold":
        size = np.diff(cas.ptr)
        idx = np.minimum(cas.ptr[:-1] + max(int(n0), 1) - 1, max(cas.age.size - 1, 0))
        t = cas.start + cas.age[idx] if cas.age.size else np.array([])
        return np.where(size >= max(int(n0), 1), t, np.nan)
    if clock == "exposure":
        if exposures is None or len(exposures) == 0:
            return np.full(cas.n_items, np.nan)
        first_exp = (
            exposures.assign(item_id=exposures["item_id"].astype("string"))
            .groupby("item_id")["time"]
            .min()
        )
        return pd.Series(cas.item_ids).map(first_exp).to_numpy(dtype=float)
    raise ValueError(f"unknown clock origin {clock!r}")


def observed(origin: np.ndarray, t_r: float, end_time: float) -> np.ndarray:
    """Items with an origin whose window ``[origin, origin + t_r]`` ends by ``end_time``."""
    return np.isfinite(origin) & (origin + t_r <= end_time * (1 + 1e-12) + 1e-9)


def group_split(groups: np.ndarray, seed: int, test_fraction: float = 0.5) -> np.ndarray:
    """Training mask that keeps every group (source, creator) on one side: groups in a seeded random order
    go to training until ``round(n (1 - test_fraction))`` items are reached."""
    groups = pd.Series(np.asarray(groups).astype(str))
    codes, uniq = pd.factorize(groups, sort=True)
    sizes = np.bincount(codes, minlength=len(uniq))
    order = np.random.default_rng(seed).permutation(len(uniq))
    target = int(round(len(groups) * (1.0 - test_fraction)))
    in_train = np.zeros(len(uniq), dtype=bool)
    in_train[order[np.cumsum(sizes[order]) <= max(target, 0)]] = True
    if target > 0 and not in_train.any() and len(uniq) > 1:
        in_train[order[0]] = True  # one group larger than the target: train on it
    return in_train[codes]


def source_record(
    groups: np.ndarray,
    origin: np.ndarray,
    target: np.ndarray,
    t_r: float,
    absolute_time: bool,
    smoothing: float = 5.0,
) -> pd.DataFrame:
    """The source's record as known when each item starts: the number of its items whose window
    ``[origin, origin + t_r]`` had closed by then, and their shrunk mean ``target`` (``ln N(t_r)``; the
    prior is the mean over all such earlier items of every source). Without absolute times (every item
    starts at 0, e.g. trees given as delays) nothing is known earlier: counts 0, the prior 0."""
    n = len(groups)
    count = np.zeros(n)
    mean = np.zeros(n)
    if not absolute_time or n == 0:
        return pd.DataFrame({"source_n_items": count, "source_mean_log_final": mean})
    done = origin + t_r
    order = np.argsort(done, kind="stable")
    done_sorted, tgt_sorted = done[order], target[order]
    cum = np.concatenate([[0.0], np.cumsum(tgt_sorted)])
    k_all = np.searchsorted(done_sorted, origin, side="right")
    prior = np.where(k_all > 0, cum[k_all] / np.maximum(k_all, 1), 0.0)
    g = pd.Series(np.asarray(groups).astype(str))
    for _, idx in g.groupby(g, sort=True).indices.items():
        if idx.size < 2:
            mean[idx] = prior[idx]
            continue
        o = idx[np.argsort(done[idx], kind="stable")]
        c = np.concatenate([[0.0], np.cumsum(target[o])])
        k = np.searchsorted(done[o], origin[idx], side="right")
        count[idx] = k
        with np.errstate(invalid="ignore", divide="ignore"):
            shrunk = (c[k] + smoothing * prior[idx]) / (k + smoothing)
        mean[idx] = np.where(k + smoothing > 0, shrunk, prior[idx])
    return pd.DataFrame({"source_n_items": count, "source_mean_log_final": mean})
