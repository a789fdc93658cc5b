"""survey_conclusions.csv and the mix-of-influences figure, from Studies A, B and D's tables (Study D)."""

import pandas as pd

from virality import files as vfiles
from virality import influence, plots

vfiles.setup_logging(snakemake.log[0])  # noqa: F821
inp = snakemake.input  # noqa: F821
out = snakemake.output  # noqa: F821
table = influence.survey_conclusions(
    multiplier=pd.read_csv(inp.multiplier),
    consistency_table=pd.read_csv(inp.consistency),
    musiclab_table=pd.read_csv(inp.musiclab),
    attribution=vfiles.read_csv_checked(inp.attribution, required=influence.ATTRIBUTION_REQUIRED),
    prediction_limits=vfiles.read_csv_checked(inp.prediction_limits, required=["dataset"]),
)
vfiles.write_csv(table, out.table)
plots.save(influence.plot_mix(table), out.png, out.pdf)
