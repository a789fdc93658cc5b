"""Thin script: template + results tables + figures + manifests -> paper/build/paper.md and paper.html."""
# ruff: noqa: F821  (the `snakemake` object is injected by the rule's script: directive)

from virality import files as vfiles
from virality.paper import render

log = vfiles.setup_logging(snakemake.log[0])
out, p = snakemake.output, snakemake.params
md, html, checks = render.write_paper(
    dict(snakemake.input.items()),
    out.md,
    out.html,
    title=p.title,
    context={"studies_built": list(p.studies), "seed": p.seed, "parameters": p.parameters},
    criteria=p.criteria,
    checks_path=out.checks,
    config=snakemake.config,
)
words = checks["words"]
log.info(
    "words: main text %d, references %d, appendix %d",
    *(words[k] for k in ("main", "references", "appendix")),
)
if words.get("abstract", 0) > 200:
    log.warning("the abstract has %d words, more than 200", words["abstract"])
if words["main"] > p.max_main_words:
    log.warning(
        "the main text has %d words, more than paper.max_main_words = %d",
        words["main"],
        p.max_main_words,
    )
for name in checks["figures_not_cited"]:
    log.warning("figure %s is shown but never cited in the text (figref)", name)
log.info(
    "wrote %s (%d characters) and %s (%d bytes)", out.md, len(md), out.html, len(html.encode())
)
