# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_table: results/tables/attribution.csv, one row per data set."""

import json
from pathlib import Path

from virality import canonical
from virality import files as vfiles
from virality.attribution import study

vfiles.setup_logging(snakemake.log[0])
manifests = {
    Path(p).parent.name: canonical.read_manifest(Path(p).parent) for p in snakemake.input.manifests
}
wom = {Path(p).parent.name: json.loads(Path(p).read_text()) for p in snakemake.input.wom}
external = {Path(p).parent.name: json.loads(Path(p).read_text()) for p in snakemake.input.external}
vfiles.write_csv(study.attribution_table(manifests, wom, external), snakemake.output[0])
