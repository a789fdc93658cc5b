# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script: typical cumulative curves per trajectory class, social and non-social stacked."""

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from virality import attribution as attr
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
datasets = list(snakemake.params.datasets)
by_ds = lambda paths: {Path(p).parent.name: p for p in paths}  # noqa: E731
adopt, classes, manifests = (
    by_ds(snakemake.input.adoptions),
    by_ds(snakemake.input.classes),
    by_ds(snakemake.input.manifests),
)
nrow = max(len(datasets), 1)
fig, axes = plt.subplots(nrow, 3, figsize=(12, 3.2 * nrow), squeeze=False)
for r, ds in enumerate(datasets):
    man = json.loads(Path(manifests[ds]).read_text())
    unit_s = man.get("time_unit") in ("s", "s (from date-times)")
    scale, unit = (86400.0, "days") if unit_s else (1.0, f"raw time units ({man.get('time_unit')})")
    a = pd.read_parquet(adopt[ds])
    c = pd.read_parquet(classes[ds])
    typical = attr.typical_items(c)
    tag = " (synthetic)" if man.get("synthetic") else ""
    for k, cls in enumerate(attr.TRAJECTORIES):
        ax = axes[r][k]
        if cls not in typical:
            ax.text(0.5, 0.5, f"no {cls} item", ha="center", va="center", transform=ax.transAxes)
            ax.set_title(f"{ds}{tag}: {cls}")
            continue
        g = a.loc[(a["item_id"] == typical[cls]) & ~a["seed"]].sort_values("time")
        t0 = a.loc[a["item_id"] == typical[cls], "time"].min()
        t = (g["time"].to_numpy() - t0) / scale
        soc = np.cumsum(g["social"].to_numpy())
        non = np.cumsum(~g["social"].to_numpy())
        ax.stackplot(
            t,
            soc,
            non,
            labels=["social (word of mouth)", "non-social (editorial, search, other)"],
            colors=["tab:blue", "tab:orange"],
            step="post",
        )
        n_cls = int((c["trajectory"] == cls).sum())
        ax.set_title(f"{ds}{tag}: {cls} ({n_cls} items)\ntypical item {typical[cls]}", fontsize=9)
        ax.ticklabel_format(axis="x", style="sci", scilimits=(-3, 5))
        ax.set_xlabel(f"time since the item's start ({unit})")
        ax.set_ylabel("cumulative adoptions (count)")
        if k == 0:
            ax.legend(loc="upper left", fontsize=7)
if not datasets:
    axes[0][1].text(
        0.5,
        0.5,
        "no data set with events and a graph",
        ha="center",
        va="center",
        transform=axes[0][1].transAxes,
    )
synthetic = [ds for ds in datasets if json.loads(Path(manifests[ds]).read_text()).get("synthetic")]
note = f"; synthetic: {', '.join(synthetic)}" if synthetic else ""
fig.suptitle(
    f"Study A: typical adoption curves per trajectory class (median-size item of each class{note})"
)
fig.tight_layout()
fig.savefig(snakemake.output.png, dpi=130)
fig.savefig(snakemake.output.pdf, metadata={"CreationDate": None, "ModDate": None})
log.info("wrote %s", snakemake.output.png)
