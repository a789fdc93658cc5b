"""Thin script: one configured data set -> canonical tables + manifest (rule canonical_tables)."""

from pathlib import Path

from snakemake.utils import validate

from virality import canonical, data
from virality import files as vfiles

vfiles.setup_logging(snakemake.log[0])
files = {role: Path(p) for role, p in snakemake.input.items()}
tables, manifest = data.dataset_tables(
    snakemake.params.name, dict(snakemake.params.entry), files, snakemake.params.seed
)
schemas = Path(snakemake.scriptdir).parent / "schemas"  # workflow/schemas, wherever the checkout is
for table in canonical.TABLES:
    validate(canonical.schema_sample(tables[table]), str(schemas / f"{table}.schema.yaml"))
# outputs: the tables in the order of canonical.TABLES, then the manifest
for i, table in enumerate(canonical.TABLES):
    vfiles.write_parquet(tables[table], snakemake.output[i])
vfiles.write_json(manifest, snakemake.output[len(canonical.TABLES)])
