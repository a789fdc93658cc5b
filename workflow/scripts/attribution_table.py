# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_table: attribution.csv (a row per data set) and attribution_estimators.csv."""

import json
from pathlib import Path

from virality import canonical
from virality import files as vfiles
from virality.attribution import study


def by_dataset(paths, up=1):
    return {Path(p).parents[up - 1].name: json.loads(Path(p).read_text()) for p in paths}


vfiles.setup_logging(snakemake.log[0])
manifests = canonical.read_manifests(snakemake.input.manifests)
wom, external = by_dataset(snakemake.input.wom), by_dataset(snakemake.input.external)
listed = by_dataset(snakemake.input.as_listed, up=2)
vfiles.write_csv(
    study.attribution_table(manifests, wom, external, listed), snakemake.output.attribution
)
vfiles.write_csv(
    study.estimators_table(manifests, wom, external, listed), snakemake.output.estimators
)
