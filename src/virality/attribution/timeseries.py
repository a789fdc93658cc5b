"""The external (editorial) share from the time series alone: Bass (1969) and Hawkes (1971) fits.

Bass: ``dN/dt = (p + q N/m)(m − N)`` fitted per item (``scipy.optimize.curve_fit``); the external share is
the innovation channel's part. Hawkes: a self-exciting process with exponential kernel, pooled over items by
maximum likelihood (``scipy.optimize.minimize``), constant or exposure-driven background; the external share
is the expected share of immigrants of the branching process.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

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
    """Pooled Hawkes (1971) fit by maximum likelihood: one kernel for all items, a background per item.

    ``λ_i(t) = μ_i + ν_i g(t − τ_i) + Σ_{t_j < t} α β e^{−β (t − t_j)}``; ``"exposure"`` adds the burst
    ``g(s) = δ e^{−δ s}`` after the item's exposure ``τ_i`` (``"constant"``: ``ν_i = 0``). ``μ_i, ν_i`` are
    profiled out by EM and ``(α, β, δ)`` maximised by Nelder–Mead on logs. Per-item backgrounds bias ``α`` low
    (incidental parameters: 0.05–0.09 in the tests); ``shared_background`` fits :func:`simulate_hawkes`'s
    model. An item's external share is the mean of ``background/λ`` over its adoptions (immigrant posterior).
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


@dataclass(frozen=True)
class TimeSeriesFit:
    """Which items :func:`external_shares` fits, and the Hawkes background (config
    ``attribution.timeseries``, defaults as there)."""

    min_adoptions: int = 10
    max_items: int = 2000
    background: str = "exposure"


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


def external_shares(
    events: pd.DataFrame,
    items: pd.DataFrame | None = None,
    exposures: pd.DataFrame | None = None,
    fit: TimeSeriesFit | None = None,
    seed: int = 0,
) -> tuple[pd.DataFrame, dict]:
    """Bass (per item) and pooled Hawkes external shares from the time series alone (no graph used).

    Items with at least ``fit.min_adoptions`` non-seed adoptions are used; above ``fit.max_items`` a seeded
    random sample of them is fitted. The creator (when ``items.creator`` is known) is the seed: it starts
    the item's clock and excites, but is not counted. The first exposure of an item (if any) is its
    editorial event for the exposure-driven background. Returns per-item estimates and a summary whose
    shares are adoption-weighted over the fitted items.
    """
    fit = fit or TimeSeriesFit()
    ad = build_adoptions(events, items)
    n_items = len(ad.item_ids)
    n = np.bincount(ad.item[~ad.seed], minlength=n_items)
    eligible = np.flatnonzero(n >= fit.min_adoptions)
    if eligible.size > fit.max_items:
        eligible = np.sort(
            np.random.default_rng(seed).choice(eligible, fit.max_items, replace=False)
        )
    if eligible.size == 0:
        return pd.DataFrame(columns=EXTERNAL_COLUMNS), {
            "n_items_fitted": 0,
            "bass_external_share": math.nan,
            "hawkes_external_share": math.nan,
        }
    out, hk, tau = _fit_items(ad, n, eligible, exposures, fit.min_adoptions, fit.background)
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
        "hawkes_background": fit.background if np.isfinite(tau).any() else "constant",
        "hawkes_loglik": hk["loglik"],
        "hawkes_converged": hk["converged"],
    }
    return out[EXTERNAL_COLUMNS], summary


def _fit_items(
    ad: Adoptions,
    n: np.ndarray,
    eligible: np.ndarray,
    exposures: pd.DataFrame | None,
    min_adoptions: int,
    background: str,
) -> tuple[pd.DataFrame, dict, np.ndarray]:
    """Bass per item and the pooled Hawkes fit on the ``eligible`` items of :func:`external_shares`.

    Returns the per-item frame, the Hawkes fit and each item's first exposure time (``nan`` when none).
    """
    n_items = len(ad.item_ids)
    start = np.full(n_items, np.inf)
    np.minimum.at(start, ad.item, ad.time)
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
    return out, hk, tau
