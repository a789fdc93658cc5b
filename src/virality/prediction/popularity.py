"""Is final popularity log-normal? Candidates compared instead of one normality test.

Wu & Huberman (2007) tested the normality of ``ln N``; a normality test alone, on items chosen by their final
size, leans toward rejection and says nothing about the alternatives. Here the final counts ``N(t_r)`` of all
items observed to ``t_r`` (``N >= 1``) are fitted with ``powerlaw`` (Alstott, Bullmore & Plenz 2014; the
method of Clauset, Shalizi & Newman 2009, discrete distributions) and the log-normal, the power law and the
stretched exponential are compared pairwise by the log-likelihood ratio ``R`` (positive: the first candidate
fits better) and its p-value (Vuong's normalised ratio). Two ranges: ``all`` (every count, ``x_min = 1``)
and ``tail`` (``x >= x_min`` chosen by the Kolmogorov-Smirnov distance of the power-law fit,
:func:`tail_xmin`).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import warnings

import numpy as np

CANDIDATES = ("lognormal", "power_law", "stretched_exponential")
RANGES = ("all", "tail")


def _quiet(fn, *args, **kw):
    """``fn(*args, **kw)`` without powerlaw's warnings and messages."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            return fn(*args, **kw)


def _fit(x: np.ndarray, xmin: float):
    import powerlaw

    return _quiet(powerlaw.Fit, x, discrete=True, xmin=xmin, verbose=False)


def tail_xmin(x: np.ndarray, n_candidates: int = 40) -> float:
    """Clauset et al.'s ``x_min`` (the smallest Kolmogorov-Smirnov distance of the power-law fit to
    ``x >= x_min``), searched over ``n_candidates`` log-spaced values from the smallest count to the 0.9
    quantile (a grid instead of every distinct value, which takes seconds on a few thousand items)."""
    hi = max(float(np.quantile(x, 0.9)), float(x.min()))
    cands = np.unique(np.round(np.geomspace(float(x.min()), hi, n_candidates)))
    best, best_d = float(cands[0]), np.inf
    for v in cands:
        if (x >= v).sum() < 10:
            break
        d = float(_quiet(lambda v=v: _fit(x, float(v)).power_law.D))
        if np.isfinite(d) and d < best_d:
            best, best_d = float(v), d
    return best


def _compare(fit, first: str, second: str) -> tuple[float, float]:
    r, p = _quiet(fit.distribution_compare, first, second, normalized_ratio=False)
    return float(r), float(p)


def compare_candidates(n_final: np.ndarray, alpha: float = 0.05) -> list[dict]:
    """One row per range and pair of candidates: ``range``, ``x_min``, ``n_fit``, ``first``, ``second``,
    ``loglik_ratio``, ``p_value``, ``favoured`` (the candidate the sign favours when ``p < alpha``, else
    ``undecided``) and the fitted parameters (power-law ``alpha``, log-normal ``mu``/``sigma``, stretched
    exponential ``lambda``/``beta``). Empty when fewer than 2 distinct counts."""
    x = np.asarray(n_final, dtype=float)
    x = x[np.isfinite(x) & (x >= 1)]
    if np.unique(x).size < 2:
        return []
    rows = []
    for rng in RANGES:
        fit = _fit(x, 1.0 if rng == "all" else tail_xmin(x))
        n_fit = int((x >= fit.xmin).sum())
        params = _quiet(
            lambda fit=fit: {
                "power_law_alpha": float(fit.power_law.alpha),
                "lognormal_mu": float(fit.lognormal.mu),
                "lognormal_sigma": float(fit.lognormal.sigma),
                "stretched_lambda": float(fit.stretched_exponential.Lambda),
                "stretched_beta": float(fit.stretched_exponential.beta),
            }
        )
        for first, second in itertools.combinations(CANDIDATES, 2):
            r, p = _compare(fit, first, second)
            fav = "undecided"
            if np.isfinite(r) and np.isfinite(p) and p < alpha and r != 0:
                fav = first if r > 0 else second
            rows.append(
                {
                    "range": rng,
                    "x_min": float(fit.xmin),
                    "n_fit": n_fit,
                    "first": first,
                    "second": second,
                    "loglik_ratio": r,
                    "p_value": p,
                    "favoured": fav,
                    **params,
                }
            )
    return rows


def best_candidate(rows: list[dict], rng: str) -> str:
    """The candidate favoured against both others on range ``rng``, else ``undecided``."""
    wins = {c: 0 for c in CANDIDATES}
    for r in rows:
        if r["range"] == rng and r["favoured"] in wins:
            wins[r["favoured"]] += 1
    best = [c for c, k in wins.items() if k == len(CANDIDATES) - 1]
    return best[0] if best else "undecided"
