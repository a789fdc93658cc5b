"""The external (editorial) share from the time series alone: Bass (1969) and Hawkes (1971) fits.

Bass: ``dN/dt = (p + q N/m)(m − N)`` fitted per item (``scipy.optimize.curve_fit``), market size ``m`` at
least the adoptions seen; the external share is the innovation channel's part. Hawkes
(:mod:`.hawkes`): a self-exciting process pooled over items, exponential and power-law kernels compared by
AIC; the external share is the expected share of immigrants of the branching process.

Clocks: an item's clock starts at its creator's seed when the seed's time is known, else at its first
adoption (a seed added at the first adoption would excite it at zero lag, so it is dropped); adoptions at
the same instant are spread evenly over the data's time resolution (the smallest gap between distinct
times), seed first; every item is observed until the data set's last event (the end of observation), not
its own last adoption.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd
from scipy import optimize

from ..skips import require
from .hawkes import KERNELS, HawkesData, fit_hawkes
from .social import Adoptions, build_adoptions


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
    nan = {k: math.nan for k in ("bass_m", "bass_p", "bass_q", "bass_external_share")}
    if n < 2 or not t[-1] > t[0]:
        return nan  # no curve to fit: every adoption at one instant
    span = float(t[-1]) if t[-1] > 0 else 1.0
    # the empirical curve at (at most) max_points evenly spaced ranks: cost independent of the item's size
    k = np.unique(np.linspace(0, n - 1, min(n, max_points)).round().astype(int))
    x = t[k] / span
    y = (k + 1).astype(float)

    def f(
        xx, a, b, c
    ):  # unconstrained: m = n (1 + e^a) >= n (the adoptions seen), p = e^b, q = e^c
        return n * (1.0 + np.exp(a)) * bass_cdf(xx, np.exp(b), np.exp(c))

    # 1. global start: a log grid of (p, q) with m profiled out in closed form (N = m F is linear in m)
    pg, qg = np.meshgrid(np.logspace(-3, 2, 26), np.logspace(-3, 3, 31), indexing="ij")
    pg, qg = pg.ravel(), qg.ravel()
    F = bass_cdf(x[None, :], pg[:, None], qg[:, None])
    m_g = np.maximum(F @ y / np.maximum(np.einsum("ij,ij->i", F, F), 1e-300), n * (1 + 1e-9))
    sse_g = np.einsum("ij,ij->i", m_g[:, None] * F - y, m_g[:, None] * F - y)
    # ties between grid points (flat valleys) resolve to the first in a fixed order; round the criterion so
    # last-bit differences cannot flip the choice
    g = int(np.argmin(np.round(sse_g, 9)))
    start = (math.log(m_g[g] / n - 1.0 + 1e-12), math.log(pg[g]), math.log(qg[g]))
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
        return nan
    best = ((n * (1.0 + math.exp(a)), math.exp(b), math.exp(c)), best[1])
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


@dataclass(frozen=True)
class TimeSeriesFit:
    """Which items :func:`external_shares` fits, and how (config ``attribution.timeseries``, defaults as
    there)."""

    min_adoptions: int = 10
    max_items: int = 2000
    max_items_by_dataset: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType({"twitter1516": 300})
    )
    background: str = "exposure"
    kernels: tuple[str, ...] = ("exponential", "power_law")
    max_evaluations: int = 1500

    def cap(self, dataset: str) -> int:
        """The most items fitted on ``dataset``: its own cap if it has one, else ``max_items``."""
        return int(self.max_items_by_dataset.get(dataset, self.max_items))


#: Columns of ``results/attribution/<dataset>/external.parquet``.
EXTERNAL_COLUMNS = [
    "item_id",
    "n_adoptions",
    "bass_m",
    "bass_p",
    "bass_q",
    "bass_external_share",
    "hawkes_external_share",
]


def break_ties(item: np.ndarray, time: np.ndarray) -> tuple[np.ndarray, float, int]:
    """Times with each run of ``k`` equal times of an item spread to ``t + j h / k`` (``j = 0..k−1``, in the
    given order), ``h`` the resolution: the smallest gap between distinct times of an item. Rows sorted by
    item then time. Returns the new times, ``h`` and the number of rows moved.

    Raises :class:`~virality.skips.Skip` when no item has two distinct times (no resolution, no clock).
    """
    new_run = np.r_[True, (item[1:] != item[:-1]) | (time[1:] != time[:-1])]
    gaps = np.diff(time)[item[1:] == item[:-1]]
    gaps = gaps[gaps > 0]
    require(
        gaps.size > 0,
        "hawkes",
        "all adoptions of every item happen at one instant: no clock to fit a Hawkes process on",
        n_events=int(time.size),
    )
    h = float(gaps.min())
    run = np.cumsum(new_run) - 1
    run_start = np.flatnonzero(new_run)
    j = np.arange(time.size) - run_start[run]
    k = np.diff(np.r_[run_start, time.size])[run]
    return time + j * h / k, h, int((j > 0).sum())


def hawkes_input(
    ad: Adoptions, eligible: np.ndarray, tau: np.ndarray, t_end: float
) -> tuple[HawkesData, dict]:
    """:class:`HawkesData` of the ``eligible`` items (codes into ``ad.item_ids``): seeds added at the first
    adoption dropped, ties broken (:func:`break_ties`), windows to ``t_end``; and what was done."""
    n_items = len(ad.item_ids)
    first = np.full(n_items, np.inf)
    np.minimum.at(first, ad.item[~ad.seed], ad.time[~ad.seed])
    added = ad.seed_added if ad.seed_added is not None else np.zeros(len(ad), bool)
    inferred = ad.seed & added & (ad.time >= first[ad.item])
    keep = np.isin(ad.item, eligible) & ~inferred
    remap = np.full(n_items, -1)
    remap[eligible] = np.arange(eligible.size)
    item, time, seed = remap[ad.item[keep]], ad.time[keep], ad.seed[keep]
    time, h, moved = break_ties(item, time)  # ad is sorted by item, time, seed first
    start = np.full(eligible.size, np.inf)
    np.minimum.at(start, item, time)
    T = t_end + h - start  # to the end of the last instant of observation
    scale = float(
        np.median(T)
    )  # the fit's time unit: windows of order 1, whatever the data's clock
    d = HawkesData(
        t=(time - start[item]) / scale,
        item=item,
        counted=~seed,
        T=T / scale,
        tau=(tau - start) / scale,
    )
    info = {
        "time_scale": scale,
        "n_seeds_dropped": int((inferred & np.isin(ad.item, eligible)).sum()),
        "n_ties_broken": moved,
        "time_resolution": h,
        "window_end": float(t_end + h),
    }
    return d, info


def fit_kernels(d: HawkesData, fit: TimeSeriesFit) -> tuple[dict, dict]:
    """Every kernel of ``fit.kernels`` fitted; the one with the lowest AIC, and a summary of all."""
    fits = {
        k: fit_hawkes(d, background=fit.background, kernel=k, max_evaluations=fit.max_evaluations)
        for k in fit.kernels
    }
    aic = {k: 2 * f["n_params"] - 2 * f["loglik"] for k, f in fits.items()}
    best = min(fits, key=lambda k: (aic[k], list(KERNELS).index(k)))
    summary = {"hawkes_kernel": best}
    for k, f in fits.items():
        summary[f"hawkes_external_share_{k}"] = f["external_share"]
        summary[f"hawkes_loglik_{k}"] = f["loglik"]
        summary[f"hawkes_aic_{k}"] = aic[k]
        summary[f"hawkes_alpha_{k}"] = f["alpha"]
        summary[f"hawkes_at_bound_{k}"] = bool(f["at_bound"])
        summary[f"hawkes_converged_{k}"] = bool(f["converged"])
    return fits[best], summary


def external_shares(
    events: pd.DataFrame,
    items: pd.DataFrame | None = None,
    exposures: pd.DataFrame | None = None,
    fit: TimeSeriesFit | None = None,
    seed: int = 0,
    dataset: str = "",
) -> tuple[pd.DataFrame, dict]:
    """Bass (per item) and pooled Hawkes external shares from the time series alone (no graph used).

    Items with at least ``fit.min_adoptions`` non-seed adoptions are used; above the data set's cap
    (:meth:`TimeSeriesFit.cap`) a seeded random sample of them (the same for the same seed) is fitted, and
    the summary says so. The first
    exposure of an item (if any) is its editorial event for the exposure-driven background. Returns
    per-item estimates and a summary whose shares are adoption-weighted over the fitted items. Raises
    :class:`~virality.skips.Skip` when no item qualifies or no item has a clock.
    """
    fit = fit or TimeSeriesFit()
    ad = build_adoptions(events, items)
    n_items = len(ad.item_ids)
    n = np.bincount(ad.item[~ad.seed], minlength=n_items)
    eligible = np.flatnonzero(n >= fit.min_adoptions)
    require(
        eligible.size > 0,
        "timeseries",
        f"no item has {fit.min_adoptions} or more adoptions (attribution.timeseries.min_adoptions)",
        n_items=n_items,
        max_adoptions=int(n.max(initial=0)),
    )
    n_eligible = int(eligible.size)
    cap = fit.cap(dataset)
    if eligible.size > cap:
        eligible = np.sort(np.random.default_rng(seed).choice(eligible, cap, replace=False))
    tau = np.full(eligible.size, np.nan)
    if exposures is not None and len(exposures):
        first_exp = exposures.groupby("item_id", observed=True)["time"].min()
        tau = pd.Series(ad.item_ids[eligible]).map(first_exp).to_numpy(dtype=float)
    d, info = hawkes_input(ad, eligible, tau, float(ad.time.max()))
    hk, kernels = fit_kernels(d, fit)
    out = _bass_frame(ad, n, eligible, fit.min_adoptions)
    out["hawkes_external_share"] = hk["item_external_share"]
    w = out["n_adoptions"].to_numpy(dtype=float)
    b = out["bass_external_share"].to_numpy()
    ok = np.isfinite(b)
    at_n = out["bass_m"].to_numpy() <= 1.001 * w  # market size at the adoptions seen: saturated
    summary = {
        "n_items_eligible": n_eligible,
        "n_items_fitted": int(eligible.size),
        "items_sampled": bool(eligible.size < n_eligible),
        "n_adoptions_fitted": int(w.sum()),
        "bass_external_share": float(math.fsum(w[ok] * b[ok]) / math.fsum(w[ok]))
        if ok.any()
        else math.nan,
        "bass_share_saturated": float(at_n[ok].mean()) if ok.any() else math.nan,
        "hawkes_external_share": hk["external_share"],
        **kernels,
        "hawkes_alpha": hk["alpha"],
        "hawkes_beta": hk["beta"] / info["time_scale"],  # per unit of the data's clock
        "hawkes_c": hk["c"] * info["time_scale"],
        "hawkes_theta": hk["theta"],
        "hawkes_delta": hk["delta"] / info["time_scale"],
        "hawkes_background": fit.background if np.isfinite(tau).any() else "constant",
        "hawkes_loglik": hk["loglik"],
        "hawkes_converged": hk["converged"],
        "hawkes_at_bound": bool(hk["at_bound"]),
        **info,
    }
    return out[EXTERNAL_COLUMNS], summary


def _bass_frame(ad: Adoptions, n: np.ndarray, eligible: np.ndarray, min_adoptions: int):
    """Per eligible item: its adoptions and the Bass fit on its non-seed adoptions, clock from its start."""
    n_items = len(ad.item_ids)
    start = np.full(n_items, np.inf)
    np.minimum.at(start, ad.item, ad.time)
    remap = np.full(n_items, -1)
    remap[eligible] = np.arange(eligible.size)
    counted = np.isin(ad.item, eligible) & ~ad.seed
    bass = fit_bass_items(
        pd.DataFrame({"item_id": remap[ad.item[counted]], "time": ad.time[counted]}),
        pd.Series(start[eligible], index=np.arange(eligible.size)),
        min_adoptions=min_adoptions,
    )
    out = pd.DataFrame(
        {"item_id": pd.array(ad.item_ids[eligible], dtype="string"), "n_adoptions": n[eligible]}
    )
    b = bass.set_index("item_id").reindex(np.arange(eligible.size))
    for c in ("bass_m", "bass_p", "bass_q", "bass_external_share"):
        out[c] = b[c].to_numpy(dtype=float)
    return out
