"""Thin script: published_vs_reproduced.csv -> results/figures/paper_verdicts.{png,pdf} (every verdict)."""
# ruff: noqa: F821  (the `snakemake` object is injected by the rule's script: directive)

from virality import files as vfiles
from virality import plots
from virality.paper.figures import verdict_overview
from virality.paper.headline import short_title
from virality.paper.provenance import provenance_table
from virality.paper.tables import read_result_table

vfiles.setup_logging(snakemake.log[0])
prov = provenance_table(snakemake.input.manifests)
titles = {r.dataset: short_title(r.title) for r in prov.itertuples()}
pvr = read_result_table(snakemake.input.pvr, "published_vs_reproduced")
plots.save(verdict_overview(pvr, titles), snakemake.output.png, snakemake.output.pdf)
