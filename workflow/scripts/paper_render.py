"""Thin script: template + results tables + figures + manifests -> paper/build/paper.md and paper.html."""
# ruff: noqa: F821  (the `snakemake` object is injected by the rule's script: directive)

from pathlib import Path

from virality import files as vfiles
from virality import paper

log = vfiles.setup_logging(snakemake.log[0])
inp = snakemake.input
skip = {"template", "references", "css", "figures", "manifests", "captions"}
tables = {name: path for name, path in inp.items() if name not in skip}
figures = {Path(f).stem: f for f in inp.figures}
md_dir = Path(snakemake.output.md).parent
log.info("rendering %s with %d tables, %d figures", inp.template, len(tables), len(figures))
md = paper.render_markdown(
    inp.template,
    tables,
    figures=figures,
    manifests=list(inp.manifests),
    references=inp.references,
    captions=list(inp.captions),
    md_dir=md_dir,
    context={
        "title": snakemake.params.title,
        "studies_built": list(snakemake.params.studies),
        "seed": snakemake.params.seed,
    },
)
paper.write_text(md, snakemake.output.md)
html = paper.markdown_to_html(
    md, base_dir=md_dir, title=snakemake.params.title, css=Path(inp.css).read_text()
)
paper.write_text(html, snakemake.output.html)
log.info(
    "wrote %s (%d characters) and %s (%d bytes)",
    snakemake.output.md,
    len(md),
    snakemake.output.html,
    len(html.encode()),
)
