"""Thin script: one configured data set -> canonical tables + manifest (rule canonical_tables)."""

from pathlib import Path

from snakemake.utils import validate

from virality import adapters, canonical
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
name = snakemake.params.name
entry = dict(snakemake.params.entry)
fmt = adapters.get_format(entry["format"])
files = {role: Path(p) for role, p in snakemake.input.items()}

checked = {}
for role, path in files.items():
    expected = (entry.get("files") or {}).get(role, {}).get("sha256")
    log.info("%s: checking sha256 of %s", name, path)
    checked[role] = {
        "path": f"{entry.get('dir', '.')}/{entry['files'][role]['path']}",
        "sha256": vfiles.verify_sha256(path, expected),
        "verified": bool(expected),
    }

options = {**entry, "seed": entry.get("seed", snakemake.params.seed)}
log.info("%s: running adapter %s", name, fmt.name)
out = adapters.build(fmt.name, files, options)

schema_dir = Path(snakemake.params.schema_dir)
rows = {}
for table in canonical.TABLES:
    df = out[table]
    # snakemake's validator checks row by row; the library already checked every row vectorised
    # (virality.canonical.coerce_table), so the schema check runs on a deterministic sample of large tables.
    sample = df if len(df) <= 20_000 else df.iloc[:: max(1, len(df) // 20_000)]
    validate(
        sample.astype(object).where(sample.notna(), None), str(schema_dir / f"{table}.schema.yaml")
    )
    rows[table] = len(df)
    log.info("%s: %s has %d rows", name, table, len(df))

for i, table in enumerate(
    canonical.TABLES
):  # outputs are in the order of TABLES, then the manifest
    vfiles.write_parquet(out[table], snakemake.output[i])

manifest = {
    "dataset": name,
    "title": entry.get("title", name),
    "format": fmt.name,
    "synthetic": fmt.synthetic,
    "tables": [t for t in canonical.TABLES if rows[t] > 0],
    "rows": rows,
    "columns": {t: list(out[t].columns) for t in canonical.TABLES},
    "outcome_kind": fmt.outcome_kind,
    "time_unit": out["time_unit"],
    "notes": out["notes"],
    "source": {k: entry.get(k) for k in ("citation", "url", "licence", "dir") if entry.get(k)},
    "files": checked,
    "truth": out["truth"],
}
vfiles.write_json(manifest, snakemake.output[len(canonical.TABLES)])
log.info("%s: done", name)
