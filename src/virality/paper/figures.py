"""The paper's own figure: every verdict at a glance (claim × data set; colour = verdict, marker = source).

:func:`verdict_overview` takes published_vs_reproduced and returns a Figure (``plots.save`` writes it).
One row per claim (the entries that test it, by id), one column per data set (real data first, then the
simulations and synthetic stand-ins, after a dashed line). Each cell shows the row that counts for that
claim and data set (the best-sourced one) or, when none counts, why: not comparable, or no value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from virality import plots
from virality.paper.published import STATUS_LABEL, STATUSES
from virality.paper.survey import GRAPH_NAMES

#: Colour of each outcome (colour-blind safe), and of the rows without one.
COLOURS = {
    "reproduced": "#2c7bb6",
    "partly": "#fdae61",
    "not reproduced": "#d7191c",
    "not comparable": "#9e9e9e",
    "no value": "#ffffff",
}
#: Marker of each source status.
MARKERS = {"confirmed": "o", "secondary": "s", "unconfirmed": "^"}
KIND_TAG = {"sanity check": " (sanity check)", "mechanism": "", "recovery check": ""}


def _cells(pvr: pd.DataFrame) -> pd.DataFrame:
    """One cell per claim and data set: the counted row, else the first row (for its verdict)."""
    d = pvr[pvr["dataset"].astype("string").fillna("") != ""].copy()
    d["_c"] = ~d["counted"].astype(bool)
    d["_r"] = d["status"].map({s: i for i, s in enumerate(STATUSES)})
    d = d.sort_values(["_c", "_r"], kind="stable")
    return d.groupby(["claim", "dataset"], sort=False).head(1)


def _claim_labels(pvr: pd.DataFrame) -> dict[str, str]:
    out = {}
    for claim, g in pvr.groupby("claim", sort=False):
        ids = list(dict.fromkeys(g["id"]))
        tag = KIND_TAG.get(g["kind"].iloc[0], "")
        short = "/".join(ids) if len(ids) <= 3 else f"{ids[0]}–{ids[-1]}"
        out[claim] = f"{short} {claim}{tag}"
    return out


def _colour(row) -> str:
    if row["outcome"] in COLOURS:
        return COLOURS[row["outcome"]]
    return (
        COLOURS["no value"]
        if row["verdict"] in ("no value", "not built")
        else COLOURS["not comparable"]
    )


def verdict_overview(pvr: pd.DataFrame, titles: dict[str, str] | None = None) -> Figure:
    """Claim × data set grid of verdicts (see the module's docstring); ``titles`` names the data sets."""
    titles = {**GRAPH_NAMES, **(titles or {})}
    cells = _cells(pvr)
    claims = list(dict.fromkeys(pvr["claim"]))
    syn = cells.groupby("dataset")["synthetic"].any()
    datasets = sorted(syn.index, key=lambda d: (bool(syn[d]), d))
    n_real = int((~syn[datasets]).sum())
    fig, ax = plots.new_figure(2.6 + 0.32 * max(len(datasets), 4), 2.2 + 0.24 * len(claims))
    y = {c: i for i, c in enumerate(claims)}
    x = {d: i for i, d in enumerate(datasets)}
    for _, r in cells.iterrows():
        face = _colour(r)
        ax.scatter(
            x[r["dataset"]],
            y[r["claim"]],
            marker=MARKERS.get(r["status"], "o"),
            s=55,
            c=face,
            edgecolors="k" if r["counted"] else "#777777",
            linewidths=0.8,
            zorder=3,
        )
    if 0 < n_real < len(datasets):
        ax.axvline(n_real - 0.5, color="k", ls="--", lw=0.8)
    ax.set_xticks(
        range(len(datasets)),
        [plots.label(titles.get(d, d), bool(syn[d])) for d in datasets],
        rotation=40,
        ha="right",
        fontsize=8,
    )
    labels = _claim_labels(pvr)
    ax.set_yticks(range(len(claims)), [labels[c] for c in claims], fontsize=8)
    ax.set_ylim(len(claims) - 0.5, -0.5)
    ax.set_xlim(-0.5, len(datasets) - 0.5)
    ax.grid(True, alpha=0.25)
    ax.set_xlabel(
        "data set (left of the dashed line: real data; right: simulations, synthetic)", fontsize=9
    )
    ax.set_ylabel("claim (ids in paper/published.yaml)", fontsize=9)
    ax.set_title(
        "Every verdict: colour = verdict, marker = status of the published value", fontsize=10
    )
    for claim in claims:
        if claim not in set(cells["claim"]):
            why = pvr.loc[pvr["claim"] == claim, "verdict"].iloc[0]
            ax.text(
                -0.3, y[claim], f"{why} (no data set)", va="center", fontsize=7, color="#555555"
            )
    handles = [Patch(facecolor=c, edgecolor="k", label=v) for v, c in COLOURS.items()] + [
        Line2D([], [], marker=MARKERS[s], ls="", mfc="none", mec="k", ms=8, label=STATUS_LABEL[s])
        for s in STATUSES
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.34), ncol=4, fontsize=8)
    return fig


def verdict_counts_matrix(pvr: pd.DataFrame) -> np.ndarray:
    """Number of cells per colour, in the order of :data:`COLOURS` (for tests and the caption)."""
    cells = _cells(pvr)
    cols = cells.apply(_colour, axis=1)
    return np.array([(cols == c).sum() for c in COLOURS.values()])
