# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_figure_estimators: every estimator of the word-of-mouth share against the truth."""

import pandas as pd

from virality import contracts, plots
from virality import files as vfiles
from virality.attribution import figures

vfiles.setup_logging(snakemake.log[0])
path = snakemake.input.table
table = contracts.check(pd.read_csv(path), "attribution_estimators", path)
plots.save(figures.estimators_figure(table), snakemake.output.png, snakemake.output.pdf)
