# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script: gather results/tables/broadcast_vs_viral.csv (rule attribution_broadcast_table)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from virality import attribution as attr
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
COLUMNS = [
    "dataset",
    "synthetic",
    "size_bin",
    "n_cascades",
    "n_adoptions",
    "depth1_share",
    "depth2plus_share",
    "mean_structural_virality",
    "median_structural_virality",
]
synthetic = {
    Path(p).parent.name: bool(json.loads(Path(p).read_text()).get("synthetic"))
    for p in snakemake.input.manifests
}
bins = [*snakemake.params.size_bins, np.inf]
parts = []
for path in snakemake.input.trees:
    ds = Path(path).parent.name
    s = attr.broadcast_summary(pd.read_parquet(path), bins)
    parts.append(s.assign(dataset=ds, synthetic=synthetic[ds]))
table = pd.concat(parts, ignore_index=True)[COLUMNS] if parts else pd.DataFrame(columns=COLUMNS)
log.info("broadcast vs viral:\n%s", table.to_string(index=False))
vfiles.write_csv(table, snakemake.output[0])
