"""Thin script (optional target): paper/build/paper.html -> paper.pdf with weasyprint or headless Chromium."""
# ruff: noqa: F821  (the `snakemake` object is injected by the rule's script: directive)

from virality import files as vfiles
from virality.paper import pdf

log = vfiles.setup_logging(snakemake.log[0])
tool = pdf.html_to_pdf(snakemake.input[0], snakemake.output[0])
log.info("wrote %s with %s", snakemake.output[0], tool)
