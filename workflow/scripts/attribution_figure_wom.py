# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script: figure of the word-of-mouth share with its nulls and the time-series estimates."""

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
table = pd.read_csv(snakemake.input.table)
wom = {Path(p).parent.name: json.loads(Path(p).read_text()) for p in snakemake.input.wom}
series = [
    ("observed (Cha et al. rule), 95% CI", lambda r, w: r["wom_share"], "tab:blue"),
    ("time-shuffle null", lambda r, w: r["null_wom_share"], "tab:gray"),
    ("placebo-corrected", lambda r, w: w.get("wom_share_corrected"), "tab:green"),
    ("1 - Bass external share", lambda r, w: 1 - r["bass_external_share"], "tab:orange"),
    ("1 - Hawkes external share", lambda r, w: 1 - r["hawkes_external_share"], "tab:red"),
]
fig, ax = plt.subplots(figsize=(8, 1.2 + 1.1 * max(len(table), 1)))
height = 0.8 / len(series)
labels = []
for i, r in table.iterrows():
    w = wom.get(r["dataset"], {})
    labels.append(f"{r['dataset']}{' (synthetic)' if r['synthetic'] else ''}")
    for k, (name, get, colour) in enumerate(series):
        v = get(r, w)
        if v is None or not np.isfinite(v):
            continue
        y = i + (k - (len(series) - 1) / 2) * height
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
if len(table) == 0:
    ax.text(
        0.5,
        0.5,
        "no data set with events and a graph or exposures",
        ha="center",
        va="center",
        transform=ax.transAxes,
    )
ax.set_yticks(range(len(table)), labels)
ax.invert_yaxis()
ax.set_xlim(0, 1)
ax.set_xlabel("share of adoptions through word of mouth (fraction of non-seed adoptions)")
ax.set_ylabel("data set")
synthetic_names = ", ".join(table.loc[table["synthetic"].astype(bool), "dataset"])
synth_note = f"\n(synthetic: {synthetic_names}; black tick = true share)" if synthetic_names else ""
ax.set_title(
    f"Study A: word-of-mouth share, its nulls and time-series estimates{synth_note}", fontsize=10
)
handles, names = ax.get_legend_handles_labels()
if handles:
    ax.legend(handles, names, loc="lower right", fontsize=7)
fig.tight_layout()
fig.savefig(snakemake.output.png, dpi=150)
fig.savefig(snakemake.output.pdf, metadata={"CreationDate": None, "ModDate": None})
log.info("wrote %s", snakemake.output.png)
