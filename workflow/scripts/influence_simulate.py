"""Threshold cascades on random graphs of one kind (Study D, Watts & Dodds 2007)."""

from virality import files
from virality.influence import study

files.setup_logging(snakemake.log[0])  # noqa: F821
p = study.params(snakemake.params.cfg, snakemake.params.seed)  # noqa: F821
files.write_parquet(study.simulate(p, snakemake.wildcards.kind), snakemake.output[0])  # noqa: F821
