"""Thin script: download one configured file and check its sha256 (rule download, config download: true)."""

from virality import files as vfiles

vfiles.setup_logging(snakemake.log[0])
vfiles.download(snakemake.params.url, snakemake.output[0], snakemake.params.sha256)
