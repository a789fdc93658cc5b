# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Glue of rule attribution_timeseries: Bass and Hawkes external shares from the time series alone."""

import pandas as pd

from virality import files as vfiles
from virality import settings, skips
from virality.attribution import study

vfiles.setup_logging(snakemake.log[0])
params = settings.from_config(
    study.Params, snakemake.params.cfg, where="config attribution", seed=snakemake.params.seed
)
per_item, summary, skipped = study.run_timeseries(
    params,
    snakemake.wildcards.dataset,
    pd.read_parquet(snakemake.input.events),
    pd.read_parquet(snakemake.input.items_table),
    pd.read_parquet(snakemake.input.exposures),
)
vfiles.write_parquet(per_item, snakemake.output.per_item)
vfiles.write_json(summary, snakemake.output.summary)
vfiles.write_csv(skips.frame(skipped), snakemake.output.skipped)
