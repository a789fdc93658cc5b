"""Study B: predicting success from the early audience.

Reproduces, on any data set with an ``events`` table (``docs/architecture.md``):

* **Wu & Huberman (PNAS 2007)**, "Novelty and collective attention": popularity grows as
  ``N_t = (1 + r_t X_t) N_{t-1}`` with i.i.d. ``X_t`` (mean ``mu``), so ``log N_t`` is approximately normal
  (the final popularity is log-normal) and the novelty factor decays as a stretched exponential
  ``r_t = exp(-a t^b)``. :func:`novelty_decay` estimates ``mu r_t`` from the mean relative growth per step,
  ``E[N_t / N_{t-1} - 1] = r_t mu`` (the paper works with the growth of ``log N``, its first-order
  approximation; ``growth="log"`` selects that), fits ``c exp(-a t^b)`` by weighted least squares on the log
  scale and bootstraps items for intervals. The half-life solves ``exp(-a t^b) = 1/2``; it is reported
  only inside the fitted ages and when ``b`` is not at its lower bound (a power-law decay has none).
* **Szabo & Huberman (CACM 2010)**, "Predicting the popularity of online content": the Pearson correlation
  of ``ln N(t_i)`` and ``ln N(t_r)``, and three predictors of ``N(t_r)`` from ``N(t_i)`` scored by the
  relative squared error ``RSE = ((N_hat - N)/N)^2``:
  LN (``ln N(t_r) = beta0 + ln N(t_i) + xi``, prediction ``N(t_i) exp(beta0 + s^2/2)``),
  CS (``N_hat = alpha N(t_i)``, ``alpha = sum(x/y) / sum((x/y)^2)``, the minimiser of the training RSE) and
  GP (``N_hat = N(t_i) / P``, ``P = mean(x/y)``, the growth profile).
* **Zhao et al. (KDD 2015)**, SEISMIC: a self-exciting process with intensity
  ``lambda_t = p_t sum_{t_j <= t} n_j phi(t - t_j)`` (``n_j`` follower counts), a memory kernel
  ``phi(s) = c`` for ``s <= s0`` and ``c (s/s0)^-(1+theta)`` after, ``s0 = 5 min``, ``theta = 0.242``, ``c``
  normalising ``phi``; the infectiousness ``p_t`` estimated with a triangular kernel over a window of
  ``clip(t/2, 5 min, 2 h)`` and the final size ``N_t + p_t sum_j n_j (1 - Phi(t - t_j)) / (1 - p_t n*)``
  (:func:`seismic_features`, :func:`seismic_predict`).
* A gradient-boosting predictor (scikit-learn ``HistGradientBoostingRegressor``) on early features, fitted to
  ``N(t_r)/N(t_i)`` with sample weights ``(N(t_i)/N(t_r))^2``, which makes its squared loss equal to the RSE.
* The limits of prediction (Martin et al. 2016 frame the question): out-of-sample ``R^2`` of ``ln N(t_r)``
  from what is known before the first event against what is known at each indicator time.

All functions are pure (numpy/pandas in, tables out) and deterministic for a seed.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

log = logging.getLogger("virality.prediction")

PREDICTORS = ("LN", "CS", "GP", "SEISMIC", "GBM")
HOUR = 3600.0

NOVELTY_COLUMNS = [
    "dataset",
    "synthetic",
    "n_items",
    "lognormal_mu",
    "lognormal_sigma",
    "normality_p",
    "decay_a",
    "decay_b",
    "half_life",
    "half_life_unit",
    # beyond the contract: the fitted exponent sits at its lower bound (decay_b_min), i.e. the
    # decay is closer to a power law than to a stretched exponential
    "decay_b_at_bound",
]
CORRELATION_COLUMNS = ["dataset", "synthetic", "t_i", "t_r", "pearson_r_log", "n_items"]
ERROR_COLUMNS = [
    "dataset",
    "synthetic",
    "predictor",
    "t_i",
    "rse_mean",
    "rse_median",
    "n_test",
]
LIMITS_COLUMNS = ["dataset", "synthetic", "information", "t_i", "r2", "n"]


# --------------------------------------------------------------------------------------------------
# time grids


def seconds_known(time_unit: str | None) -> bool:
    """True when a manifest's ``time_unit`` says times are seconds (``"s"``, ``"s (from …)"``)."""
    return str(time_unit or "").strip().lower().startswith("s")


@dataclass(frozen=True)
class Grid:
    """Times of one data set, all in the data set's time column units (seconds where known).

    ``unit`` / ``unit_seconds`` is the display unit of the tables: hours (``"h"``, 3600) when the data set's
    times are seconds, else its raw units (``unit_seconds`` 1). ``t`` of the decay fit is measured in it.
    """

    t_r: float
    t_i: tuple[float, ...]
    decay_step: float
    unit: str
    unit_seconds: float
    relative: bool = False  # True when the grid was derived from the data (fractions of a quantile)
    scatter_t_i: float | None = None
    observed_until: float | None = None  # end of observation when known (else the last event)


def make_grid(
    lifetimes: np.ndarray,
    time_unit: str | None,
    spec: dict | None = None,
    reference_quantile: float = 0.75,
    fractions: tuple[float, ...] = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7),
    decay_steps: int = 100,
) -> Grid:
    """The indicator/reference times of a data set.

    With ``spec`` (``t_r``, ``t_i`` in the data set's time units, optionally ``decay_step`` and
    ``scatter_t_i``, ``observed_until``: the end of the observation window when it is known, e.g. a
    simulation's horizon; the last event otherwise) the grid is taken from the configuration. Otherwise it is relative: ``t_r`` is the
    ``reference_quantile`` of the item lifetimes (age of an item's last event) and ``t_i = fractions * t_r``,
    ``decay_step = t_r / decay_steps``; this is the grid for data sets of unknown time unit.
    """
    known = seconds_known(time_unit)
    unit, unit_s = ("h", HOUR) if known else ("raw time units (unknown)", 1.0)
    spec = dict(spec or {})
    if spec.get("t_r"):
        t_r = float(spec["t_r"])
        t_i = tuple(sorted(float(x) for x in spec.get("t_i", [f * t_r for f in fractions])))
        relative = False
    else:
        life = np.asarray(lifetimes, dtype=float)
        life = life[life > 0]
        if life.size == 0:
            raise ValueError("no item lives longer than zero time: cannot derive a time grid")
        t_r = float(np.quantile(life, reference_quantile))
        t_i = tuple(float(f * t_r) for f in fractions)
        relative = True
    if any(t <= 0 or t >= t_r for t in t_i):
        raise ValueError(f"indicator times must lie in (0, t_r={t_r:g}); got {list(t_i)}")
    step = float(spec.get("decay_step") or t_r / decay_steps)
    scatter = spec.get("scatter_t_i")
    scatter = float(scatter) if scatter else t_i[min(len(t_i) - 1, len(t_i) // 3)]
    until = spec.get("observed_until")
    return Grid(t_r, t_i, step, unit, unit_s, relative, scatter, float(until) if until else None)


# --------------------------------------------------------------------------------------------------
# cascades: events grouped by item, ages from the item's start


@dataclass
class Cascades:
    """Events of the eligible items, sorted by item then age (CSR layout).

    ``code`` is the item index of each event (items sorted by id), ``age`` its time since the item's start,
    ``ptr`` the first event of each item, ``followers`` / ``parent`` (index of the parent event, -1 for none)
    where the data have them, ``start`` the absolute start time of each item.
    """

    item_ids: np.ndarray
    code: np.ndarray
    age: np.ndarray
    ptr: np.ndarray
    start: np.ndarray
    users: np.ndarray
    followers: np.ndarray | None = None
    parent: np.ndarray | None = None
    creator: np.ndarray | None = None
    extra: dict = field(default_factory=dict)

    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    def counts_at(self, times) -> np.ndarray:
        """``N(t)``: events with age <= t, as an ``n_items x len(times)`` int matrix (times sorted)."""
        times = np.asarray(times, dtype=float)
        k = len(times)
        b = np.searchsorted(times, self.age, side="left")  # first grid time >= age
        keep = b < k
        flat = np.bincount(self.code[keep] * k + b[keep], minlength=self.n_items * k)
        return np.cumsum(flat.reshape(self.n_items, k), axis=1)

    def subset(self, keep_items: np.ndarray, max_age: float | None = None) -> Cascades:
        """The cascades of the items flagged in ``keep_items`` (bool), events up to ``max_age``."""
        new_code = np.cumsum(keep_items) - 1
        ev = keep_items[self.code]
        if max_age is not None:
            ev &= self.age <= max_age
        idx = np.flatnonzero(ev)
        remap = np.full(self.code.size, -1, dtype=np.int64)
        remap[idx] = np.arange(idx.size)
        parent = None
        if self.parent is not None:
            p = self.parent[idx]
            parent = np.where(p >= 0, remap[np.maximum(p, 0)], -1)
        code = new_code[self.code[idx]]
        n = int(keep_items.sum())
        ptr = np.searchsorted(code, np.arange(n + 1))
        return Cascades(
            item_ids=self.item_ids[keep_items],
            code=code,
            age=self.age[idx],
            ptr=ptr,
            start=self.start[keep_items],
            users=self.users[idx],
            followers=None if self.followers is None else self.followers[idx],
            parent=parent,
            creator=None if self.creator is None else self.creator[keep_items],
            extra={k: v[keep_items] for k, v in self.extra.items()},
        )


def build_cascades(events: pd.DataFrame, items: pd.DataFrame | None = None) -> Cascades:
    """Group canonical events by item; an item's age origin is ``items.start_time`` when given (and not
    after its first event), else its first event. Ties in time keep the order ``user_id``.

    ``items.creator`` (else the first adopter) is the source; ``cov_*`` columns and the title length become
    ex-ante features in ``extra``.
    """
    if len(events) == 0:
        raise ValueError("the events table is empty: nothing to predict")
    item = events["item_id"].astype("string").to_numpy(dtype=object)
    ids, code = np.unique(item, return_inverse=True)
    time = events["time"].to_numpy(dtype=float)
    user = events["user_id"].astype("string").to_numpy(dtype=object)
    order = np.lexsort((user, time, code))
    code, time, user = code[order], time[order], user[order]
    n = len(ids)
    ptr = np.searchsorted(code, np.arange(n + 1))
    first = time[ptr[:-1]]
    start = first.copy()
    creator = user[ptr[:-1]].copy()
    extra: dict[str, np.ndarray] = {}
    if items is not None and len(items):
        it = items.set_index(items["item_id"].astype("string").to_numpy(dtype=object))
        it = it.reindex(ids)
        if "start_time" in it.columns:
            st = it["start_time"].to_numpy(dtype=float)
            ok = np.isfinite(st) & (st <= first)
            start = np.where(ok, st, first)
        if "creator" in it.columns:
            cr = it["creator"].astype("string").to_numpy(dtype=object)
            have = pd.notna(cr)
            creator = np.where(have, cr, creator)
        for c in sorted(it.columns):
            if str(c).startswith("cov_"):
                extra[str(c)] = it[c].to_numpy(dtype=float)
        if "title" in it.columns:
            extra["title_chars"] = (
                it["title"].astype("string").str.len().to_numpy(dtype=float, na_value=np.nan)
            )
    age = time - start[code]
    followers = None
    if "followers" in events.columns:
        followers = events["followers"].to_numpy(dtype=float)[order]
        followers = np.where(np.isfinite(followers), np.maximum(followers, 0.0), 0.0)
    parent = None
    if "parent_user_id" in events.columns:
        par = events["parent_user_id"].astype("string").to_numpy(dtype=object)[order]
        has = pd.notna(par)
        if has.any():
            left = pd.DataFrame({"code": code[has], "user": par[has], "row": np.flatnonzero(has)})
            right = pd.DataFrame({"code": code, "user": user, "prow": np.arange(code.size)})
            right = right.drop_duplicates(["code", "user"])
            m = left.merge(right, on=["code", "user"], how="left")
            parent = np.full(code.size, -1, dtype=np.int64)
            pr = m["prow"].to_numpy(dtype=float)
            okp = np.isfinite(pr)
            parent[m["row"].to_numpy()[okp]] = pr[okp].astype(np.int64)
            parent[parent == np.arange(code.size)] = -1
    return Cascades(
        ids, code.astype(np.int64), age, ptr, start, user, followers, parent, creator, extra
    )


def eligible(cas: Cascades, t_r: float, end_time: float, min_final: int) -> np.ndarray:
    """Items observed for a full ``t_r`` (``start + t_r <= end_time``, the data set's last event) with at
    least ``min_final`` events by ``t_r`` (a bool mask)."""
    n_tr = cas.counts_at([t_r])[:, 0]
    return (cas.start + t_r <= end_time * (1 + 1e-12)) & (n_tr >= min_final)


def deterministic_subsample(mask: np.ndarray, max_items: int, seed: int) -> np.ndarray:
    """Keep at most ``max_items`` of the flagged items, chosen by a seeded permutation (documented cap)."""
    idx = np.flatnonzero(mask)
    if max_items <= 0 or idx.size <= max_items:
        return mask
    rng = np.random.default_rng(seed)
    keep = np.sort(rng.permutation(idx)[:max_items])
    out = np.zeros_like(mask)
    out[keep] = True
    return out


def activity_clock(times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Szabo & Huberman's platform clock: time counted in the platform's own activity.

    Returns breakpoints ``(wall, activity)`` of a monotone map: ``activity(t)`` is the number of events up to
    ``t`` divided by the mean event rate, so one activity-second holds the average activity of one wall
    second ("digg hours" in the paper). Map times with ``np.interp(t, wall, activity)``.
    """
    t = np.sort(np.asarray(times, dtype=float))
    if t.size < 2 or t[-1] <= t[0]:
        return np.array([0.0, 1.0]), np.array([0.0, 1.0])
    rate = t.size / (t[-1] - t[0])
    wall, first = np.unique(t, return_index=True)
    return wall, first / rate


# --------------------------------------------------------------------------------------------------
# Wu & Huberman 2007


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
    return float((math.log(2.0) / a) ** (1.0 / b))


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
    out = {
        "decay_c": c,
        "decay_a": a,
        "decay_b": b,
        "half_life": _within(half_life(a, b), t) if not at_bound else np.nan,
        "b_at_bound": at_bound,
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
        }
    )
    return out


# --------------------------------------------------------------------------------------------------
# Szabo & Huberman 2010


def fit_ln(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """LN model ``ln y = beta0 + ln x + xi``: ``beta0`` = mean of ``ln y - ln x``, ``s2`` = residual variance."""
    d = np.log(np.asarray(y, dtype=float)) - np.log(np.asarray(x, dtype=float))
    beta0 = float(d.mean())
    s2 = float(np.mean((d - beta0) ** 2))
    return beta0, s2


def predict_ln(x: np.ndarray, beta0: float, s2: float) -> np.ndarray:
    """``x exp(beta0 + s2/2)``: the log-normal mean, hence the variance correction."""
    return np.asarray(x, dtype=float) * math.exp(beta0 + s2 / 2.0)


def fit_cs(x: np.ndarray, y: np.ndarray) -> float:
    """Constant scaling minimising ``sum(((alpha x - y)/y)^2)``: ``alpha = sum(x/y) / sum((x/y)^2)``."""
    r = np.asarray(x, dtype=float) / np.asarray(y, dtype=float)
    return float(r.sum() / (r**2).sum())


def fit_gp(x: np.ndarray, y: np.ndarray) -> float:
    """Growth profile ``P = mean(x/y)``; the prediction is ``x / P``."""
    return float(np.mean(np.asarray(x, dtype=float) / np.asarray(y, dtype=float)))


def rse(pred: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Relative squared error ``((pred - y)/y)^2`` per item."""
    y = np.asarray(y, dtype=float)
    return ((np.asarray(pred, dtype=float) - y) / y) ** 2


def pearson_log(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation of ``ln x`` and ``ln y`` (items with ``x, y > 0``)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = (x > 0) & (y > 0)
    if ok.sum() < 3:
        return np.nan
    lx, ly = np.log(x[ok]), np.log(y[ok])
    if np.ptp(lx) == 0 or np.ptp(ly) == 0:
        return np.nan
    return float(stats.pearsonr(lx, ly).statistic)


# --------------------------------------------------------------------------------------------------
# SEISMIC (Zhao et al. KDD 2015)


@dataclass(frozen=True)
class Kernel:
    """SEISMIC memory kernel: constant ``c`` up to ``s0`` seconds, then ``c (s/s0)^-(1+theta)``.

    ``c = theta / (s0 (1 + theta))`` makes it a density (``c s0 + c s0 / theta = 1``); with the paper's
    ``theta = 0.242`` and ``s0 = 300 s``, ``c = 6.49e-4``.
    """

    theta: float = 0.242
    s0: float = 300.0

    @property
    def c(self) -> float:
        return self.theta / (self.s0 * (1.0 + self.theta))

    def pdf(self, s):
        s = np.asarray(s, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            tail = self.c * np.power(np.maximum(s, self.s0) / self.s0, -(1.0 + self.theta))
        return np.where(s < 0, 0.0, np.where(s <= self.s0, self.c, tail))

    def cdf(self, s):
        """``Phi(s) = int_0^s phi``."""
        s = np.maximum(np.asarray(s, dtype=float), 0.0)
        c, s0, th = self.c, self.s0, self.theta
        tail = c * s0 + c * s0 / th * (1.0 - np.power(np.maximum(s, s0) / s0, -th))
        return np.where(s <= s0, c * s, tail)

    def first_moment(self, s):
        """``G(s) = int_0^s v phi(v) dv`` (finite for every ``s``; the kernel's mean is infinite)."""
        s = np.maximum(np.asarray(s, dtype=float), 0.0)
        c, s0, th = self.c, self.s0, self.theta
        tail = c * s0**2 / 2.0 + c * s0 ** (1 + th) * (
            np.power(np.maximum(s, s0), 1 - th) - s0 ** (1 - th)
        ) / (1 - th)
        return np.where(s <= s0, c * s**2 / 2.0, tail)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Delays drawn from ``phi`` by inverting ``Phi``."""
        u = rng.random(size)
        f0 = self.c * self.s0
        tail = self.s0 * np.power(
            np.maximum(1.0 - u, 1e-300) * self.theta / (self.c * self.s0), -1.0 / self.theta
        )
        return np.where(u <= f0, u / self.c, tail)


def seismic_features(
    cas: Cascades,
    t: float,
    kernel: Kernel = Kernel(),
    min_window: float = 300.0,
    max_window: float = 7200.0,
    min_count: int = 5,
) -> pd.DataFrame:
    """Per item at observation time ``t``: ``n_obs = N(t)``, the infectiousness ``p_hat`` and
    ``future = sum_j n_j (1 - Phi(t - t_j))`` (expected direct reshares still to come per unit of ``p``).

    The item's first event is the original post; the others are reshares. ``p_hat`` (Zhao et al. 2015):
    ``sum_{reshares in [t-w, t)} K(t - t_j) / sum_{j: t_j < t} n_j int K(t - s) phi(s - t_j) ds`` with the
    triangular kernel ``K(u) = 1 - u/w`` and ``w = clip(t/2, min_window, max_window)``, widened to cover the
    last ``min_count`` reshares when fewer fall inside. Follower counts ``n_j`` are 1 where the data lack
    them. Ages are read as seconds.
    """
    n_items = cas.n_items
    n_follow = cas.followers if cas.followers is not None else np.ones(cas.age.size)
    before = cas.age < t
    pos = np.arange(cas.age.size) - cas.ptr[cas.code]
    reshare = pos > 0
    n_before = np.bincount(cas.code[before], minlength=n_items)  # incl. the original
    w0 = float(np.clip(t / 2.0, min_window, max_window))
    in_w = before & reshare & (cas.age >= t - w0)
    n_in = np.bincount(cas.code[in_w], minlength=n_items)
    w = np.full(n_items, w0)
    widen = (n_in < min_count) & (n_before > 0)
    kth = cas.ptr[:-1] + np.maximum(n_before - 1 - min_count, 0)
    kth = np.minimum(kth, cas.age.size - 1)
    w_wide = t - cas.age[kth]
    w = np.where(widen, np.maximum(w_wide, w0), w0)
    w = np.maximum(w, 1e-9)
    we = w[cas.code]
    num_mask = before & reshare & (cas.age >= t - we)
    num = np.bincount(
        cas.code[num_mask], weights=1.0 - (t - cas.age[num_mask]) / we[num_mask], minlength=n_items
    )
    # denominator: n_j * int_{max(t-w, t_j)}^{t} (1 - (t-s)/w) phi(s - t_j) ds
    a = cas.age[before]
    cj = cas.code[before]
    wj = we[before]
    ub = t - a
    lb = np.maximum(t - wj - a, 0.0)
    f = kernel.cdf(ub) - kernel.cdf(lb)
    m1 = kernel.first_moment(ub) - kernel.first_moment(lb)
    integ = f * (1.0 - (t - a) / wj) + m1 / wj
    den = np.bincount(cj, weights=n_follow[before] * integ, minlength=n_items)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_hat = np.where(den > 0, num / den, 0.0)
    upto = cas.age <= t
    n_obs = np.bincount(cas.code[upto], minlength=n_items)
    future = np.bincount(
        cas.code[upto],
        weights=n_follow[upto] * (1.0 - kernel.cdf(t - cas.age[upto])),
        minlength=n_items,
    )
    return pd.DataFrame({"n_obs": n_obs.astype(float), "p_hat": p_hat, "future": future})


def seismic_predict(
    feats: pd.DataFrame,
    n_star: float,
    alpha: float = 1.0,
    gamma: float = 1.0,
    floor: float | None = None,
) -> np.ndarray:
    """SEISMIC final size ``N(t) + alpha p_hat future / (1 - gamma p_hat n*)``.

    With ``alpha = gamma = 1`` and no ``floor`` this is the paper's formula, infinite when
    ``p_hat n* >= 1`` (supercritical). ``alpha``, ``gamma`` are Zhao et al.'s linear corrections fitted on
    training data; ``floor`` bounds the denominator below so calibrated predictions stay finite.
    """
    p = feats["p_hat"].to_numpy()
    den = 1.0 - gamma * p * n_star
    extra = alpha * p * feats["future"].to_numpy()
    if floor is None:
        with np.errstate(divide="ignore", invalid="ignore"):
            out = feats["n_obs"].to_numpy() + extra / den
        return np.where(den <= 0, np.inf, out)
    return feats["n_obs"].to_numpy() + extra / np.maximum(den, floor)


def fit_seismic_calibration(
    feats: pd.DataFrame,
    y: np.ndarray,
    n_star: float,
    gammas=(0.0, 0.25, 0.5, 0.75, 0.9, 1.0),
    floor: float = 0.05,
) -> tuple[float, float]:
    """``(alpha, gamma)`` minimising the training RSE: for each ``gamma`` in the grid the optimal
    ``alpha >= 0`` has the closed form ``sum(B/y (1 - n/y)) / sum((B/y)^2)`` with ``B`` the correction term."""
    y = np.asarray(y, dtype=float)
    nobs = feats["n_obs"].to_numpy()
    p = feats["p_hat"].to_numpy()
    best = (np.inf, 1.0, 1.0)
    for gamma in gammas:
        bterm = p * feats["future"].to_numpy() / np.maximum(1.0 - gamma * p * n_star, floor)
        u = bterm / y
        denom = float((u**2).sum())
        alpha = max(0.0, float((u * (1.0 - nobs / y)).sum() / denom)) if denom > 0 else 0.0
        err = float(np.mean(((nobs + alpha * bterm) - y) ** 2 / y**2))
        if err < best[0] - 1e-15:
            best = (err, alpha, float(gamma))
    return best[1], best[2]


def simulate_seismic_cascade(
    p: float,
    n0: float,
    follower_sampler,
    horizon: float,
    kernel: Kernel = Kernel(),
    seed: int = 0,
    max_events: int = 200_000,
) -> pd.DataFrame:
    """Simulate a SEISMIC cascade with constant infectiousness ``p`` up to ``horizon`` seconds.

    Each post with ``n`` followers triggers ``Poisson(p n)`` reshares after delays drawn from the memory
    kernel (the branching form of the process); ``follower_sampler(rng, k)`` draws reshare follower counts.
    Returns ``time`` (seconds, sorted, original at 0) and ``followers``.
    """
    rng = np.random.default_rng(seed)
    times = [np.array([0.0])]
    foll = [np.array([float(n0)])]
    gen_t, gen_n = times[0], foll[0]
    total = 1
    while gen_t.size and total < max_events:
        kids = rng.poisson(p * gen_n)
        parent_t = np.repeat(gen_t, kids)
        t_new = parent_t + kernel.sample(rng, parent_t.size)
        keep = t_new <= horizon
        t_new = t_new[keep]
        n_new = np.asarray(follower_sampler(rng, t_new.size), dtype=float)
        times.append(t_new)
        foll.append(n_new)
        total += t_new.size
        gen_t, gen_n = t_new, n_new
    t = np.concatenate(times)
    n = np.concatenate(foll)
    o = np.argsort(t, kind="stable")
    return pd.DataFrame({"time": t[o], "followers": n[o]})


# --------------------------------------------------------------------------------------------------
# features for gradient boosting and the limits of prediction


def _depths(parent: np.ndarray) -> np.ndarray:
    depth = np.zeros(parent.size, dtype=np.int64)
    has = parent >= 0
    for _ in range(10_000):
        new = np.where(has, depth[np.maximum(parent, 0)] + 1, 0)
        if np.array_equal(new, depth):
            break
        depth = np.minimum(new, parent.size)  # bounded even if the data hold a parent cycle
    return depth


def ex_ante_features(
    cas: Cascades, train: np.ndarray, target: np.ndarray, smoothing: float = 5.0
) -> pd.DataFrame:
    """What is known before the first reaction: source and content features.

    * the source's (``items.creator``, else the first adopter's) record on the *training* items: its number of
      other training items and the shrunk mean of their ``ln N(t_r)`` (leave-one-out for training items);
    * the source's follower count where the data have followers;
    * ``cov_*`` covariates and the title length where the items table has them;
    * hour of day and weekday of the start when times look like Unix seconds (> 1e8).
    """
    n = cas.n_items
    feats: dict[str, np.ndarray] = {}
    src = (
        pd.Series(cas.creator if cas.creator is not None else cas.users[cas.ptr[:-1]])
        .astype(str)
        .to_numpy()
    )
    codes, inv = np.unique(src, return_inverse=True)
    tr = np.asarray(train, dtype=bool)
    s = np.bincount(inv[tr], weights=target[tr], minlength=codes.size)
    c = np.bincount(inv[tr], minlength=codes.size).astype(float)
    s_i = s[inv] - np.where(tr, target, 0.0)
    c_i = c[inv] - tr.astype(float)
    glob = float(target[tr].mean()) if tr.any() else 0.0
    feats["source_n_items"] = c_i
    feats["source_mean_log_final"] = (s_i + smoothing * glob) / (c_i + smoothing)
    if cas.followers is not None:
        feats["source_followers_log"] = np.log1p(cas.followers[cas.ptr[:-1]])
    for k, v in cas.extra.items():
        feats[k] = v
    if np.nanmedian(cas.start) > 1e8:
        ts = pd.to_datetime(cas.start, unit="s", utc=True)
        feats["start_hour"] = ts.hour.to_numpy(dtype=float)
        feats["start_weekday"] = ts.weekday.to_numpy(dtype=float)
    return pd.DataFrame(feats, index=np.arange(n))


def early_features(cas: Cascades, t: float, depth: np.ndarray | None = None) -> pd.DataFrame:
    """What is known at age ``t``: counts in windows, growth, times to the k-th event, recency, followers,
    tree depth and breadth where parent links exist."""
    n = cas.n_items
    frac = np.array([0.125, 0.25, 0.5, 1.0])
    cnt = cas.counts_at(frac * t).astype(float)
    feats = {
        "log_n": np.log(np.maximum(cnt[:, 3], 1.0)),
        "log_win_0_8": np.log1p(cnt[:, 0]),
        "log_win_8_4": np.log1p(cnt[:, 1] - cnt[:, 0]),
        "log_win_4_2": np.log1p(cnt[:, 2] - cnt[:, 1]),
        "log_win_2_1": np.log1p(cnt[:, 3] - cnt[:, 2]),
        "growth_last_half": np.log(np.maximum(cnt[:, 3], 1.0)) - np.log(np.maximum(cnt[:, 2], 1.0)),
    }
    n_t = cnt[:, 3].astype(np.int64)
    for k in (2, 5, 10, 20):
        idx = np.minimum(cas.ptr[:-1] + k - 1, cas.age.size - 1)
        reached = n_t >= k
        feats[f"time_to_{k}"] = np.where(reached, cas.age[idx] / t, np.nan)
    last = np.minimum(cas.ptr[:-1] + np.maximum(n_t - 1, 0), cas.age.size - 1)
    feats["recency"] = np.where(n_t > 0, (t - cas.age[last]) / t, np.nan)
    upto = cas.age <= t
    if cas.followers is not None:
        f = cas.followers
        feats["followers_sum_log"] = np.log1p(
            np.bincount(cas.code[upto], weights=f[upto], minlength=n)
        )
        fm = np.zeros(n)
        np.maximum.at(fm, cas.code[upto], f[upto])
        feats["followers_max_log"] = np.log1p(fm)
    if cas.parent is not None and depth is not None:
        dm = np.zeros(n)
        np.maximum.at(dm, cas.code[upto], depth[upto].astype(float))
        feats["depth_max"] = dm
        kid = upto & (cas.parent >= 0)
        children = np.bincount(cas.parent[kid], minlength=cas.age.size).astype(float)
        bm = np.zeros(n)
        np.maximum.at(bm, cas.code, children)
        feats["breadth_max"] = bm
        feats["root_children"] = children[cas.ptr[:-1]]
    return pd.DataFrame(feats, index=np.arange(n))


def _hgb(params: dict, seed: int):
    from sklearn.ensemble import HistGradientBoostingRegressor

    return HistGradientBoostingRegressor(random_state=seed, **params)


# --------------------------------------------------------------------------------------------------
# the whole study on one data set


def split_halves(n: int, seed: int, test_fraction: float = 0.5) -> np.ndarray:
    """Boolean training mask from a seeded permutation (``round(n (1 - test_fraction))`` training items)."""
    rng = np.random.default_rng(seed)
    n_train = int(round(n * (1.0 - test_fraction)))
    train = np.zeros(n, dtype=bool)
    train[rng.permutation(n)[:n_train]] = True
    return train


DEFAULT_GBM = {"max_iter": 100, "learning_rate": 0.1, "max_leaf_nodes": 15, "min_samples_leaf": 20}
DEFAULT_SEISMIC = {
    "theta": 0.242,
    "cutoff": 300.0,
    "min_window": 300.0,
    "max_window": 7200.0,
    "min_count": 5,
    "gammas": [0.0, 0.25, 0.5, 0.75, 0.9, 1.0],
    "floor": 0.05,
    "n_star": None,
}


def run_study(*args, threads: int = 1, **kwargs) -> dict[str, pd.DataFrame]:
    """:func:`study_tables` with native thread pools (OpenMP of scikit-learn, BLAS) capped at ``threads``:
    gradient boosting on small tables slows down badly when it oversubscribes a shared machine."""
    # the native libraries must be loaded before their pools can be capped
    import sklearn.ensemble  # noqa: F401
    import sklearn.metrics  # noqa: F401
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=threads):
        return study_tables(*args, **kwargs)


def study_tables(
    events: pd.DataFrame,
    items: pd.DataFrame | None,
    dataset: str,
    synthetic: bool,
    time_unit: str | None,
    grid_spec: dict | None = None,
    min_final: int = 10,
    min_items: int = 20,
    max_items: int = 6_000,
    test_fraction: float = 0.5,
    reference_quantile: float = 0.75,
    fractions=(0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7),
    decay_steps: int = 100,
    growth: str = "relative",
    n_boot: int = 200,
    skip_first_step: bool = False,
    decay_b_min: float = 0.05,
    seismic: dict | None = None,
    gbm: dict | None = None,
    seed: int = 0,
) -> dict[str, pd.DataFrame]:
    """Steps 1–5 of the study on one data set; returns the per-data-set tables.

    Items: every item with at least ``min_final`` events by ``t_r`` and observed for a full ``t_r``
    (:func:`eligible`), at most ``max_items`` of them (seeded subsample). Predictors are fitted on a seeded
    training half and scored on the other (``test_fraction``). Data sets with fewer than ``min_items``
    eligible items get the decay and correlation rows they can support and only the training-free SEISMIC
    predictor (uncalibrated, ``n*`` = mean follower count of the events).
    """
    sk = {**DEFAULT_SEISMIC, **(seismic or {})}
    gb = {**DEFAULT_GBM, **(gbm or {})}
    kernel = Kernel(theta=float(sk["theta"]), s0=float(sk["cutoff"]))
    cas_all = build_cascades(events, items)
    last_age = (
        np.maximum.reduceat(cas_all.age, cas_all.ptr[:-1]) if cas_all.age.size else np.array([])
    )
    grid = make_grid(
        last_age, time_unit, grid_spec, reference_quantile, tuple(fractions), decay_steps
    )
    end_time = grid.observed_until or float(events["time"].max())
    mask = eligible(cas_all, grid.t_r, end_time, min_final)
    mask = deterministic_subsample(mask, max_items, seed + 1)
    cas = cas_all.subset(mask, max_age=grid.t_r)
    n = cas.n_items
    log.info(
        "%s: %d of %d items eligible (t_r=%g, %d t_i)",
        dataset,
        n,
        cas_all.n_items,
        grid.t_r,
        len(grid.t_i),
    )
    unit = grid.unit
    tables: dict[str, pd.DataFrame] = {}

    # ---- Wu & Huberman
    n_tr = cas.counts_at([grid.t_r])[:, 0] if n else np.array([])
    ln = lognormal_summary(n_tr) if n else lognormal_summary(np.array([]))
    dec = (
        novelty_decay(cas, grid, growth, n_boot, seed + 2, skip_first_step, decay_b_min)
        if n >= 2
        else None
    )
    row = {
        "dataset": dataset,
        "synthetic": synthetic,
        "n_items": n,
        **ln,
        "decay_a": np.nan if dec is None else dec["decay_a"],
        "decay_b": np.nan if dec is None else dec["decay_b"],
        "half_life": np.nan if dec is None else dec["half_life"],
        "half_life_unit": unit,
        "decay_b_at_bound": None if dec is None else bool(dec["b_at_bound"]),
    }
    tables["novelty"] = pd.DataFrame([row])[NOVELTY_COLUMNS]
    ci = []
    for name in ("decay_a", "decay_b", "half_life"):
        ci.append(
            {
                "dataset": dataset,
                "synthetic": synthetic,
                "parameter": name,
                "estimate": row[name],
                "ci_low": np.nan if dec is None else dec[f"{name}_low"],
                "ci_high": np.nan if dec is None else dec[f"{name}_high"],
                "unit": unit if name == "half_life" else f"t in {unit}",
                "n_boot": n_boot if dec is not None else 0,
                "b_at_bound": False if dec is None else dec["b_at_bound"],
            }
        )
    tables["novelty_ci"] = pd.DataFrame(ci)
    pts = (
        dec["points"]
        if dec is not None
        else pd.DataFrame(
            columns=["t", "growth_mean", "growth_se", "n_items", "fitted", "profile_mean"]
        )
    )
    pts.insert(0, "dataset", dataset)
    pts.insert(1, "synthetic", synthetic)
    pts["unit"] = unit
    tables["decay_points"] = pts
    tables["final"] = pd.DataFrame(
        {"dataset": dataset, "synthetic": synthetic, "log_final": np.log(n_tr.astype(float))}
    )

    # ---- Szabo & Huberman correlation
    t_i = np.asarray(grid.t_i)
    x_all = cas.counts_at(t_i).astype(float) if n else np.zeros((0, len(t_i)))
    corr = []
    for j, t in enumerate(t_i):
        ok = x_all[:, j] > 0
        corr.append(
            {
                "dataset": dataset,
                "synthetic": synthetic,
                "t_i": t / grid.unit_seconds,
                "t_r": grid.t_r / grid.unit_seconds,
                "pearson_r_log": pearson_log(x_all[ok, j], n_tr[ok]),
                "n_items": int(ok.sum()),
            }
        )
    tables["correlation"] = pd.DataFrame(corr)[CORRELATION_COLUMNS]
    j_sc = int(np.argmin(np.abs(t_i - grid.scatter_t_i)))
    tables["scatter"] = pd.DataFrame(
        {
            "dataset": dataset,
            "synthetic": synthetic,
            "t_i": t_i[j_sc] / grid.unit_seconds,
            "t_r": grid.t_r / grid.unit_seconds,
            "unit": unit,
            "log_n_ti": np.log(np.maximum(x_all[:, j_sc], 1.0)) if n else np.array([]),
            "log_n_tr": np.log(n_tr.astype(float)) if n else np.array([]),
        }
    )

    # ---- predictors
    errors, limits = [], []
    y = n_tr.astype(float)

    def err_row(name, t, pred, test):
        e = rse(pred[test], y[test])
        errors.append(
            {
                "dataset": dataset,
                "synthetic": synthetic,
                "predictor": name,
                "t_i": t / grid.unit_seconds,
                "rse_mean": float(np.mean(e)) if e.size else np.nan,
                "rse_median": float(np.median(e)) if e.size else np.nan,
                "n_test": int(test.sum()),
            }
        )

    foll = cas.followers
    if n >= min_items:
        train = split_halves(n, seed + 3, test_fraction)
        test = ~train
        n_star = sk.get("n_star") or (
            float(foll[train[cas.code]].mean()) if foll is not None else 1.0
        )
        ly = np.log(y)
        depth = _depths(cas.parent) if cas.parent is not None else None
        ante = ex_ante_features(cas, train, ly)
        r2_ante = _fit_r2(ante, ly, train, test, gb, seed + 4)
        limits.append(
            {
                "dataset": dataset,
                "synthetic": synthetic,
                "information": "ex_ante",
                "t_i": np.nan,
                "r2": r2_ante,
                "n": int(test.sum()),
            }
        )
        for j, t in enumerate(t_i):
            x = np.maximum(x_all[:, j], 1.0)
            b0, s2 = fit_ln(x[train], y[train])
            err_row("LN", t, predict_ln(x, b0, s2), test)
            err_row("CS", t, fit_cs(x[train], y[train]) * x, test)
            err_row("GP", t, x / fit_gp(x[train], y[train]), test)
            sf = seismic_features(
                cas, t, kernel, sk["min_window"], sk["max_window"], int(sk["min_count"])
            )
            sf["n_obs"] = np.maximum(sf["n_obs"].to_numpy(), 1.0)
            alpha, gamma = fit_seismic_calibration(
                sf[train], y[train], n_star, tuple(sk["gammas"]), sk["floor"]
            )
            err_row("SEISMIC", t, seismic_predict(sf, n_star, alpha, gamma, sk["floor"]), test)
            feats = pd.concat([ante, early_features(cas, t, depth)], axis=1)
            model = _hgb(gb, seed + 5 + j)
            ratio = y / x
            model.fit(feats[train], ratio[train], sample_weight=(1.0 / ratio[train]) ** 2)
            err_row("GBM", t, x * np.maximum(model.predict(feats), 1.0), test)
            limits.append(
                {
                    "dataset": dataset,
                    "synthetic": synthetic,
                    "information": "early",
                    "t_i": t / grid.unit_seconds,
                    "r2": _fit_r2(feats, ly, train, test, gb, seed + 100 + j),
                    "n": int(test.sum()),
                }
            )
    elif n >= 1:
        # too few items to train: the training-free SEISMIC predictor only (e.g. one cascade)
        n_star = sk.get("n_star") or (float(foll.mean()) if foll is not None else 1.0)
        test = np.ones(n, dtype=bool)
        for t in t_i:
            sf = seismic_features(
                cas, t, kernel, sk["min_window"], sk["max_window"], int(sk["min_count"])
            )
            err_row("SEISMIC", t, seismic_predict(sf, n_star), test)
    tables["error"] = pd.DataFrame(errors, columns=ERROR_COLUMNS)
    tables["limits"] = pd.DataFrame(limits, columns=LIMITS_COLUMNS)
    tables["seismic_check"] = seismic_check(cas, grid, kernel, sk, dataset, synthetic)
    tables["clock"] = clock_comparison(
        events,
        items,
        cas_all,
        grid,
        dataset,
        synthetic,
        min_final,
        min_items,
        max_items,
        test_fraction,
        seed,
    )
    tables["grid"] = pd.DataFrame(
        [
            {
                "dataset": dataset,
                "synthetic": synthetic,
                "t_r": grid.t_r,
                "t_i": " ".join(f"{t:g}" for t in grid.t_i),
                "decay_step": grid.decay_step,
                "relative": grid.relative,
                "time_unit": str(time_unit),
                "table_unit": unit,
                "n_items_total": cas_all.n_items,
                "n_items_eligible": int(eligible(cas_all, grid.t_r, end_time, min_final).sum()),
                "n_items_used": n,
            }
        ]
    )
    return tables


SEISMIC_CHECK_COLUMNS = [
    "dataset",
    "synthetic",
    "t",
    "unit",
    "n_obs",
    "p_hat",
    "prediction",
    "n_final",
    "n_star",
]


def seismic_check(
    cas: Cascades,
    grid: Grid,
    kernel: Kernel,
    sk: dict,
    dataset: str,
    synthetic: bool,
    n_times: int = 40,
) -> pd.DataFrame:
    """SEISMIC on the largest cascade of a data set with follower counts, on a log grid of observation
    times from 5 minutes to ``t_r / 2``: observed count, infectiousness, raw predicted final size (the
    paper's formula, no calibration) and the count at ``t_r``. Empty without follower counts."""
    if cas.followers is None or cas.n_items == 0:
        return pd.DataFrame(columns=SEISMIC_CHECK_COLUMNS)
    sizes = np.diff(cas.ptr)
    big = np.zeros(cas.n_items, dtype=bool)
    big[int(np.argmax(sizes))] = True
    one = cas.subset(big)
    n_star = sk.get("n_star") or float(one.followers.mean())
    times = np.geomspace(300.0, grid.t_r / 2.0, n_times)
    rows = []
    n_final = float(one.counts_at([grid.t_r])[0, 0])
    for t in times:
        f = seismic_features(
            one, t, kernel, sk["min_window"], sk["max_window"], int(sk["min_count"])
        )
        rows.append(
            {
                "dataset": dataset,
                "synthetic": synthetic,
                "t": t / grid.unit_seconds,
                "unit": grid.unit,
                "n_obs": float(f["n_obs"].iloc[0]),
                "p_hat": float(f["p_hat"].iloc[0]),
                "prediction": float(seismic_predict(f, n_star)[0]),
                "n_final": n_final,
                "n_star": n_star,
            }
        )
    return pd.DataFrame(rows, columns=SEISMIC_CHECK_COLUMNS)


CLOCK_COLUMNS = [
    "dataset",
    "synthetic",
    "clock",
    "t_i",
    "t_r",
    "pearson_r_log",
    "rse_mean_LN",
    "rse_mean_CS",
    "rse_mean_GP",
    "n_items",
]


def clock_comparison(
    events: pd.DataFrame,
    items: pd.DataFrame | None,
    cas_wall: Cascades,
    grid: Grid,
    dataset: str,
    synthetic: bool,
    min_final: int = 10,
    min_items: int = 20,
    max_items: int = 6_000,
    test_fraction: float = 0.5,
    seed: int = 0,
) -> pd.DataFrame:
    """Szabo & Huberman's two clocks: correlation and LN/CS/GP errors with ages in wall time and in
    platform activity time (:func:`activity_clock`), on the same grid (activity-seconds for the latter).

    The activity clock needs items that live at different times: it is computed only when the item start
    times spread over at least ``t_r`` (not for data sets whose items all start at 0, e.g. retweet trees given
    as delays); otherwise the table is empty.
    """
    if cas_wall.n_items < min_items or np.ptp(cas_wall.start) < grid.t_r:
        return pd.DataFrame(columns=CLOCK_COLUMNS)
    wall, act = activity_clock(events["time"].to_numpy(dtype=float))
    ev = events[["item_id", "user_id", "time"]].copy()
    ev["time"] = np.interp(ev["time"].to_numpy(dtype=float), wall, act)
    it = None
    if items is not None and "start_time" in items.columns:
        it = items[["item_id", "start_time"]].copy()
        it["start_time"] = np.interp(it["start_time"].to_numpy(dtype=float), wall, act)
    rows = []
    end = {
        "wall": grid.observed_until or float(events["time"].max()),
        "activity": float(ev["time"].max()),
    }
    for clock, frame, itab in (("wall", events, items), ("activity", ev, it)):
        cas = cas_wall if clock == "wall" else build_cascades(frame, itab)
        mask = deterministic_subsample(
            eligible(cas, grid.t_r, end[clock], min_final), max_items, seed + 11
        )
        cas = cas.subset(mask, max_age=grid.t_r)
        n = cas.n_items
        if n < min_items:
            continue
        y = cas.counts_at([grid.t_r])[:, 0].astype(float)
        xs = cas.counts_at(np.asarray(grid.t_i)).astype(float)
        train = split_halves(n, seed + 12, test_fraction)
        test = ~train
        for j, t in enumerate(grid.t_i):
            x = np.maximum(xs[:, j], 1.0)
            b0, s2 = fit_ln(x[train], y[train])
            preds = {
                "LN": predict_ln(x, b0, s2),
                "CS": fit_cs(x[train], y[train]) * x,
                "GP": x / fit_gp(x[train], y[train]),
            }
            rows.append(
                {
                    "dataset": dataset,
                    "synthetic": synthetic,
                    "clock": clock,
                    "t_i": t / grid.unit_seconds,
                    "t_r": grid.t_r / grid.unit_seconds,
                    "pearson_r_log": pearson_log(xs[:, j][xs[:, j] > 0], y[xs[:, j] > 0]),
                    **{
                        f"rse_mean_{k}": float(np.mean(rse(v[test], y[test])))
                        for k, v in preds.items()
                    },
                    "n_items": n,
                }
            )
    return pd.DataFrame(rows, columns=CLOCK_COLUMNS)


def _fit_r2(
    feats: pd.DataFrame,
    target: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    params: dict,
    seed: int,
) -> float:
    """Out-of-sample R^2 of ``target`` from ``feats`` (gradient boosting; constant mean when no features)."""
    from sklearn.metrics import r2_score

    if feats.shape[1] == 0 or test.sum() < 2:
        pred = np.full(int(test.sum()), target[train].mean())
        return float(r2_score(target[test], pred)) if test.sum() >= 2 else np.nan
    model = _hgb(params, seed)
    model.fit(feats[train], target[train])
    return float(r2_score(target[test], model.predict(feats[test])))
