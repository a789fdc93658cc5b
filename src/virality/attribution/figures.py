"""Study A's figures (Cha, Mislove & Gummadi 2009; Goel et al. 2016): each function returns a Figure in the
package style (:mod:`virality.plots`), which ``plots.save`` writes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import plots
from . import trajectories as traj

#: Published values drawn in the figures (status as in ``paper/published.yaml``; tests check they agree).
WOM_50 = plots.Reference(0.5, "over 50% (Cha, Mislove & Gummadi 2009)", "confirmed", ("A1",))
SIZE_FREE = plots.Reference(
    1.0,
    "independent of size (Goel et al. 2016): flat at the smallest size bin's median",
    "confirmed",
    ("A5",),
)

#: Bars of the word-of-mouth figure: legend, value from (table row, wom.json), colour.
_WOM_SERIES = [
    ("observed (Cha et al. rule), 95% CI", lambda r, w: r["wom_share"], "tab:blue"),
    ("time-shuffle null", lambda r, w: r["null_wom_share"], "tab:gray"),
    ("corrected, uniform placebo", lambda r, w: w.get("wom_share_corrected"), "tab:olive"),
    ("corrected, matched placebo", lambda r, w: w.get("wom_share_corrected_matched"), "tab:green"),
    ("1 - Bass external share", lambda r, w: 1 - r["bass_external_share"], "tab:orange"),
    ("1 - Hawkes external share", lambda r, w: 1 - r["hawkes_external_share"], "tab:red"),
]


def _no_data(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)


def _wom_row(ax, i: int, r: pd.Series, w: dict, height: float) -> None:
    """The bars of data set ``r`` (row ``i`` of the attribution table) and its true share if known."""
    for k, (name, get, colour) in enumerate(_WOM_SERIES):
        v = get(r, w)
        if v is None or not np.isfinite(v):
            continue
        y = i + (k - (len(_WOM_SERIES) - 1) / 2) * height
        xerr = None
        if k == 0 and np.isfinite(r["wom_ci_low"]):
            xerr = [[v - r["wom_ci_low"]], [r["wom_ci_high"] - v]]
        ax.barh(
            y,
            v,
            height=height,
            color=colour,
            xerr=xerr,
            capsize=3,
            label=name if i == 0 or name not in ax.get_legend_handles_labels()[1] else None,
        )
    if np.isfinite(r["true_wom_share"]):
        ax.plot(
            [r["true_wom_share"]] * 2,
            [i - 0.45, i + 0.45],
            color="black",
            lw=2,
            label="true share (synthetic)"
            if "true share (synthetic)" not in ax.get_legend_handles_labels()[1]
            else None,
        )


def wom_figure(table: pd.DataFrame, wom: Mapping[str, dict]) -> Figure:
    """Word-of-mouth share per data set of ``attribution.csv``: observed with its bootstrap interval, the
    time-shuffle null, the placebo-corrected share (``wom.json``) and one minus the Bass and Hawkes external
    shares; a black tick marks the true share of synthetic data."""
    fig, ax = plots.new_figure(10, 1.2 + 1.1 * max(len(table), 1))
    height = 0.8 / len(_WOM_SERIES)
    labels = []
    for i, r in table.iterrows():
        labels.append(plots.label(r["dataset"], r["synthetic"]))
        _wom_row(ax, i, r, wom.get(r["dataset"], {}), height)
    if len(table) == 0:
        _no_data(ax, "no data set with events and a graph or exposures")
    ax.axvline(WOM_50.value, color="black", ls="--", lw=1, label=WOM_50.label)
    ax.set_yticks(range(len(table)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of adoptions through word of mouth (fraction of non-seed adoptions)")
    ax.set_ylabel("data set")
    synthetic_names = ", ".join(table.loc[table["synthetic"].astype(bool), "dataset"])
    synth_note = (
        f"\n(synthetic: {synthetic_names}; black tick = true share)" if synthetic_names else ""
    )
    ax.set_title(
        f"Study A: word-of-mouth share, its nulls and time-series estimates{synth_note}",
        fontsize=10,
    )
    handles, names = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, names, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7)
    fig.tight_layout()
    return fig


#: Labels of the estimators and graphs of ``attribution_estimators.csv`` in the figure.
ESTIMATOR_LABELS = {
    "naive": "rule (Cha et al.)",
    "time_shuffle_excess": "excess over time shuffle",
    "placebo_uniform": "corrected, uniform placebo",
    "placebo_matched": "corrected, matched placebo",
    "one_minus_bass_external": "1 - Bass external share",
    "one_minus_hawkes_external": "1 - Hawkes external share",
}
GRAPH_LABELS = {
    "static": "all links",
    "dated": "links made before the adoption",
    "symmetrised": "graph symmetrised",
    "as_listed": "graph as listed",
    "none": "time series only",
}


def _estimator_panel(ax, t: pd.DataFrame, title: str) -> None:
    """Estimates of one data set with their 95% intervals, the truth as a vertical line."""
    t = t.loc[t["estimate"].notna()].reset_index(drop=True)
    colours = {"static": "tab:blue", "dated": "tab:green", "symmetrised": "tab:blue"}
    colours |= {"as_listed": "tab:purple", "none": "tab:orange"}
    for i, r in t.iterrows():
        lo, hi = r["ci_low"], r["ci_high"]
        xerr = [[r["estimate"] - lo], [hi - r["estimate"]]] if np.isfinite(lo) else None
        ax.errorbar(
            r["estimate"], i, xerr=xerr, fmt="o", color=colours.get(r["graph"], "black"), capsize=3
        )
    truth = t["true_wom_share"].dropna()
    if len(truth):
        ax.axvline(truth.iloc[0], color="black", lw=1.5, label=f"true share {truth.iloc[0]:.3f}")
        ax.axvspan(truth.iloc[0] - 0.05, truth.iloc[0] + 0.05, color="0.9", label="truth ± 0.05")
    ax.axvline(WOM_50.value, color="black", ls="--", lw=0.8, label=WOM_50.label)
    legend = ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=7)
    legend.set_in_layout(
        False
    )  # beside the panel (estimators_figure puts it back after the layout)
    ax.set_yticks(
        range(len(t)),
        [
            f"{ESTIMATOR_LABELS.get(e, e)}\n({GRAPH_LABELS.get(g, g)})"
            for e, g in zip(t["estimator"], t["graph"], strict=True)
        ],
        fontsize=7,
    )
    ax.set_ylim(
        len(t) - 0.4, -0.6
    )  # first estimator on top, rows one unit apart whatever the panel's size
    ax.set_xlim(-0.05, 1.0)
    ax.set_xlabel("word-of-mouth share (fraction of non-seed adoptions)")
    ax.set_title(title, fontsize=9)


def estimators_figure(table: pd.DataFrame) -> Figure:
    """Every estimator of the word-of-mouth share with its 95% interval, a panel per data set of
    ``attribution_estimators.csv`` (synthetic ones first, with the true share and a ±0.05 band)."""
    table = table.assign(synthetic=table["synthetic"].astype(str).str.lower() == "true")
    order = (
        table.drop_duplicates("dataset")
        .sort_values(["synthetic", "dataset"], ascending=[False, True])["dataset"]
        .tolist()
    )
    n = max(len(order), 1)
    heights = [0.4 * len(table.loc[table["dataset"] == d]) + 1.3 for d in order] or [3]
    fig, axes = plots.new_figure(
        8,
        sum(heights) + 0.8,
        nrows=n,
        ncols=1,
        squeeze=False,
        gridspec_kw={"height_ratios": heights},
    )
    for k, ds in enumerate(order):
        syn = bool(table.loc[table["dataset"] == ds, "synthetic"].iloc[0])
        _estimator_panel(axes[k][0], table.loc[table["dataset"] == ds], plots.label(ds, syn))
    if not order:
        _no_data(axes[0][0], "no data set with a graph or a time series")
    fig.suptitle(
        "Study A: the rule against its corrections (synthetic worlds: black line = truth)",
        fontsize=10,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.985))
    for ax in axes[
        :, 0
    ]:  # legends beside the panels: left out of the layout, kept in the saved figure
        if ax.get_legend() is not None:
            ax.get_legend().set_in_layout(True)
    return fig


def shown_adoptions(path, items) -> pd.DataFrame:
    """The rows of an adoptions file for ``items`` only (a Parquet filter: 45 M rows at Flickr scale). A file
    whose ``item_id`` column is not text (an empty table, written with a null column) is read whole."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    kind = pq.read_schema(path).field("item_id").type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        return pd.read_parquet(path)
    return pd.read_parquet(path, filters=[("item_id", "in", list(items) or [""])])


def example_items(classes: pd.DataFrame) -> dict[str, str]:
    """The item shown per trajectory class: the median-size item of the class
    (:func:`trajectories.typical_items`); for "hybrid", the median-size item among those that mix both
    kinds (at least one social and one non-social adoption), absent when no hybrid item does."""
    out = {k: v for k, v in traj.typical_items(classes).items() if k != "hybrid"}
    mixed = classes.loc[(classes["n_social"] > 0) & (classes["n_social"] < classes["n_adoptions"])]
    out |= {k: v for k, v in traj.typical_items(mixed).items() if k == "hybrid"}
    return out


def _trajectory_panel(ax, a, c, cls, item, title, scale, unit, legend) -> None:
    """Cumulative social and non-social adoptions of ``item``, the typical item of class ``cls``."""
    if item is None:
        n_cls = int((c["trajectory"] == cls).sum())
        why = " mixes social and non-social adoptions" if cls == "hybrid" and n_cls else ""
        _no_data(ax, f"no {cls} item{why}\n({n_cls} {cls} items)")
        ax.set_title(f"{title}: {cls}")
        return
    g = a.loc[(a["item_id"] == item) & ~a["seed"]].sort_values("time")
    t0 = a.loc[a["item_id"] == item, "time"].min()
    t = (g["time"].to_numpy() - t0) / scale
    soc = np.cumsum(g["social"].to_numpy())
    non = np.cumsum(~g["social"].to_numpy())
    power = int(np.floor(np.log10(t[-1]))) if len(t) and t[-1] >= 1e4 else 0
    t = t / 10.0**power
    end = t[-1] + 0.02 * max(t[-1] - t[0], 1e-9)  # the last step gets a width (step="post")
    ax.stackplot(
        np.append(t, end),
        np.append(soc, soc[-1]),
        np.append(non, non[-1]),
        labels=["social (word of mouth)", "non-social (editorial, search, other)"],
        colors=["tab:blue", "tab:orange"],
        step="post",
    )
    n_cls = int((c["trajectory"] == cls).sum())
    kind = "median-size item" + (" mixing both" if cls == "hybrid" else "")
    short = item if len(item) <= 16 else f"{item[:7]}…{item[-6:]}"
    ax.set_title(
        f"{title}\n{cls} ({n_cls} items); {kind}\n{short}: {soc[-1]} social, {non[-1]} not",
        fontsize=9,
    )
    factor = f"10^{power} " if power else ""
    ax.set_xlabel(f"time since the item's start ({factor}{unit})")
    ax.set_ylabel("cumulative adoptions (count)")
    if legend:
        ax.legend(loc="upper left", fontsize=7)


def trajectories_figure(
    adoptions: Mapping[str, pd.DataFrame],
    classes: Mapping[str, pd.DataFrame],
    manifests: Mapping[str, dict],
) -> Figure:
    """Typical cumulative curve of each trajectory class (the median-size item of the class; for "hybrid"
    of the hybrid items that mix both kinds, :func:`example_items`), social and non-social adoptions
    stacked, a row per data set of ``manifests``."""
    datasets = list(manifests)
    nrow = max(len(datasets), 1)
    fig, axes = plots.new_figure(12, 3.2 * nrow, nrows=nrow, ncols=3, squeeze=False)
    for r, ds in enumerate(datasets):
        man = manifests[ds]
        unit_s = man.get("time_unit") in ("s", "s (from date-times)")
        scale, unit = (86400.0, "days") if unit_s else (1.0, f"raw units, {man.get('time_unit')}")
        typical = example_items(classes[ds])
        title = plots.label(ds, man.get("synthetic"))
        for k, cls in enumerate(traj.TRAJECTORIES):
            item = typical.get(cls)
            _trajectory_panel(
                axes[r][k], adoptions[ds], classes[ds], cls, item, title, scale, unit, k == 0
            )
    if not datasets:
        _no_data(axes[0][1], "no data set with events and a graph")
    synthetic = [ds for ds in datasets if manifests[ds].get("synthetic")]
    note = f"; synthetic: {', '.join(synthetic)}" if synthetic else ""
    fig.suptitle(
        f"Study A: typical adoption curves per trajectory class (median-size item of each class{note})"
    )
    fig.tight_layout()
    return fig


def _size_bins(t: pd.DataFrame) -> pd.DataFrame:
    """Median structural virality per decade of cascade size (2-9, 10-99, ...) at the bin's median size,
    bins of at least 5 trees."""
    edges = 10.0 ** np.arange(0, np.ceil(np.log10(max(float(t["size"].max()), 10.0))) + 1)
    edges[0] = 2
    cut = pd.cut(t["size"], edges, right=False)
    g = t.groupby(cut, observed=True).agg(
        size=("size", "median"), median=("structural_virality", "median"), n=("size", "size")
    )
    return g.loc[g["n"] >= 5, ["size", "median"]].reset_index(drop=True)


def virality_figure(trees: Mapping[str, pd.DataFrame], manifests: Mapping[str, dict]) -> Figure:
    """Structural virality (Goel et al. 2016) against cascade size, a colour per tree data set, with the
    median per decade of size and the published "independent of size" drawn flat at the median of the
    smallest bin (the A5 ratio of 1); the dashed line is a large star (pure broadcast)."""
    fig, ax = plots.new_figure(7, 5)
    names = []
    for k, (ds, t) in enumerate(trees.items()):
        t = t.loc[t["size"] > 1]
        label = f"{plots.label(ds, bool(manifests[ds].get('synthetic')))}: {len(t)} trees"
        names.append(label)
        ax.scatter(t["size"], t["structural_virality"], s=6, alpha=0.3, color=f"C{k}", label=label)
        b = _size_bins(t) if len(t) else pd.DataFrame()
        if len(b):
            ax.plot(
                b["size"],
                b["median"],
                "s-",
                color=f"C{k}",
                mec="black",
                label="median per decade of size",
            )
            ax.plot(
                [float(t["size"].min()), float(t["size"].max())],
                [b["median"].iloc[0] * SIZE_FREE.value] * 2,
                color=f"C{k}", ls=":", lw=1.5, label=SIZE_FREE.label,
            )  # fmt: skip
    if not names:
        _no_data(ax, "no data set with parent links (retweet trees)")
    ax.set_xscale("log")
    ax.axhline(2.0, color="black", lw=0.8, ls="--", label="star (pure broadcast), large n: 2")
    ax.set_xlabel("cascade size (nodes, log scale)")
    ax.set_ylabel("structural virality (mean pairwise distance, hops)")
    ax.set_title(
        "Study A: structural virality against cascade size"
        + (f" ({', '.join(n.split(':')[0] for n in names)})" if names else "")
    )
    unique = dict(zip(*reversed(ax.get_legend_handles_labels()), strict=True))
    ax.legend(list(unique.values()), list(unique), fontsize=8)
    fig.tight_layout()
    return fig
