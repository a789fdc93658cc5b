"""Thin script: paper/published.yaml + the studies' results tables -> published_vs_reproduced.csv."""
# ruff: noqa: F821  (the `snakemake` object is injected by the rule's script: directive)

from virality import files as vfiles
from virality import paper

log = vfiles.setup_logging(snakemake.log[0])
published = paper.load_published(snakemake.input.published)
tables = {
    name: paper.read_result_table(path, name)
    for name, path in snakemake.input.items()
    if name != "published"
}
log.info("%d published values; tables: %s", len(published), ", ".join(sorted(tables)))
res = paper.published_vs_reproduced(published, tables, studies=snakemake.params.studies)
for verdict, n in res["verdict"].value_counts().sort_index().items():
    log.info("verdict %s: %d rows", verdict, n)
vfiles.write_csv(res, snakemake.output[0])
