"""Which law does the novelty decay follow? Three candidates fitted to the same points, compared by AIC.

The mean growth per step ``g_t`` (``mu r_t``) is fitted on the log scale by weighted least squares (weights
``(g/se)^2``, the inverse variance of ``ln g``, normalised to mean 1):

* ``stretched_exponential``: ``c exp(-a t^b)`` (Wu & Huberman 2007; 3 parameters, ``b`` in ``[b_min, 5]``);
* ``power_law``: ``c t^(-a)`` (2 parameters; the ``b -> 0`` limit of the stretched exponential, which a
  stretched exponential can only imitate at its lower bound of ``b``);
* ``exponential``: ``c exp(-a t)`` (2 parameters; the stretched exponential with ``b = 1``).

With Gaussian errors of unknown common scale, ``AIC = n ln(RSS_w / n) + 2 k``. A fit at a parameter bound
is flagged and never chosen as the best model: a bound says the family was the wrong one, not what the
decay is. The published "half-life" of 69 minutes is the age by which half of the total novelty
``int_0^inf r dt`` has accrued (:func:`novelty_half_time`), not where ``r = 1/2`` (:func:`decay.half_life`).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

MODELS = ("stretched_exponential", "power_law", "exponential")
FORMULAS = {
    "stretched_exponential": "c exp(-a t^b)",
    "power_law": "c t^(-a)",
    "exponential": "c exp(-a t)",
}
N_PARAMS = {"stretched_exponential": 3, "power_law": 2, "exponential": 2}


def _points(t, g, se):
    """The usable points: ``t > 0``, ``g > 0`` and a positive standard error; their normalised weights."""
    t, g = np.asarray(t, dtype=float), np.asarray(g, dtype=float)
    ok = np.isfinite(g) & (g > 0) & (t > 0)
    if se is not None:
        se = np.asarray(se, dtype=float)
        ok &= np.isfinite(se) & (se > 0)
    w = np.ones(int(ok.sum())) if se is None else (g[ok] / se[ok]) ** 2
    return t[ok], np.log(g[ok]), w / w.mean() if w.size else w


def _linear(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Weighted least squares ``y = p0 - p1 x``: returns ``(p0, p1)``."""
    sw = np.sqrt(w)
    design = np.column_stack([np.ones_like(x), -x]) * sw[:, None]
    coef, *_ = np.linalg.lstsq(design, y * sw, rcond=None)
    return float(coef[0]), float(coef[1])


def _aic(resid: np.ndarray, w: np.ndarray, k: int) -> tuple[float, float]:
    """Log-likelihood and AIC of weighted Gaussian residuals with a profiled common variance."""
    n = resid.size
    rss = float(np.sum(w * resid**2))
    if n == 0 or rss <= 0:
        return np.nan, np.nan
    loglik = -0.5 * n * (math.log(2 * math.pi * rss / n) + 1) + 0.5 * float(np.sum(np.log(w)))
    return loglik, -2 * loglik + 2 * k


def compare_models(t, g, se, stretched: tuple[float, float, float], b_min: float) -> list[dict]:
    """One row per model (:data:`MODELS`): ``c, a, b`` (``b`` 1 for the exponential, NaN for the power law),
    ``n_params``, ``n_points``, ``log_lik``, ``aic``, ``delta_aic`` (to the best fit not at a bound),
    ``at_bound`` and ``best``. ``stretched`` is the stretched-exponential fit ``(c, a, b)`` already made."""
    tt, y, w = _points(t, g, se)
    rows = []
    fits = {"stretched_exponential": stretched}
    if tt.size >= 3:
        lc, k = _linear(np.log(tt), y, w)
        fits["power_law"] = (math.exp(lc), k, np.nan) if abs(lc) < 700 else (np.nan,) * 3
        lc, a = _linear(tt, y, w)
        fits["exponential"] = (math.exp(lc), a, 1.0) if abs(lc) < 700 else (np.nan,) * 3
    for name in MODELS:
        c, a, b = fits.get(name, (np.nan, np.nan, np.nan))
        pred = _predict(name, tt, c, a, b)
        ok = np.isfinite(c) and tt.size > N_PARAMS[name]
        loglik, aic = _aic(np.log(pred) - y, w, N_PARAMS[name]) if ok else (np.nan, np.nan)
        at_bound = (
            name == "stretched_exponential"
            and np.isfinite(b)
            and (b <= b_min * 1.0001 or b >= 5.0 * 0.9999)
        )
        rows.append(
            {
                "model": name,
                "formula": FORMULAS[name],
                "c": c,
                "a": a,
                "b": b,
                "n_params": N_PARAMS[name],
                "n_points": int(tt.size),
                "log_lik": loglik,
                "aic": aic,
                "at_bound": bool(at_bound),
            }
        )
    usable = [r["aic"] for r in rows if np.isfinite(r["aic"]) and not r["at_bound"]]
    best = min(usable) if usable else np.nan
    for r in rows:
        r["delta_aic"] = r["aic"] - best if np.isfinite(best) else np.nan
        r["best"] = bool(np.isfinite(best) and r["aic"] == best and not r["at_bound"])
    return rows


def _predict(name: str, t: np.ndarray, c: float, a: float, b: float) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if name == "power_law":
            return c * np.power(t, -a)
        if name == "exponential":
            return c * np.exp(-a * t)
        return c * np.exp(-a * np.power(t, b))


def novelty_half_time(a: float, b: float) -> float:
    """Age ``tau`` with ``int_0^tau exp(-a t^b) dt = 1/2 int_0^inf exp(-a t^b) dt``:
    ``(P^-1(1/b, 1/2) / a)^(1/b)`` with ``P`` the regularised lower incomplete gamma function. With
    ``a = b = 0.4`` and ``t`` in minutes it is 69.0 minutes (the published "half-life"), while
    ``r = 1/2`` falls at 3.95 minutes."""
    if not (np.isfinite(a) and np.isfinite(b)) or a <= 0 or b <= 0:
        return np.nan
    q = float(special.gammaincinv(1.0 / b, 0.5)) if 1.0 / b < 1e8 else np.inf
    if not np.isfinite(q) or q <= 0:
        return np.nan
    e = (math.log(q) - math.log(a)) / b
    return float(math.exp(e)) if e < 700 else np.nan
