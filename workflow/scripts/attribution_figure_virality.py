# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script: structural virality against cascade size (Goel et al. 2016) per tree data set."""

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
fig, ax = plt.subplots(figsize=(7, 5))
names = []
for path, mpath in zip(snakemake.input.trees, snakemake.input.manifests, strict=True):
    ds = Path(path).parent.name
    syn = bool(json.loads(Path(mpath).read_text()).get("synthetic"))
    t = pd.read_parquet(path)
    t = t.loc[t["size"] > 1]
    label = f"{ds}{' (synthetic)' if syn else ''}: {len(t)} trees"
    names.append(label)
    ax.scatter(t["size"], t["structural_virality"], s=6, alpha=0.4, label=label)
if not names:
    ax.text(
        0.5,
        0.5,
        "no data set with parent links (retweet trees)",
        ha="center",
        va="center",
        transform=ax.transAxes,
    )
ax.set_xscale("log")
ax.axhline(2.0, color="black", lw=0.8, ls="--", label="star (pure broadcast), large n: 2")
ax.set_xlabel("cascade size (nodes, log scale)")
ax.set_ylabel("structural virality (mean pairwise distance, hops)")
ax.set_title(
    "Study A: structural virality against cascade size"
    + (f" ({', '.join(n.split(':')[0] for n in names)})" if names else "")
)
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(snakemake.output.png, dpi=150)
fig.savefig(snakemake.output.pdf, metadata={"CreationDate": None, "ModDate": None})
log.info("wrote %s", snakemake.output.png)
