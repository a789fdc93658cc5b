# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script (rule content_tables): gather the per-data-set results into results/tables/content_*.csv."""

import pandas as pd

from virality import content, settings
from virality import files as vfiles

vfiles.setup_logging(snakemake.log[0])
params = settings.from_config(
    content.Params, snakemake.params.cfg, where="config content", seed=snakemake.params.seed
)
parts = {
    name: [(pd.read_parquet if name == "features" else pd.read_csv)(p) for p in paths]
    for name, paths in snakemake.input.items()
}
for name, df in content.run_tables(parts, params).items():
    vfiles.write_csv(df, snakemake.output[name])
