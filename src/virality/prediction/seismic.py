"""SEISMIC (Zhao et al., KDD 2015): a self-exciting process with intensity
``lambda_t = p_t sum_{t_j <= t} n_j phi(t - t_j)`` (``n_j`` follower counts) and a memory kernel
``phi(s) = c`` for ``s <= s0``, ``c (s/s0)^-(1+theta)`` after (``s0 = 5 min``; ``theta = 0.242`` in the
paper, 0.2314843 in the authors' R package, our default; ``c`` normalising ``phi``). The infectiousness ``p_t`` is estimated with a triangular kernel over a window of
``clip(t/2, 5 min, 2 h)``; the final size is ``N_t + p_t sum_j n_j (1 - Phi(t - t_j)) / (1 - p_t n*)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cascades import Cascades
from .grid import Grid


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


@dataclass(frozen=True)
class Settings:
    """SEISMIC settings (the config's ``prediction.seismic``): the kernel's ``theta`` and ``cutoff``
    (``s0``, seconds), the window of the infectiousness estimate and the calibration grid.

    ``theta`` defaults to the authors' R package ``seismic`` 1.1 (0.2314843, with ``s0 = 300`` s and the
    package's windows); the paper states 0.242. With the package's ``theta`` our infectiousness equals the
    package's, and our final size is the package's plus one: we count the original post in ``N(t)``, the
    package counts reshares only."""

    theta: float = 0.2314843
    cutoff: float = 300.0
    min_window: float = 300.0
    max_window: float = 7200.0
    min_count: int = 5
    gammas: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 0.9, 1.0)
    floor: float = 0.05

    @property
    def kernel(self) -> Kernel:
        return Kernel(theta=float(self.theta), s0=float(self.cutoff))


def observe(cas: Cascades, t: float, settings: Settings) -> pd.DataFrame:
    """:func:`seismic_features` at age ``t`` with the kernel and window of ``settings``."""
    return seismic_features(
        cas, t, settings.kernel, settings.min_window, settings.max_window, int(settings.min_count)
    )


def predict_calibrated(
    cas: Cascades,
    t: float,
    train: np.ndarray,
    y: np.ndarray,
    n_star: float,
    settings: Settings,
) -> np.ndarray:
    """SEISMIC at age ``t`` with Zhao et al.'s ``(alpha, gamma)`` fitted on the ``train`` items (``y`` the
    counts at ``t_r``), ``N(t)`` at least 1."""
    sf = observe(cas, t, settings)
    sf["n_obs"] = np.maximum(sf["n_obs"].to_numpy(), 1.0)
    alpha, gamma = fit_seismic_calibration(
        sf[train], y[train], n_star, tuple(settings.gammas), settings.floor
    )
    return seismic_predict(sf, n_star, alpha, gamma, settings.floor)


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
    settings: Settings,
    n_star: float | None,
    dataset: str,
    synthetic: bool,
    n_times: int = 40,
) -> pd.DataFrame:
    """SEISMIC on the largest cascade of a data set with follower counts, on a log grid of observation
    times from 5 minutes to ``t_r / 2``: observed count, infectiousness, raw predicted final size (the
    paper's formula, no calibration) and the count at ``t_r``. ``n_star`` defaults to the cascade's mean
    follower count. Empty without follower counts."""
    if cas.followers is None or cas.n_items == 0:
        return pd.DataFrame(columns=SEISMIC_CHECK_COLUMNS)
    sizes = np.diff(cas.ptr)
    big = np.zeros(cas.n_items, dtype=bool)
    big[int(np.argmax(sizes))] = True
    one = cas.subset(big)
    n_star = n_star or float(one.followers.mean())
    times = np.geomspace(300.0, grid.t_r / 2.0, n_times)
    rows = []
    n_final = float(one.counts_at([grid.t_r])[0, 0])
    for t in times:
        f = observe(one, t, settings)
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
