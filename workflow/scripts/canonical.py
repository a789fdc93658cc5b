"""Thin script: one configured data set -> canonical tables + manifest (rule canonical_tables)."""

from pathlib import Path

from virality import canonical, data
from virality import files as vfiles

vfiles.setup_logging(snakemake.log[0])  # noqa: F821
sm = snakemake  # noqa: F821
# inputs are positional, one per file role (params.roles): a named input "items" is reserved by snakemake
files = {role: Path(p) for role, p in zip(sm.params.roles, sm.input, strict=True)}
tables, manifest = data.dataset_tables(sm.params.name, dict(sm.params.entry), files, sm.params.seed)
schemas = Path(sm.scriptdir).parent / "schemas"  # workflow/schemas, wherever the checkout is
for table in canonical.TABLES:
    source = f"{sm.params.name} ({table})"
    canonical.check_schema(tables[table], schemas / f"{table}.schema.yaml", source)
# outputs: the tables in the order of canonical.TABLES, then the manifest
for i, table in enumerate(canonical.TABLES):
    vfiles.write_parquet(tables[table], sm.output[i])
vfiles.write_json(manifest, sm.output[len(canonical.TABLES)])
