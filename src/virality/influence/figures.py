"""Study D's figures: cascade window, influence multiplier, consistency of influence, MusicLab markets.

Each function returns a :class:`matplotlib.figure.Figure` drawn in :data:`virality.plots.STYLE` (through
``plots.new_figure``); the caller writes it with ``plots.save``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter, ScalarFormatter

from .. import plots
from .threshold import SEED_GROUPS

_GROUP_STYLE = {"average": ("tab:blue", "o", "-"), "influential": ("tab:red", "s", "--")}
_GRAPH_TITLE = {"erdos_renyi": "Erdos-Renyi", "heavy_tailed": "heavy-tailed (Chung-Lu)"}
#: Published values drawn in the figures (status as in ``paper/published.yaml``; tests check they agree).
MULTIPLIER_BAND = plots.Reference(
    (1.0, 3.0),
    "1-3x, our reading of Watts & Dodds (2007); no number in the text read",
    "unconfirmed",
    ("D1",),
)
_X_TICKS = (0.5, 1, 2, 5, 10, 20, 50)
_Y_TICKS = (0.5, 1, 2, 5, 10, 20, 50, 100, 200)


def _log_axis(ax, which: str, ticks: tuple[float, ...]) -> None:
    """Log scale on axis ``which`` ("x" or "y"), plain-number ticks from ``ticks`` inside its limits."""
    getattr(ax, f"set_{which}scale")("log")
    lim = getattr(ax, f"get_{which}lim")()
    getattr(ax, f"set_{which}ticks")([t for t in ticks if lim[0] <= t <= lim[1]])
    getattr(ax, f"set_{which}lim")(lim)
    axis = getattr(ax, f"{which}axis")
    axis.set_major_formatter(ScalarFormatter())
    axis.set_minor_formatter(NullFormatter())


def _graph_panels(n: int):
    """A figure with one panel per graph, at most three per row (unused panels hidden); flat axes."""
    ncols = min(3, max(n, 1))
    nrows = -(-max(n, 1) // ncols)
    fig, axes = plots.new_figure(4.4 * ncols, 3.8 * nrows, nrows=nrows, ncols=ncols, squeeze=False)
    flat = axes.ravel()
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat


def _synthetic(table: pd.DataFrame) -> dict[str, bool]:
    """Graph name → whether it is synthetic, from a Study D table's ``synthetic`` column."""
    return table.groupby("graph")["synthetic"].first().astype(bool).to_dict()


def _graph_label(graph: str, synthetic: bool) -> str:
    return plots.label(_GRAPH_TITLE.get(graph, graph), synthetic)


def window(summary: pd.DataFrame, windows: pd.DataFrame) -> Figure:
    """Share of global cascades against mean degree, one panel per graph, one line per threshold and seed
    group; the analytic Erdos-Renyi window of Watts (2002) is marked (tables ``influentials``, ``influence_window``)."""
    synthetic = _synthetic(summary)
    graphs = sorted(summary["graph"].unique())
    fig, axes = _graph_panels(len(graphs))
    phis = sorted(summary["threshold"].unique())
    palette = ["tab:green", "tab:orange", "tab:purple", "tab:brown", "tab:pink", "tab:olive"]
    cmap = {phi: palette[i % len(palette)] for i, phi in enumerate(phis)}
    for ax, graph in zip(axes, graphs, strict=False):
        d = summary[summary["graph"] == graph]
        for phi in phis:
            for group in SEED_GROUPS:
                g = d[(d["threshold"] == phi) & (d["seed_group"] == group)].sort_values(
                    "mean_degree"
                )
                _, marker, ls = _GROUP_STYLE[group]
                ax.plot(
                    g["mean_degree"],
                    g["p_global_cascade"],
                    ls=ls,
                    marker=marker,
                    ms=3,
                    color=cmap[phi],
                    label=f"phi={phi:g}, {group} seed",
                )
            w = windows[(windows["graph"] == graph) & (windows["threshold"] == phi)]
            if len(w) and np.isfinite(w["analytic_high"].iloc[0]):
                ax.axvline(w["analytic_high"].iloc[0], color=cmap[phi], lw=0.8, alpha=0.6, ls=":")
        if synthetic.get(graph, True):
            _log_axis(ax, "x", _X_TICKS)
        ax.set_xlabel("mean degree z (neighbours per node)")
        ax.set_ylabel("share of runs with a global cascade")
        ax.set_title(_graph_label(graph, synthetic.get(graph, True)))
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        loc="upper center",
        ncol=min(6, len(labels)),
        fontsize=7,
        bbox_to_anchor=(0.5, 0.0),
    )
    fig.suptitle("Cascade window of the threshold model (dotted: analytic upper edge, Watts 2002)")
    fig.tight_layout()
    return fig


def multiplier(mult: pd.DataFrame) -> Figure:
    """Influence multiplier (influential over average mean cascade size) with its bootstrap interval against
    mean degree, inside the cascade window (table ``influence_multiplier``)."""
    synthetic = _synthetic(mult)
    cells = mult[(mult["scope"] == "cell") & mult["in_window"].astype(bool)]
    graphs = sorted(mult["graph"].unique())
    fig, axes = _graph_panels(len(graphs))
    for ax, graph in zip(axes, graphs, strict=False):
        d = cells[cells["graph"] == graph]
        for phi, g in d.groupby("threshold", sort=True):
            g = g.sort_values("mean_degree")
            ax.errorbar(
                g["mean_degree"],
                g["multiplier"],
                yerr=[g["multiplier"] - g["ci_low"], g["ci_high"] - g["multiplier"]],
                marker="o",
                ms=3,
                capsize=2,
                label=f"phi={phi:g}",
            )
        pooled = mult[(mult["graph"] == graph) & (mult["scope"] == "window")]
        if len(pooled):
            p = pooled.iloc[0]
            ax.axhline(
                p["multiplier"],
                color="k",
                lw=0.8,
                label=f"pooled {p['multiplier']:.2f} [{p['ci_low']:.2f}, {p['ci_high']:.2f}]",
            )
        ax.axhline(1.0, color="grey", lw=0.6, ls=":")
        ax.axhspan(
            *MULTIPLIER_BAND.value,
            color="tab:green",
            alpha=0.12,
            zorder=0,
            label=MULTIPLIER_BAND.label,
        )
        if synthetic.get(graph, True):
            _log_axis(ax, "x", _X_TICKS)
        _log_axis(ax, "y", _Y_TICKS)
        ax.set_xlabel("mean degree z (neighbours per node)")
        ax.set_ylabel("multiplier (ratio of mean cascade sizes)")
        ax.set_title(_graph_label(graph, synthetic.get(graph, True)))
        ax.legend(fontsize=7)
    fig.suptitle(
        "Influence multiplier of top-10% seeds inside the cascade window (95% bootstrap CI)"
    )
    fig.tight_layout()
    plots.split_legends(fig, fontsize=7)
    return fig


def consistency(pairs: dict[str, pd.DataFrame], table: pd.DataFrame) -> Figure:
    """Next cascade's log size against the creator's past mean, one panel per data set with pairs."""
    names = [n for n in sorted(pairs) if len(pairs[n])]
    if not names:
        fig, ax = plots.new_figure()
        ax.text(0.5, 0.5, "no creator with several cascades", ha="center", va="center")
        ax.set_title("Consistency of influence: no data")
        ax.set_xlabel("past mean log(1 + cascade size)")
        ax.set_ylabel("next log(1 + cascade size)")
        return fig
    fig, axes = plots.new_figure(3.8 * len(names), 3.6, ncols=len(names), squeeze=False)
    for ax, name in zip(axes[0], names, strict=True):
        d = pairs[name]
        row = table[table["dataset"] == name].iloc[0]
        ax.scatter(
            d["past_mean"],
            d["next_log_size"],
            s=6,
            alpha=0.4,
            label=f"rho={row['spearman']:.2f}, R2={row['r2']:.2f} (n={int(row['n_pairs'])})",
        )
        lim = [
            min(d["past_mean"].min(), d["next_log_size"].min()),
            max(d["past_mean"].max(), d["next_log_size"].max()),
        ]
        ax.plot(lim, lim, color="grey", lw=0.7, ls=":", label="next = past mean")
        ax.set_xlabel("past mean log(1 + cascade size)")
        ax.set_ylabel("next log(1 + cascade size)")
        ax.set_title(plots.label(name, bool(row["synthetic"])))
        ax.legend(fontsize=7)
    fig.suptitle("Does a creator's past cascade size predict the next? (Bakshy et al. 2011)")
    fig.tight_layout()
    return fig


def musiclab(summary: pd.DataFrame) -> Figure:
    """Gini and unpredictability against social-influence strength with their ranges over markets."""
    fig, axes = plots.new_figure(8.4, 3.6, ncols=2)
    for ax, col, name in (
        (axes[0], "gini", "Gini of market shares"),
        (axes[1], "unpredictability", "unpredictability U"),
    ):
        s = summary.sort_values("social_strength")
        ax.errorbar(
            s["social_strength"],
            s[col],
            yerr=[s[col] - s[f"{col}_low"], s[f"{col}_high"] - s[col]],
            marker="o",
            capsize=3,
            label="mean over markets (95% range)",
        )
        ax.set_xlabel("social influence strength w (0 = independent)")
        ax.set_ylabel(f"{name} (dimensionless)")
        ax.legend(fontsize=7)
    n = int(summary["n_markets"].max()) if "n_markets" in summary and len(summary) else 0
    fig.suptitle(
        f"Simulated MusicLab markets (synthetic), {n} markets per strength\n"
        "published (confirmed, Salganik et al. 2006): stronger influence raises both"
    )
    fig.tight_layout()
    return fig
