# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script: gather results/tables/attribution.csv, one row per data set (rule attribution_table)."""

import json
from pathlib import Path

import pandas as pd

from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
COLUMNS = [
    "dataset",
    "synthetic",
    "n_items",
    "n_adoptions",
    "wom_share",
    "wom_ci_low",
    "wom_ci_high",
    "null_wom_share",
    "excess_wom_share",
    "bass_external_share",
    "hawkes_external_share",
    "true_wom_share",
    # beyond the contract: the placebo (chance-exposure) correction of the rule's bias
    "chance_exposure_share",
    "wom_share_corrected",
]


def by_dataset(paths):
    return {Path(p).parent.name: json.loads(Path(p).read_text()) for p in paths}


wom = by_dataset(snakemake.input.wom)
ext = by_dataset(snakemake.input.external)
manifests = by_dataset(snakemake.input.manifests)
rows = []
for ds in snakemake.params.datasets:
    m = manifests[ds]
    w = wom.get(ds, {})
    e = ext.get(ds, {})
    truth = m.get("truth") or {}
    true_share = (
        truth.get("realised_wom_share", truth.get("wom_share")) if m.get("synthetic") else None
    )
    rows.append(
        {
            "dataset": ds,
            "synthetic": bool(m.get("synthetic")),
            "n_items": w.get("n_items", e.get("n_items_fitted")),
            "n_adoptions": w.get("n_adoptions", e.get("n_adoptions_fitted")),
            "wom_share": w.get("wom_share"),
            "wom_ci_low": w.get("wom_ci_low"),
            "wom_ci_high": w.get("wom_ci_high"),
            "null_wom_share": w.get("null_wom_share"),
            "excess_wom_share": w.get("excess_wom_share"),
            "bass_external_share": e.get("bass_external_share"),
            "hawkes_external_share": e.get("hawkes_external_share"),
            "true_wom_share": true_share,
            "chance_exposure_share": w.get("placebo_share"),
            "wom_share_corrected": w.get("wom_share_corrected"),
        }
    )
table = pd.DataFrame(rows, columns=COLUMNS)
for c in COLUMNS[4:]:
    table[c] = pd.to_numeric(table[c], errors="coerce").astype("float64")
for c in ("n_items", "n_adoptions"):
    table[c] = pd.array(table[c].to_numpy(dtype=float), dtype="Int64") if len(table) else table[c]
table = table.sort_values("dataset", kind="stable").reset_index(drop=True)
log.info("attribution table:\n%s", table.to_string(index=False))
vfiles.write_csv(table, snakemake.output[0])
