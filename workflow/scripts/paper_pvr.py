"""Thin script: paper/published.yaml + the studies' results tables -> published_vs_reproduced.csv."""
# ruff: noqa: F821  (the `snakemake` object is injected by the rule's script: directive)

from virality import files as vfiles
from virality.paper import published

log = vfiles.setup_logging(snakemake.log[0])
tables = {name: path for name, path in snakemake.input.items() if name != "published"}
log.info("tables: %s", ", ".join(sorted(tables)))
res = published.from_files(snakemake.input.published, tables, studies=snakemake.params.studies)
for verdict, n in res["verdict"].value_counts().sort_index().items():
    log.info("verdict %s: %d rows", verdict, n)
vfiles.write_csv(res, snakemake.output[0])
