"""Thin script: one configured lexicon -> results/data/lexicons/{name}.parquet (rule lexicon_table)."""

from pathlib import Path

from virality import data
from virality import files as vfiles

vfiles.setup_logging(snakemake.log[0])  # noqa: F821
sm = snakemake  # noqa: F821
files = {role: Path(p) for role, p in zip(sm.params.roles, sm.input, strict=True)}
lex = data.lexicon_table(sm.params.name, dict(sm.params.entry), files)
vfiles.write_parquet(lex, sm.output[0])
