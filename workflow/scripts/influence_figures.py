# ruff: noqa: F821  (snakemake is injected by the script directive)
"""The cascade-window and multiplier figures of Study D from its tables (rule influence_figures)."""

import pandas as pd

from virality import contracts, plots
from virality import files as vfiles
from virality.influence import figures

vfiles.setup_logging(snakemake.log[0])
tables = {
    name: contracts.check(pd.read_csv(path), name, path) for name, path in snakemake.input.items()
}
fig = figures.window(tables["influentials"], tables["influence_window"])
plots.save(fig, snakemake.output.window_png, snakemake.output.window_pdf)
fig = figures.multiplier(tables["influence_multiplier"])
plots.save(fig, snakemake.output.multiplier_png, snakemake.output.multiplier_pdf)
