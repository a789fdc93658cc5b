# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script (rule content_figures): content tables -> forest plot, synthetic recovery, distributions,
arousal vs share rank (PNG and PDF)."""

from pathlib import Path

import pandas as pd

from virality import canonical, content, plots, settings
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
params = settings.from_config(
    content.Params, snakemake.params.cfg, where="config content", seed=snakemake.params.seed
)
features = pd.read_csv(snakemake.input.features, low_memory=False)
odds = pd.read_csv(snakemake.input.odds)
manifests = [canonical.read_manifest(Path(m).parent) for m in snakemake.input.manifests]
for name, fig in content.run_figures(features, odds, manifests, params).items():
    plots.save(fig, snakemake.output[f"{name}_png"], snakemake.output[f"{name}_pdf"])
log.info("figures written")
