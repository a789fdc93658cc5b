"""Thin script: one configured lexicon -> results/data/lexicons/{name}.parquet (rule lexicon_table)."""

from pathlib import Path

from virality import adapters
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
entry = dict(snakemake.params.entry)
files = {role: Path(p) for role, p in snakemake.input.items()}
for role, path in files.items():
    vfiles.verify_sha256(path, (entry.get("files") or {}).get(role, {}).get("sha256"))
lex = adapters.build_lexicon(entry["format"], files, entry)
log.info("%s: %d words", snakemake.params.name, len(lex))
vfiles.write_parquet(lex, snakemake.output[0])
