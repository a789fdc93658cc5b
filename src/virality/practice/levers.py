"""The three levers of visibility (Study E2): a Hawkes intensity process fitted per item.

The model is the discrete daily form of HIP (Rizoiu, Xie, Sanner, Cebrian, Yu & Van Hentenryck, WWW 2017;
its equations as implemented in the authors' ``predict_theoretical_lambda`` / ``HIP.predict``, re-derived
here, not copied):

    xi[0] = gamma + mu s[0];   xi[t] = eta + mu s[t] + n sum_{tau=1..t} g(tau) xi[t - tau]   (t >= 1)

with a power-law memory ``g(tau) ~ (tau + c)^-(1 + theta)`` normalised over a long horizon so that ``n`` is
the branching factor (HIP's ``C`` times the kernel's sum). ``gamma`` and ``eta`` are the organic lever (the
audience's own attention: day-0 and background), ``mu s`` the paid or exogenous lever (response to the
promotion series ``s``: shares, tweets, an announcement) and the self-excited remainder the viral lever.
Like the authors' R ``fit_series`` the fit minimises squared error between the observed counts and the
recursively simulated expectation (not one step ahead). Given ``n`` the expectation is linear in
``(gamma, eta, mu)``, so the fit profiles ``n`` on a grid (non-negative least squares for the rest) and
refines it by bounded scalar search; ``theta`` is chosen per data set from a grid and ``c`` is fixed.
Observations may be sums over coarser bins (the cumulative counts of the YouTube ACTIVE tables).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import linalg, optimize

LEVERS = ("organic", "viral", "paid")


@dataclass(frozen=True)
class Series:
    """Items of one data set on a common grid of ``n_steps`` model steps.

    ``counts[i, k]`` is the attention observed in bin k (steps ``edges[k]`` to ``edges[k + 1]``; NaN when
    not observed), ``promo[i, t]`` the promotion at step t (None when the data have no promotion series).
    """

    item_ids: np.ndarray
    counts: np.ndarray
    edges: np.ndarray
    promo: np.ndarray | None

    @property
    def n_steps(self) -> int:
        return int(self.edges[-1])

    def aggregator(self) -> np.ndarray:
        """``(bins, steps)`` 0/1 matrix summing model steps into observation bins."""
        agg = np.zeros((len(self.edges) - 1, self.n_steps))
        for k, (lo, hi) in enumerate(zip(self.edges[:-1], self.edges[1:], strict=True)):
            agg[k, lo:hi] = 1.0
        return agg


def kernel(n_steps: int, theta: float, c: float, horizon: int = 10_000) -> np.ndarray:
    """``g[tau]`` for ``tau = 0..n_steps-1`` (``g[0] = 0``), summing to one over ``tau = 1..horizon``."""
    tau = np.arange(1, horizon + 1, dtype=np.float64)
    w = (tau + c) ** -(1.0 + theta)
    g = np.zeros(n_steps)
    g[1:] = w[: n_steps - 1] / w.sum()
    return g


def impulse(g: np.ndarray, n: float) -> np.ndarray:
    """Expected attention after one unit of direct attention at step 0: ``h[0] = 1``,
    ``h[t] = n sum_{tau=1..t} g[tau] h[t - tau]`` (HIP's endogenous response, truncated to the window)."""
    h = np.zeros_like(g)
    h[0] = 1.0
    for t in range(1, g.size):
        h[t] = n * float(g[1 : t + 1] @ h[t - 1 :: -1])
    return h


def response(g: np.ndarray, n: float) -> np.ndarray:
    """``(I - n G)^-1`` for the excitation ``G[t, t - tau] = g[tau]``: the lower-triangular Toeplitz
    matrix of the impulse response, so expected attention is ``response(g, n) @ direct_inputs``."""
    return linalg.toeplitz(impulse(g, n), np.zeros_like(g))


def _design(series: Series) -> tuple[np.ndarray, np.ndarray]:
    """Direct-input columns shared by all items (day-0 impulse, background) and the promotion matrix."""
    T = series.n_steps
    base = np.zeros((T, 2))
    base[0, 0] = 1.0
    base[1:, 1] = 1.0
    promo = np.zeros((len(series.item_ids), T)) if series.promo is None else series.promo
    return base, promo


def _nnls(M: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    beta, resid = optimize.nnls(M, y)
    return beta, float(resid) ** 2


def _item_problem(series: Series, i: int, agg: np.ndarray):
    valid = np.isfinite(series.counts[i])
    return agg[valid], series.counts[i, valid]


def _profile(series: Series, g: np.ndarray, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Best branching factor on ``grid`` and its squared error, per item."""
    agg = series.aggregator()
    base, promo = _design(series)
    has_promo = series.promo is not None
    best_n = np.zeros(len(series.item_ids))
    best_sse = np.full(len(series.item_ids), np.inf)
    for n in grid:
        resp = agg @ response(g, n)
        resp_base = resp @ base
        resp_promo = resp @ promo.T if has_promo else None
        for i in range(len(series.item_ids)):
            valid = np.isfinite(series.counts[i])
            cols = [resp_base[valid]]
            if has_promo:
                cols.append(resp_promo[valid, i : i + 1])
            _, sse = _nnls(np.hstack(cols), series.counts[i, valid])
            if sse < best_sse[i]:
                best_n[i], best_sse[i] = n, sse
    return best_n, best_sse


def _fit_item(series: Series, g: np.ndarray, i: int, n_lo: float, n_hi: float) -> dict:
    """Refine item ``i``'s branching factor in ``[n_lo, n_hi]``; its parameters and lever totals."""
    agg, y = _item_problem(series, i, series.aggregator())
    base, promo = _design(series)
    X = base if series.promo is None else np.column_stack([base, promo[i]])

    def sse(n: float) -> float:
        return _nnls(agg @ (response(g, n) @ X), y)[1]

    res = optimize.minimize_scalar(
        sse, bounds=(n_lo, n_hi), method="bounded", options={"xatol": 1e-4}
    )
    n = float(res.x)
    R = response(g, n)
    beta, err = _nnls(agg @ (R @ X), y)
    # lever totals over the observed window (steps up to the last observed bin)
    last = int(series.edges[np.flatnonzero(np.isfinite(series.counts[i]))[-1] + 1])
    xi = (R @ (X @ beta))[:last]
    organic = float(beta[0] + beta[1] * (last - 1))
    paid = float(beta[2] * promo[i, :last].sum()) if series.promo is not None else 0.0
    total = float(xi.sum())
    return {
        "item_id": series.item_ids[i],
        "gamma": float(beta[0]),
        "eta": float(beta[1]),
        "mu": float(beta[2]) if series.promo is not None else np.nan,
        "branching": n,
        "organic": organic,
        "paid": paid if series.promo is not None else np.nan,
        "viral": total - organic - paid,
        "total": total,
        "observed": float(np.nansum(series.counts[i])),
        "sse": err,
        "sst": float(np.sum((y - y.mean()) ** 2)),
        "n_steps": last,
    }


def fit(
    series: Series,
    thetas: tuple[float, ...],
    c: float,
    n_max: float = 0.95,
    grid_size: int = 20,
) -> pd.DataFrame:
    """Per-item fits (one row each: parameters, lever totals ``organic``/``viral``/``paid``, ``total``).

    ``theta`` is the grid value with the least squared error relative to each item's squared counts,
    summed over items; ``n`` is profiled on ``grid_size`` values in ``[0, n_max]``, then refined.
    """
    if len(series.item_ids) == 0:
        raise ValueError("levers: no items to fit")
    grid = np.linspace(0.0, n_max, grid_size)
    scale = np.nansum(series.counts**2, axis=1) + 1e-12
    best = None
    for theta in thetas:
        g = kernel(series.n_steps, theta, c)
        n_best, sse = _profile(series, g, grid)
        loss = float(np.sum(sse / scale))
        if best is None or loss < best[0]:
            best = (loss, theta, g, n_best)
    _, theta, g, n_best = best
    step = grid[1] - grid[0]
    rows = [
        _fit_item(series, g, i, max(0.0, n_best[i] - step), min(n_max, n_best[i] + step))
        for i in range(len(series.item_ids))
    ]
    out = pd.DataFrame(rows)
    out["theta"], out["c"] = theta, c
    return out


def shares(totals: pd.DataFrame) -> dict[str, float]:
    """Pooled share of attention of each lever: its total over items / all attention (NaN if absent)."""
    denom = float(totals["total"].sum())
    return {
        lever: float(totals[lever].sum()) / denom if totals[lever].notna().any() else np.nan
        for lever in LEVERS
    }


def share_intervals(
    totals: pd.DataFrame, n_boot: int, rng: np.random.Generator, level: float = 0.95
) -> dict[str, tuple[float, float]]:
    """Percentile bootstrap intervals of the pooled shares, resampling items."""
    n = len(totals)
    idx = rng.integers(0, n, size=(n_boot, n))
    denom = totals["total"].to_numpy()[idx].sum(axis=1)
    lo, hi = (1 - level) / 2 * 100, (1 + level) / 2 * 100
    out = {}
    for lever in LEVERS:
        v = totals[lever].to_numpy(dtype=np.float64)
        if np.isnan(v).all():
            out[lever] = (np.nan, np.nan)
            continue
        boot = v[idx].sum(axis=1) / denom
        out[lever] = (float(np.percentile(boot, lo)), float(np.percentile(boot, hi)))
    return out
