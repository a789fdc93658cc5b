"""Figures of Study E: final adopted share and time to half by seeding strategy (E1), and the shares of
attention of the three levers (E2). Each function returns a Figure; ``virality.plots.save`` writes it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..plots import new_figure

SEEDING_STYLE = {"community": "tab:red", "random": "tab:blue", "top_degree": "tab:green"}
LEVER_STYLE = {"organic": "tab:blue", "viral": "tab:orange", "paid": "tab:purple"}
#: Centola (2010): share of participants who adopted, clustered-lattice vs random networks (anchors §9.1.4)
CENTOLA_ADOPTION = {"clustered": 0.54, "random": 0.38}


def _contagion_label(row) -> str:
    if row["contagion"] == "simple":
        return f"simple, p = {row['p_transmit']:g}"
    if row["contagion"] == "complex_absolute":
        return f"complex, k = {row['threshold']:g}"
    return f"complex, phi = {row['threshold']:g}"


def _graph_label(graph: str, n: int, synthetic: bool) -> str:
    names = {"clustered_lattice": "lattice", "rewired_lattice": "rewired", "block_model": "SBM"}
    label = f"{names.get(graph, graph).replace('_', chr(10))}\nN={n}"  # long names wrapped at "_"
    return label if synthetic or graph in names else f"{label}\n(real)"


def seeding_figure(table: pd.DataFrame):
    """Two rows of panels, one column per contagion: mean final adopted share (95% interval) and mean
    rounds to half of the final adopters, by graph and seeding; lattices shown at their median size."""
    df = table.copy()
    lattice = df["graph"].isin(["clustered_lattice", "rewired_lattice"])
    sizes = sorted(df.loc[lattice, "n_nodes"].unique())
    if sizes:
        df = df[~lattice | (df["n_nodes"] == sizes[len(sizes) // 2])]
    df["panel"] = df.apply(_contagion_label, axis=1)
    panels = list(dict.fromkeys(df.sort_values(["contagion", "threshold", "p_transmit"])["panel"]))
    groups = list(dict.fromkeys(zip(df["graph"], df["n_nodes"], df["synthetic"], strict=True)))
    fig, axes = new_figure(
        3.1 * max(len(panels), 1), 6.6, nrows=2, ncols=max(len(panels), 1), squeeze=False
    )
    x = np.arange(len(groups))
    for j, panel in enumerate(panels):
        sub = df[df["panel"] == panel]
        for k, (strategy, color) in enumerate(SEEDING_STYLE.items()):
            s = sub[sub["seeding"] == strategy].set_index(["graph", "n_nodes"])
            keys = [(g, n) for g, n, _ in groups]
            y = s["mean_final_share"].reindex(keys).to_numpy()
            err = np.abs(s[["ci_low", "ci_high"]].reindex(keys).to_numpy().T - y)
            pos = x + (k - 1) * 0.27
            axes[0, j].bar(pos, y, 0.27, color=color, label=strategy, yerr=err, capsize=2)
            axes[1, j].bar(pos, s["mean_time_to_half"].reindex(keys), 0.27, color=color)
        if panel == "complex, k = 2":
            for name, v in CENTOLA_ADOPTION.items():
                axes[0, j].axhline(v, ls="--", lw=1, color="0.3")
                axes[0, j].annotate(
                    f"Centola 2010, {name}: {v:.2f}\n(secondary source)",
                    (x[-1] + 0.4, v),
                    ha="right",
                    va="bottom",
                    fontsize=7,
                )
        axes[0, j].set_title(panel)
        axes[0, j].set_ylim(0, 1.05)
        for ax in axes[:, j]:
            ax.set_xticks(x, [_graph_label(*g) for g in groups], fontsize=7)
    axes[0, 0].set_ylabel("final adopted share (fraction of nodes)")
    axes[1, 0].set_ylabel("time to half of final adopters (rounds)")
    handles, names = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, names, title="seeding", loc="lower center", ncol=3, fontsize=8)
    size = f" (lattices shown at N = {sizes[len(sizes) // 2]})" if sizes else ""
    fig.suptitle(
        "Study E1: concentrated (one community) vs random vs top-degree seeding on synthetic "
        f"graphs and real follower graphs{size}"
    )
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def levers_figure(table: pd.DataFrame):
    """Share of attention of each lever (95% item-bootstrap interval) per data set and method; diamonds:
    the true shares of the synthetic world."""
    rows = table.reset_index(drop=True)
    paid = rows["paid_series"] if "paid_series" in rows else pd.Series("", index=rows.index)
    labels = [
        f"{r.dataset}{' (synthetic)' if r.synthetic else ''}\n{r.method}"
        + (f"\npaid lever = {s}" if isinstance(s, str) and s else "")
        for r, s in zip(rows.itertuples(), paid, strict=True)
    ]
    fig, ax = new_figure(8.0, 1.2 + 1.0 * max(len(rows), 1))
    y = np.arange(len(rows))
    for k, (lever, color) in enumerate(LEVER_STYLE.items()):
        v = rows[f"{lever}_share"].to_numpy(dtype=float)
        lo = rows[f"{lever}_ci_low"].to_numpy(dtype=float)
        hi = rows[f"{lever}_ci_high"].to_numpy(dtype=float)
        pos = y + (k - 1) * 0.27
        ax.barh(
            pos,
            np.nan_to_num(v),
            0.27,
            color=color,
            label=lever,
            xerr=np.nan_to_num(np.vstack([v - lo, hi - v])),
            capsize=2,
        )
        truth = rows[f"true_{lever}_share"].to_numpy(dtype=float)
        ax.plot(
            truth, pos, "D", color="black", ms=5, label="true share (synthetic)" if k == 0 else None
        )
        for p, val in zip(pos, v, strict=True):
            if np.isnan(val):
                ax.text(0.005, p, "no promotion series", va="center", fontsize=7, color="0.4")
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of attention (fraction of events in the window)")
    ax.set_title("Study E2: organic, viral and paid (exogenous) levers of attention")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig
