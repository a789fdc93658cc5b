"""Thin script: template + results tables + figures + manifests -> paper/build/paper.md and paper.html."""
# ruff: noqa: F821  (the `snakemake` object is injected by the rule's script: directive)

from virality import files as vfiles
from virality.paper import render

log = vfiles.setup_logging(snakemake.log[0])
out = snakemake.output
md, html = render.write_paper(
    dict(snakemake.input.items()),
    out.md,
    out.html,
    title=snakemake.params.title,
    context={"studies_built": list(snakemake.params.studies), "seed": snakemake.params.seed},
)
log.info(
    "wrote %s (%d characters) and %s (%d bytes)", out.md, len(md), out.html, len(html.encode())
)
