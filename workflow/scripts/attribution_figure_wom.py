# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_figure_wom: the word-of-mouth share, its nulls and the time-series estimates."""

import json
from pathlib import Path

import pandas as pd

from virality import contracts, plots
from virality import files as vfiles
from virality.attribution import figures

vfiles.setup_logging(snakemake.log[0])
table = contracts.check(pd.read_csv(snakemake.input.table), "attribution", snakemake.input.table)
wom = {Path(p).parent.name: json.loads(Path(p).read_text()) for p in snakemake.input.wom}
plots.save(figures.wom_figure(table, wom), snakemake.output.png, snakemake.output.pdf)
