"""Study B's figures from the per-data-set parts gathered over all data sets: the early-late scatter and
correlation and the prediction error (Szabo & Huberman 2010), the novelty decay and the log-normal Q-Q plot
(Wu & Huberman 2007), the popularity curves and SEISMIC on the largest cascade (Zhao et al. 2015).
Each function returns a Figure; :func:`virality.plots.save` writes it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import plots
from .models import PREDICTORS, pearson_log

#: Published values drawn in the figures (status as in ``paper/published.yaml``; tests check they agree).
R_09 = plots.Reference(0.9, "r > 0.9 (Szabo & Huberman 2010)", "unconfirmed", ("B6",))
T_QUARTER = plots.Reference(0.25, "t_i = t_r/4, where r > 0.9 is claimed", "unconfirmed", ("B6",))
RSE_10PCT = plots.Reference(
    0.01, "RSE = 0.01 (10% error, B10's threshold)", "unconfirmed", ("B10",)
)
SEISMIC_15PCT = plots.Reference(
    0.15,
    "15% relative error after 1 h (Zhao et al. 2015), band N(t_r) ± 15%",
    "confirmed",
    ("B11",),
)
DECAY_CURVE = plots.Reference(
    0.4, "exp(-0.4 t^0.4), t in min (Wu & Huberman 2007)", "secondary", ("B1", "B2")
)
NORMAL_P = plots.Reference(
    0.0939, "KS p = 0.0939 on Digg (Wu & Huberman 2007)", "secondary", ("B4",)
)
HALF_TIME = plots.Reference(69.0, "novelty half time 69 min", "secondary", ("B3",))


class Labels:
    """Titles of the data sets (synthetic ones marked) and their time units, from the ``novelty`` part."""

    def __init__(self, novelty: pd.DataFrame):
        self.synthetic = dict(zip(novelty["dataset"], novelty["synthetic"], strict=True))
        self.units = dict(zip(novelty["dataset"], novelty["half_life_unit"], strict=True))

    def title(self, d: str) -> str:
        return plots.label(d, self.synthetic.get(d, False))

    def note(self, names) -> str:
        """ "; synthetic data sets marked" when one of ``names`` is synthetic, else ""."""
        return "; synthetic data sets marked" if any(self.synthetic.get(d) for d in names) else ""

    def unit(self, d: str) -> str:
        u = self.units.get(d, "")
        return "h" if u == "h" else "raw units"


def _panels(names, width=4.0, height=3.2):
    """One panel per data set, three per row; a note when there is none."""
    n = max(1, len(names))
    ncols = min(3, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plots.new_figure(
        width * ncols,
        height * nrows,
        nrows=nrows,
        ncols=ncols,
        squeeze=False,
        layout="constrained",
    )
    flat = axes.ravel()
    for ax in flat[len(names) :]:
        ax.set_visible(False)
    if not names:
        flat[0].set_visible(True)
        flat[0].text(0.5, 0.5, "no data set with enough items", ha="center", va="center")
    return fig, flat


def _line_per_dataset(df: pd.DataFrame, x, y: str, lab: Labels, texts: tuple, fmt: str, **kw):
    """One line per data set of column ``y`` against ``x(rows)`` (log scale; rows with ``y`` missing left
    out), ``texts`` = x label, y label, title; ``fmt`` and ``kw`` go to ``ax.plot``."""
    fig, ax = plots.new_figure(7.0, 4.5, layout="constrained")
    for d, s in df.groupby("dataset", sort=True):
        s = s.dropna(subset=[y])
        if len(s):
            ax.plot(x(s), s[y], fmt, label=lab.title(d), **kw)
    ax.set_xscale("log")
    ax.set_xlabel(texts[0])
    ax.set_ylabel(texts[1])
    ax.set_title(texts[2])
    ax.legend(fontsize=7)
    return fig, ax


def _log_log(ax, xlabel: str, ylabel: str, title: str, **legend) -> None:
    """Log-log axes of one panel with their labels, title and legend."""
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7, **legend)


def scatter(sc: pd.DataFrame, lab: Labels) -> Figure:
    """Log-log scatter of ``N(t_r)`` against ``N(t_i)`` at one indicator time, per data set."""
    names = sorted(d for d, s in sc.groupby("dataset") if len(s) >= 3) if len(sc) else []
    fig, axes = _panels(names)
    for ax, d in zip(axes, names, strict=False):
        s = sc[sc["dataset"] == d]
        ax.scatter(
            s["log_n_ti"], s["log_n_tr"], s=4, alpha=0.3, color="C0", label="items", rasterized=True
        )
        lo = float(min(s["log_n_ti"].min(), s["log_n_tr"].min()))
        hi = float(max(s["log_n_ti"].max(), s["log_n_tr"].max()))
        ax.plot([lo, hi], [lo, hi], "k--", lw=0.8, label="N(t_r) = N(t_i)")
        r = pearson_log(np.exp(s["log_n_ti"]), np.exp(s["log_n_tr"]))
        ax.set_title(
            f"{lab.title(d)}\nt_i={s['t_i'].iloc[0]:.3g}, t_r={s['t_r'].iloc[0]:.3g} {lab.unit(d)}, r={r:.2f}",
            fontsize=9,
        )
        ax.set_xlabel("ln N(t_i), events by t_i")
        ax.set_ylabel("ln N(t_r), events by t_r")
        ax.legend(fontsize=7, loc="lower right")
    fig.suptitle(f"Early against late popularity (Szabo & Huberman 2010){lab.note(names)}")
    return fig


def correlation(co: pd.DataFrame, lab: Labels) -> Figure:
    """Correlation against ``t_i`` relative to ``t_r`` (units differ between data sets)."""
    if (
        "primary" in co.columns
    ):  # the study's clock, items with N(t_i) >= 1 (not the sensitivity rows)
        co = co[co["primary"].astype(str).str.lower() == "true"]
    texts = (
        "indicator time t_i as a fraction of the reference time t_r (log scale)",
        "Pearson r of ln N(t_i) and ln N(t_r)",
        "Correlation of early and late log popularity"
        + lab.note(set(co.dropna(subset=["pearson_r_log"])["dataset"])),
    )
    x = lambda s: s["t_i"] / s["t_r"]  # noqa: E731
    fig, ax = _line_per_dataset(co, x, "pearson_r_log", lab, texts, "o-", ms=3)
    ax.axhline(R_09.value, color="k", ls="--", lw=0.9, label=R_09.label)
    ax.axvline(T_QUARTER.value, color="0.4", ls=":", lw=0.9, label=T_QUARTER.label)
    ax.legend(fontsize=7)
    return fig


def error(er: pd.DataFrame, lab: Labels) -> Figure:
    """Mean test RSE against ``t_i`` per predictor, per data set."""
    names = sorted(er["dataset"].unique()) if len(er) else []
    fig, axes = _panels(names)
    for ax, d in zip(axes, names, strict=False):
        s = er[er["dataset"] == d]
        for k, pname in enumerate(PREDICTORS):
            q = s[s["predictor"] == pname]
            q = q[np.isfinite(q["rse_mean"])]
            if len(q):
                ax.plot(q["t_i"], q["rse_mean"], "o-", ms=3, color=f"C{k}", label=pname)
        ax.axhline(RSE_10PCT.value, color="k", ls="--", lw=0.8, label=RSE_10PCT.label)
        _log_log(ax, f"indicator time t_i ({lab.unit(d)})", "mean RSE, test half", lab.title(d))
    fig.suptitle(f"Prediction error of N(t_r) against the indicator time{lab.note(names)}")
    plots.split_legends(fig, fontsize=7)
    plots.thin_tick_labels(fig)
    return fig


#: Wu & Huberman's published decay, r(t) = exp(-0.4 t^0.4) with t in minutes (secondary sources; B1-B3)
PUBLISHED_DECAY = (0.4, 0.4, 60.0)  # a, b, seconds per unit of t


def published_decay(t_seconds: np.ndarray) -> np.ndarray:
    """``exp(-0.4 t^0.4)`` at ages given in seconds, ``t`` read in the published unit (minutes)."""
    a, b, unit = PUBLISHED_DECAY
    return np.exp(-a * np.power(np.asarray(t_seconds, dtype=float) / unit, b))


def _published_decay(ax, s: pd.DataFrame, unit: str) -> None:
    """The published curve exp(-0.4 t^0.4), t in minutes, converted to the panel's unit and drawn through
    its first point, and the 69-minute novelty half time (the age by which half of the novelty integral
    has accrued with t in minutes, anchors 8.7); only where the panel's unit is known (hours)."""
    unit_s = {"h": 3600.0}.get(unit)
    if not unit_s or not len(s):
        return
    a, b, per = PUBLISHED_DECAY
    t0, g0 = float(s["t"].iloc[0]), float(s["growth_mean"].iloc[0])
    level = g0 / float(published_decay(t0 * unit_s))
    a_unit = a * (unit_s / per) ** b
    ax.plot(
        s["t"], level * published_decay(s["t"] * unit_s), "k--", lw=0.8,
        label=f"{DECAY_CURVE.label}\n= exp(-{a_unit:.2f} t^{b:g}), t in {unit}, through the first point",
    )  # fmt: skip
    half = HALF_TIME.value * 60 / unit_s
    if s["t"].min() <= half <= s["t"].max():
        ax.axvline(
            half, color="0.4", ls=":", lw=0.9, label=f"{HALF_TIME.label} = {half:.3g} {unit}"
        )


def decay(dp: pd.DataFrame, novelty: pd.DataFrame, lab: Labels) -> Figure:
    """Mean growth per step with the three fitted laws (the best by AIC named, a fit at its bound
    flagged) and the published curve exp(-0.4 t^0.4), t in minutes, drawn through the first point."""
    nv = novelty.set_index("dataset")
    names = sorted(dp["dataset"].unique()) if len(dp) else []
    fig, axes = _panels(names, width=4.6, height=3.6)
    for ax, d in zip(axes, names, strict=False):
        s = dp[(dp["dataset"] == d) & (dp["growth_mean"] > 0)]
        ax.plot(
            s["t"], s["growth_mean"], ".", ms=3, color="C0", label="mean growth per step (data)"
        )
        row = nv.loc[d] if d in nv.index else None
        best = str(row["decay_best_model"]) if row is not None else ""
        bound = row is not None and str(row["decay_b_at_bound"]).lower() == "true"
        curves = (
            ("fitted", "stretched_exponential", "c exp(-a t^b)", "C3"),
            ("fitted_power_law", "power_law", "c t^(-a)", "C2"),
            ("fitted_exponential", "exponential", "c exp(-a t)", "C4"),
        )
        for col, model, text, color in curves:
            f = s.dropna(subset=[col]) if col in s.columns else s.iloc[:0]
            if len(f):
                tag = " (best, AIC)" if model == best else ""
                tag += " (b at bound)" if model == "stretched_exponential" and bound else ""
                ax.plot(f["t"], f[col], "-", lw=1, color=color, label=text + tag)
        _published_decay(ax, s, lab.unit(d))
        _log_log(
            ax,
            f"age t since the clock origin ({lab.unit(d)})",
            "mean growth per step",
            lab.title(d),
        )
        if len(s):
            lo, hi = float(s["growth_mean"].min()), float(s["growth_mean"].max())
            ax.set_ylim(lo / 10, hi * 10)
    fig.suptitle(f"Novelty decay (Wu & Huberman 2007): three laws compared{lab.note(names)}")
    plots.split_legends(fig, fontsize=7)
    plots.thin_tick_labels(fig)
    return fig


def lognormal(fi: pd.DataFrame, novelty: pd.DataFrame, lab: Labels) -> Figure:
    """Q-Q plot of the standardised log final popularity against the normal, per data set."""
    from scipy import stats  # here, not at the top: ~1 s of every job that imports the module

    nv = novelty.set_index("dataset")
    names = sorted(d for d, s in fi.groupby("dataset") if len(s) >= 5) if len(fi) else []
    fig, axes = _panels(names)
    for ax, d in zip(axes, names, strict=False):
        x = np.sort(fi.loc[fi["dataset"] == d, "log_final"].to_numpy())
        sd = x.std(ddof=1)
        z = (x - x.mean()) / sd if sd > 0 else x * 0
        q = stats.norm.ppf((np.arange(1, x.size + 1) - 0.5) / x.size)
        ax.plot(q, z, ".", ms=3, label="ln N(t_r), standardised")
        ax.plot([q[0], q[-1]], [q[0], q[-1]], "k--", lw=0.8, label="normal")
        ax.set_xlabel("normal quantile")
        ax.set_ylabel("standardised ln N(t_r)")
        p = nv.loc[d, "normality_p"] if d in nv.index else np.nan
        ax.set_title(f"{lab.title(d)}, Lilliefors p={p:.2g}", fontsize=9)
        ax.legend(fontsize=7)
    fig.suptitle(f"Is final popularity log-normal? {NORMAL_P.label}{lab.note(names)}")
    return fig


def popularity(dp: pd.DataFrame, lab: Labels) -> Figure:
    """Popularity curves: the mean share of ``N(t_r)`` reached at each age."""
    texts = (
        "item age as a fraction of the reference time t_r (log scale)",
        "mean N(t) / N(t_r) (growth profile)",
        "Popularity curves: share of the final count reached with age"
        + lab.note(set(dp["dataset"])),
    )
    x = lambda s: s["t"] / s["t"].max()  # noqa: E731
    fig, ax = _line_per_dataset(dp, x, "profile_mean", lab, texts, "-")
    ax.set_ylim(0, 1.02)
    return fig


def seismic(sk: pd.DataFrame, lab: Labels) -> Figure:
    """SEISMIC's predicted final size against the observation time on the largest cascade with follower
    counts, per data set."""
    names = sorted(sk["dataset"].unique()) if len(sk) else []
    fig, axes = _panels(names, width=5.5, height=4.0)
    for ax, d in zip(axes, names, strict=False):
        s = sk[sk["dataset"] == d]
        fin = np.isfinite(s["prediction"])
        ax.plot(s["t"], s["n_obs"], "-", color="C0", label="observed N(t)")
        ax.plot(
            s["t"][fin], s["prediction"][fin], "o-", ms=3, color="C3", label="SEISMIC final size"
        )
        n_final = float(s["n_final"].iloc[0])
        ax.axhline(n_final, color="k", ls="--", lw=0.8, label="N(t_r)")
        e = SEISMIC_15PCT.value
        ax.axhspan(
            n_final * (1 - e), n_final * (1 + e), color="0.85", zorder=0, label=SEISMIC_15PCT.label
        )
        if lab.unit(d) == "h":
            ax.axvline(1.0, color="0.4", ls=":", lw=0.9, label="1 h of observation")
        title = f"{lab.title(d)}, n* = {s['n_star'].iloc[0]:.3g}; missing points: p n* >= 1"
        xlabel = f"observation time t ({lab.unit(d)})"
        _log_log(ax, xlabel, "retweets (count)", title, loc="lower right")
    fig.suptitle("SEISMIC (Zhao et al. 2015) on the largest cascade with follower counts")
    plots.split_legends(fig, fontsize=7)
    plots.thin_tick_labels(fig)
    return fig


def all_figures(parts: Mapping[str, pd.DataFrame]) -> dict[str, Figure]:
    """The seven figures by name (``prediction_<name>.png``) from the gathered parts."""
    lab = Labels(parts["novelty"])
    return {
        "scatter": scatter(parts["scatter"], lab),
        "correlation": correlation(parts["correlation"], lab),
        "error": error(parts["error"], lab),
        "decay": decay(parts["decay_points"], parts["novelty"], lab),
        "lognormal": lognormal(parts["final"], parts["novelty"], lab),
        "popularity": popularity(parts["decay_points"], lab),
        "seismic": seismic(parts["seismic_check"], lab),
    }
