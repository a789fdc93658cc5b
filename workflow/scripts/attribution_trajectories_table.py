# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script: gather results/tables/trajectories.csv (rule attribution_trajectories_table)."""

import json
from pathlib import Path

import pandas as pd

from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
COLUMNS = ["dataset", "synthetic", "trajectory", "n_items", "share_items", "share_adoptions"]
synthetic = {
    Path(p).parent.name: bool(json.loads(Path(p).read_text()).get("synthetic"))
    for p in snakemake.input.manifests
}
parts = []
for path in snakemake.input.summaries:
    ds = Path(path).parent.name
    parts.append(pd.read_csv(path).assign(dataset=ds, synthetic=synthetic[ds]))
table = pd.concat(parts, ignore_index=True)[COLUMNS] if parts else pd.DataFrame(columns=COLUMNS)
rank = table["trajectory"].map({"editorial": 0, "word_of_mouth": 1, "hybrid": 2})
table = (
    table.assign(_rank=rank).sort_values(["dataset", "_rank"], kind="stable").drop(columns="_rank")
)
log.info("trajectories:\n%s", table.to_string(index=False))
vfiles.write_csv(table.reset_index(drop=True), snakemake.output[0])
