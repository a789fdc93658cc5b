"""Study C figures: odds-ratio forest beside Berger & Milkman (2012), synthetic recovery, feature CDFs of viral
vs other items, arousal against the outcome's rank. Each function returns a Figure; ``plots.save`` writes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import plots
from .compare import PUBLISHED

FEATURE_UNITS = {
    "positivity": "% pos. − % neg. words",
    "emotionality": "% pos. + % neg. words",
    "awe": "% of words",
    "anger": "% of words",
    "anxiety": "% of words",
    "sadness": "% of words",
    "joy": "% of words",
    "surprise": "% of words",
}


#: Source status of each published odds ratio (``paper/published.yaml`` C7-C13; tests check they agree)
#: and the marker fill that shows it in the forest plot.
OR_STATUS = {
    "awe": ("C7", "unconfirmed"),
    "anger": ("C8", "unconfirmed"),
    "anxiety": ("C9", "unconfirmed"),
    "sadness": ("C10", "secondary"),
    "surprise": ("C11", "unconfirmed"),
    "positivity": ("C12", "secondary"),
    "emotionality": ("C13", "unconfirmed"),
}
_OR_TEXT = {
    "secondary": ("k", "NYT 2008 odds ratio, Berger's book (Contagious)"),
    "unconfirmed": ("white", "NYT 2008 odds ratio, not found in any text read"),
}


def _published_odds(ax, feats, py) -> None:
    """Berger & Milkman's odds ratios as diamonds, filled when read in a secondary source, open when
    unconfirmed, with the published direction (an arrow; confirmed in the paper, C1-C6)."""
    for status, (fill, text) in _OR_TEXT.items():
        pts = [
            (PUBLISHED[f][1], y)
            for f, y in zip(feats, py, strict=True)
            if OR_STATUS.get(f, ("", "unconfirmed"))[1] == status
        ]
        if pts:
            x, y = zip(*pts, strict=True)
            ref = plots.Reference(0.0, text, status)
            ax.plot(x, y, "D", mfc=fill, mec="k", ms=5, ls="none", label=ref.label)
    for f, y in zip(feats, py, strict=True):
        ax.annotate(
            "↑" if PUBLISHED[f][0] > 0 else "↓",
            (PUBLISHED[f][1], y),
            xytext=(6, -4),
            textcoords="offset points",
        )


def _log_ticks(axis) -> None:
    """Plain-number tick labels (0.8, 1, 1.25 ...) on an axis already in log scale."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

    axis.set_major_locator(
        FixedLocator([0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0])
    )
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(NullFormatter())


def _placeholder(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def forest(odds: pd.DataFrame, model: str = "controls") -> Figure:
    """Odds ratio per s.d. with 95% CI on each real data set, beside Berger & Milkman's published value."""
    real = odds[(~odds["synthetic"].astype(bool)) & (odds["model"] == model)]
    feats = [f for f in PUBLISHED if f in set(real["feature"])] or list(PUBLISHED)
    datasets = sorted(real["dataset"].unique())
    fig, ax = plots.new_figure(7.0, 0.55 * len(feats) + 2.2)
    k = len(datasets) + 1
    step = 0.8 / k
    for j, d in enumerate(datasets):
        sub = real[real["dataset"] == d].set_index("feature")
        ys, xs, lo, hi = [], [], [], []
        for i, f in enumerate(feats):
            if f in sub.index and np.isfinite(sub.loc[f, "odds_ratio_per_sd"]):
                ys.append(i - 0.4 + step * (j + 0.5))
                xs.append(sub.loc[f, "odds_ratio_per_sd"])
                lo.append(sub.loc[f, "ci_low"])
                hi.append(sub.loc[f, "ci_high"])
        xs, lo, hi = np.array(xs), np.array(lo), np.array(hi)
        ax.errorbar(
            xs, ys, xerr=[xs - lo, hi - xs], fmt="o", ms=4, capsize=2, label=f"{d} (95% CI)"
        )
    py = [i - 0.4 + step * (len(datasets) + 0.5) for i in range(len(feats))]
    _published_odds(ax, feats, py)
    ax.axvline(1.0, color="grey", lw=1)
    ax.set_xscale("log")
    _log_ticks(ax.xaxis)
    ax.set_yticks(range(len(feats)))
    ax.set_yticklabels(feats)
    ax.invert_yaxis()
    ax.set_xlabel("odds ratio of going viral per +1 s.d. of the feature (log scale)")
    ax.set_ylabel("content feature")
    names = ", ".join(datasets) if datasets else "no real text data set available"
    ax.set_title(f"Berger & Milkman logit with controls: {names}")
    if not datasets:
        ax.text(0.02, 0.02, "no real text data set available", transform=ax.transAxes)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    return fig


#: Marker and label of each instrument in :func:`instruments`.
INSTRUMENT_STYLE = {
    "nrc": ("o", "NRC emotion lexicon (+ our negation)"),
    "vader": ("s", "VADER"),
    "liwc": ("D", "LIWC (the original's instrument)"),
}


def instruments(odds: pd.DataFrame) -> Figure:
    """Odds ratio per s.d. of each feature under each instrument (models ``controls_<instrument>``), one
    panel per real data set; the published direction is in the feature's label."""
    own = odds["model"].astype(str) == "controls_" + odds["instrument"].astype(str)
    real = odds[(~odds["synthetic"].astype(bool)) & own]
    real = real[
        real["feature"].isin(list(PUBLISHED)) & real["instrument"].isin(list(INSTRUMENT_STYLE))
    ]
    datasets = sorted(real["dataset"].unique())
    feats = [f for f in PUBLISHED if f in set(real["feature"])] or list(PUBLISHED)
    n = max(1, len(datasets))
    fig, axes = plots.new_figure(
        3.6 * n + 2.6, 0.5 * len(feats) + 2.4, ncols=n, squeeze=False, sharey=True
    )
    if not datasets:
        _placeholder(axes[0, 0], "no real text data set")
        axes[0, 0].set_title("Odds ratios by instrument: no real text data set")
    insts = [i for i in INSTRUMENT_STYLE if i in set(real["instrument"])]
    for ax, d in zip(axes[0], datasets, strict=False):
        sub = real[real["dataset"] == d]
        for j, inst in enumerate(insts):
            rows = sub[sub["instrument"] == inst].set_index("feature")
            rows = rows[np.isfinite(rows["odds_ratio_per_sd"].to_numpy(float))]
            pts = [(i, f) for i, f in enumerate(feats) if f in rows.index]
            if not pts:
                continue
            marker, lab = INSTRUMENT_STYLE[inst]
            y = np.array([i for i, _ in pts]) - 0.25 + 0.5 * (j + 0.5) / max(1, len(insts))
            r = rows.loc[[f for _, f in pts]]
            x, lo, hi = (r[c].to_numpy(float) for c in ("odds_ratio_per_sd", "ci_low", "ci_high"))
            ax.errorbar(
                x, y, xerr=[x - lo, hi - x], fmt=marker, ms=4, capsize=2, label=f"{lab} (95% CI)"
            )
        ax.axvline(1.0, color="grey", lw=1, label="no effect (odds ratio 1)")
        ax.set_xscale("log")
        _log_ticks(ax.xaxis)
        ax.set_xlabel("odds ratio per +1 s.d. (log scale)")
        ax.set_title(d, fontsize=9)
    axes[0, 0].set_yticks(range(len(feats)))
    axes[0, 0].set_yticklabels(
        [f"{f} (published {'↑' if PUBLISHED[f][0] > 0 else '↓'})" for f in feats]
    )
    axes[0, 0].invert_yaxis()
    axes[0, 0].set_ylabel("content feature")
    if datasets:
        axes[0, -1].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    fig.suptitle(
        "Study C: odds ratio of going viral per feature under each instrument "
        "(same logit with controls; real data)"
    )
    return fig


def synthetic_recovery(odds: pd.DataFrame, truths: Mapping[str, Mapping[str, float]]) -> Figure:
    """Estimated vs true odds ratios per s.d. on synthetic data, with and without the exposure control."""
    syn = [d for d in sorted(truths) if d in set(odds["dataset"])]
    fig, axes = plots.new_figure(8.0, 3.8 * max(1, len(syn)), nrows=max(1, len(syn)), squeeze=False)
    if not syn:
        _placeholder(axes[0, 0], "no synthetic data set with known odds ratios")
        axes[0, 0].set_title(
            "Synthetic recovery of Berger & Milkman odds ratios: none configured (synthetic)"
        )
    styles = {
        "controls": ("o", "with exposure control"),
        "controls_without_exposure": ("s", "without exposure"),
    }
    for ax, d in zip(axes[:, 0], syn, strict=False):
        truth = truths[d]
        order = [f for f in PUBLISHED if f in truth] + sorted(
            f for f in truth if f not in PUBLISHED
        )
        feats = [f for f in order if f in set(odds.loc[odds["dataset"] == d, "feature"])]
        x = np.arange(len(feats))
        for off, (model, (marker, lab)) in zip((-0.15, 0.15), styles.items(), strict=True):
            sub = odds[(odds["dataset"] == d) & (odds["model"] == model)].set_index("feature")
            if sub.empty:
                continue
            sub = sub.reindex(feats)  # the model without exposure has no exposure row
            est = sub["odds_ratio_per_sd"].to_numpy(float)
            lo = sub["ci_low"].to_numpy(float)
            hi = sub["ci_high"].to_numpy(float)
            ax.errorbar(
                x + off,
                est,
                yerr=[est - lo, hi - est],
                fmt=marker,
                capsize=3,
                label=f"estimate, {lab}",
            )
        ax.plot(x, [truth[f] for f in feats], "k_", ms=18, mew=2, label="true odds ratio")
        ax.axhline(1.0, color="grey", lw=1)
        ax.set_xticks(x)
        ax.set_xticklabels(
            [("home page\n(per s.d. of log h)" if f == "cov_homepage_hours" else f) for f in feats],
            fontsize=8,
        )
        ax.set_yscale("log")
        _log_ticks(ax.yaxis)
        ax.set_ylabel("odds ratio per +1 s.d. (log scale)")
        ax.set_xlabel("feature")
        ax.set_title(f"Recovery of set odds ratios, {plots.label(d, True)}; 95% CI")
        ax.legend(fontsize=8)
    return fig


def distributions(feats: pd.DataFrame, columns: Sequence[str] | None = None) -> Figure:
    """Empirical CDF of each feature for viral (top decile) and other items, per real text data set."""
    real = feats[(~feats["synthetic"].astype(bool)) & (feats["feature_source"] == "lexicon")]
    datasets = sorted(real["dataset"].unique())
    columns = list(columns or ("positivity", "emotionality", "awe", "anger", "anxiety", "sadness"))
    nr, nc = max(1, len(datasets)), len(columns)
    fig, axes = plots.new_figure(2.6 * nc, 2.4 * nr + 0.8, nrows=nr, ncols=nc, squeeze=False)
    if not datasets:
        for ax in axes.ravel():
            _placeholder(ax, "no real text data set")
    for r, d in enumerate(datasets):
        sub = real[real["dataset"] == d]
        for c, f in enumerate(columns):
            ax = axes[r, c]
            for v, lab, col in ((1.0, "viral (top 10%)", "C3"), (0.0, "other", "C0")):
                x = np.sort(sub.loc[sub["viral"] == v, f].dropna().to_numpy(float))
                if len(x):
                    ax.step(
                        x,
                        np.arange(1, len(x) + 1) / len(x),
                        where="post",
                        color=col,
                        label=f"{lab}, mean {x.mean():.2g}",
                    )
            lo, hi = (
                np.nanquantile(sub[f].to_numpy(float), [0.005, 0.995])
                if sub[f].notna().any()
                else (0, 1)
            )
            if hi > lo:
                ax.set_xlim(lo - 0.02 * (hi - lo), hi + 0.02 * (hi - lo))
            ax.set_title(f"{d}: {f}", fontsize=9)
            ax.set_xlabel(FEATURE_UNITS.get(f, "mean rating (0-1)"), fontsize=8)
            if c == 0:
                ax.set_ylabel("share of items ≤ x")
            ax.legend(fontsize=6, loc="lower right")
    fig.suptitle(
        "Content features of viral (top decile) vs other items, empirical CDFs (real data; x cut at the "
        "0.5th-99.5th percentiles)"
    )
    fig.tight_layout()
    return fig


def arousal_rank(feats: pd.DataFrame, vad_names: Sequence[str], bins: int = 20) -> Figure:
    """Mean arousal (each VAD lexicon, 95% CI) against the item's outcome percentile rank, per real data set."""
    real = feats[(~feats["synthetic"].astype(bool)) & (feats["feature_source"] == "lexicon")]
    datasets = sorted(real["dataset"].unique())
    fig, axes = plots.new_figure(
        4.2 * max(1, len(datasets)), 3.8, ncols=max(1, len(datasets)), squeeze=False
    )
    if not datasets:
        _placeholder(axes[0, 0], "no real text data set")
        axes[0, 0].set_title("Arousal vs share rank: no real text data set")
    for ax, d in zip(axes[0], datasets, strict=False):
        sub = real[real["dataset"] == d]
        rank = sub["outcome"].rank(pct=True, method="average").to_numpy(float) * 100
        b = np.minimum((rank / (100 / bins)).astype(int), bins - 1)
        for n in vad_names:
            col = f"arousal_{n}"
            if col not in sub.columns or sub[col].notna().sum() == 0:
                continue
            g = pd.DataFrame({"b": b, "a": sub[col].to_numpy(float)}).dropna().groupby("b")["a"]
            m, s, k = g.mean(), g.std(ddof=1), g.count()
            mid = (m.index.to_numpy() + 0.5) * (100 / bins)
            half = 1.96 * (s / np.sqrt(k)).to_numpy()
            ax.errorbar(
                mid, m.to_numpy(), yerr=half, fmt="o-", ms=3, capsize=2, label=f"{n} lexicon"
            )
        ax.set_xlabel("percentile rank of the outcome (shares / points / retweets, %)")
        ax.set_ylabel("mean word arousal (0 calm – 1 excited)")
        ax.set_title(f"{d}: arousal vs share rank")
        ax.legend(fontsize=8)
    return fig
