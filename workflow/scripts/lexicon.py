"""Thin script: one configured lexicon -> results/data/lexicons/{name}.parquet (rule lexicon_table)."""

from pathlib import Path

from virality import data
from virality import files as vfiles

vfiles.setup_logging(snakemake.log[0])
files = {role: Path(p) for role, p in snakemake.input.items()}
lex = data.lexicon_table(snakemake.params.name, dict(snakemake.params.entry), files)
vfiles.write_parquet(lex, snakemake.output[0])
