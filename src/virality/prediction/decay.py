"""Wu & Huberman (PNAS 2007), "Novelty and collective attention".

Popularity grows as ``N_t = (1 + r_t X_t) N_{t-1}`` with i.i.d. ``X_t`` (mean ``mu``), so the final
popularity is log-normal (:func:`lognormal_summary`) and the novelty factor decays as a stretched exponential
``r_t = exp(-a t^b)``. :func:`novelty_decay` estimates ``mu r_t`` from the mean relative growth per step,
``E[N_t / N_{t-1} - 1] = r_t mu`` (``growth="log"``: the paper's growth of ``ln N``), fits ``c exp(-a t^b)``
by weighted least squares on the log scale, bootstraps items for intervals and compares the fit with a power
law and an exponential (:mod:`virality.prediction.decay_models`). ``half_life`` is the age at which
``exp(-a t^b) = 1/2``, reported only inside the fitted ages and when ``b`` is not at its lower bound; the
published "half-life" (69 min) is another quantity, the novelty half time.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import optimize

from .cascades import Cascades
from .decay_models import _predict, compare_models, novelty_half_time
from .grid import Grid


def lognormal_summary(n_final: np.ndarray) -> dict:
    """Mean and s.d. of ``ln N`` and the p-value of a normality test of ``ln N``.

    Wu & Huberman used a Kolmogorov-Smirnov test; with the mean and s.d. estimated from the same data the
    correct null distribution is Lilliefors' (``statsmodels.stats.diagnostic.lilliefors``), used here.
    """
    from statsmodels.stats.diagnostic import lilliefors

    x = np.log(np.asarray(n_final, dtype=float))
    x = x[np.isfinite(x)]
    if x.size < 5:
        return {"lognormal_mu": np.nan, "lognormal_sigma": np.nan, "normality_p": np.nan}
    if np.ptp(x) == 0:
        return {"lognormal_mu": float(x.mean()), "lognormal_sigma": 0.0, "normality_p": np.nan}
    _, p = lilliefors(x, dist="norm", pvalmethod="approx")
    return {
        "lognormal_mu": float(x.mean()),
        "lognormal_sigma": float(x.std(ddof=1)),
        "normality_p": float(p),
    }


def growth_matrix(counts: np.ndarray, growth: str = "relative") -> np.ndarray:
    """Per-item growth between successive grid ages: ``N_t/N_{t-1} - 1`` (or ``ln N_t - ln N_{t-1}``);
    NaN where ``N_{t-1} = 0``."""
    prev = counts[:, :-1].astype(float)
    cur = counts[:, 1:].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = cur / prev - 1.0 if growth == "relative" else np.log(cur) - np.log(prev)
    g[prev <= 0] = np.nan
    return g


def _weighted_step_means(g: np.ndarray, weights: np.ndarray | None = None):
    ok = np.isfinite(g)
    g0 = np.where(ok, g, 0.0)
    if weights is None:
        n = ok.sum(axis=0).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = g0.sum(axis=0) / n
            var = (np.where(ok, (g - mean) ** 2, 0.0)).sum(axis=0) / np.maximum(n - 1, 1)
            se = np.sqrt(var / n)
        return mean, se, n
    n = weights @ ok.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (weights @ g0) / n, None, n


def fit_stretched_exponential(
    t: np.ndarray,
    g: np.ndarray,
    se: np.ndarray | None = None,
    start: tuple[float, float, float] | None = None,
    b_min: float = 0.05,
) -> tuple[float, float, float]:
    """Fit ``g_t = c exp(-a t^b)`` by (weighted) least squares on ``ln g``: returns ``(c, a, b)``.

    Points with ``g <= 0`` or undefined are dropped; weights are ``(g/se)^2`` (the inverse variance of
    ``ln g``) when ``se`` is given. Unless ``start`` is given, a profile over ``b`` (closed-form WLS for
    ``ln c`` and ``a``) gives the start of ``scipy.optimize.least_squares`` (analytic Jacobian).
    ``b >= b_min``: as ``b -> 0`` the law tends to a power law ``c e^-a t^(-a b)`` with diverging ``c`` and
    ``a``, the degenerate optimum of decays that are power laws (as on real cascades); the bound keeps the
    estimate finite, and an estimate at the bound says so.
    """
    t = np.asarray(t, dtype=float)
    g = np.asarray(g, dtype=float)
    ok = np.isfinite(g) & (g > 0) & (t > 0)
    if se is not None:
        se = np.asarray(se, dtype=float)
        ok &= np.isfinite(se) & (se > 0)
    if ok.sum() < 3:
        return np.nan, np.nan, np.nan
    t, y = t[ok], np.log(g[ok])
    w = np.ones_like(y) if se is None else (g[ok] / se[ok]) ** 2
    w = w / w.mean()
    sw = np.sqrt(w)
    logt = np.log(t)

    if start is not None and np.all(np.isfinite(start)):
        x0 = [math.log(start[0]), start[1], start[2]]
    else:

        def wls(b):
            x = np.power(t, b)
            design = np.column_stack([np.ones_like(x), -x]) * sw[:, None]
            coef, *_ = np.linalg.lstsq(design, y * sw, rcond=None)
            res = design @ coef - y * sw
            return coef, float(res @ res)

        bs = np.linspace(b_min, 2.0, 40)
        best = min(bs, key=lambda b: wls(b)[1])
        (lc, a0), _ = wls(best)
        x0 = [lc, max(a0, 1e-6), best]

    def resid(p):
        return (p[0] - p[1] * np.power(t, p[2]) - y) * sw

    def jac(p):
        tb = np.power(t, p[2])
        return np.column_stack([sw, -tb * sw, -p[1] * tb * logt * sw])

    x0[1] = min(max(x0[1], 1e-9), 1e6)
    x0[2] = min(max(x0[2], b_min * 1.001), 4.9)
    fit = optimize.least_squares(
        resid,
        x0=x0,
        jac=jac,
        bounds=([-np.inf, 0.0, b_min], [np.inf, np.inf, 5.0]),
        max_nfev=2000,
        method="trf",
    )
    lc, a, b = fit.x
    if not fit.success or not np.isfinite(lc) or abs(lc) > 700:
        return np.nan, np.nan, np.nan
    return float(math.exp(lc)), float(a), float(b)


def half_life(a: float, b: float) -> float:
    """Age at which ``exp(-a t^b) = 1/2``: ``(ln 2 / a)^(1/b)``."""
    if not (np.isfinite(a) and np.isfinite(b)) or a <= 0 or b <= 0:
        return np.nan
    return _root(math.log(2.0) / a, b)


def _root(x: float, b: float) -> float:
    """``x^(1/b)`` for ``x > 0``, NaN where it overflows (a fit with ``b`` near 0)."""
    e = math.log(x) / b
    return float(math.exp(e)) if e < 700 else np.nan


def _within(x: float, t: np.ndarray) -> float:
    """``x`` if it lies within the fitted ages ``[t.min(), t.max()]``, else NaN (no extrapolation)."""
    return float(x) if np.isfinite(x) and t.size and t.min() <= x <= t.max() else np.nan


def novelty_decay(
    cas: Cascades,
    grid: Grid,
    growth: str = "relative",
    n_boot: int = 200,
    seed: int = 0,
    skip_first: bool = False,
    b_min: float = 0.05,
) -> dict:
    """Wu & Huberman's novelty decay on the grid ``0, step, 2 step, … <= t_r``.

    ``mu r_t`` at ``t`` (end of each step, in ``grid.unit``) is the mean over items of the growth in that
    step; ``c exp(-a t^b)`` is fitted to it (:func:`fit_stretched_exponential`). Percentile intervals (95%)
    come from ``n_boot`` bootstrap resamples of items. Returns a, b, half-life, their intervals and the
    per-step points (for the figure).
    """
    k = int(math.floor(grid.t_r / grid.decay_step + 1e-9))
    ages = np.arange(k + 1) * grid.decay_step
    counts = cas.counts_at(ages)
    g = growth_matrix(counts, growth)
    t = ages[1:] / grid.unit_seconds
    if skip_first:
        g, t = g[:, 1:], t[1:]
    mean, se, n = _weighted_step_means(g)
    c, a, b = fit_stretched_exponential(t, mean, se, b_min=b_min)
    at_bound = bool(np.isfinite(b) and b <= b_min * 1.0001)
    # at the bound the fit is a power law in disguise: its "half-life" (1e-30 h and the like) means nothing
    models = compare_models(t, mean, se, (c, a, b), b_min)
    out = {
        "decay_c": c,
        "decay_a": a,
        "decay_b": b,
        "half_life": _within(half_life(a, b), t) if not at_bound else np.nan,
        "novelty_half_time": novelty_half_time(a, b) if not at_bound else np.nan,
        "b_at_bound": at_bound,
        "models": models,
    }
    boots = []
    if n_boot and cas.n_items >= 5 and np.isfinite(a):
        rng = np.random.default_rng(seed)
        w = rng.multinomial(
            cas.n_items, np.full(cas.n_items, 1.0 / cas.n_items), size=n_boot
        ).astype(float)
        bmean, _, _ = _weighted_step_means(g, w)
        for r in range(n_boot):
            _, ba, bb = fit_stretched_exponential(t, bmean[r], se, start=(c, a, b), b_min=b_min)
            boots.append((ba, bb, np.nan if at_bound else _within(half_life(ba, bb), t)))
    boots = np.array(boots) if boots else np.full((1, 3), np.nan)
    for j, name in enumerate(("decay_a", "decay_b", "half_life")):
        col = boots[:, j]
        col = col[np.isfinite(col)]
        lo, hi = np.quantile(col, [0.025, 0.975]) if col.size >= 10 else (np.nan, np.nan)
        out[f"{name}_low"], out[f"{name}_high"] = float(lo), float(hi)
    fitted = c * np.exp(-a * np.power(t, b)) if np.isfinite(a) else np.full_like(t, np.nan)
    # the popularity curve: the mean share of N(t_r) reached at each age (Szabo & Huberman's growth profile)
    final = np.maximum(counts[:, -1:].astype(float), 1.0)
    profile = (counts[:, 1:] / final).mean(axis=0)
    if skip_first:
        profile = profile[1:]
    out["points"] = pd.DataFrame(
        {
            "t": t,
            "growth_mean": mean,
            "growth_se": se,
            "n_items": n,
            "fitted": fitted,
            "profile_mean": profile,
            **{
                f"fitted_{m['model']}": _predict(m["model"], t, m["c"], m["a"], m["b"])
                for m in models
                if m["model"] != "stretched_exponential"
            },
        }
    )
    return out
