# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script (rule content_figures): content tables -> forest plot, synthetic recovery, distributions,
arousal vs share rank (PNG and PDF)."""

from pathlib import Path

import pandas as pd

from virality import canonical, content
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
features = pd.read_csv(snakemake.input.features, low_memory=False)
odds = pd.read_csv(snakemake.input.odds)
truths = {}
for m in snakemake.input.manifests:
    man = canonical.read_manifest(Path(m).parent)
    truth = man.get("truth") or {}
    if man.get("synthetic") and "odds_ratios_per_sd" in truth:
        truths[man["dataset"]] = dict(truth["odds_ratios_per_sd"])
        if "homepage_or_per_sd" in truth:  # per s.d. of log hours (virality.synth.nyt_like)
            truths[man["dataset"]]["cov_homepage_hours"] = truth["homepage_or_per_sd"]
out = snakemake.output
content.plot_forest(odds, out.forest_png, out.forest_pdf)
content.plot_synthetic_recovery(
    odds, truths, out.synthetic_recovery_png, out.synthetic_recovery_pdf
)
content.plot_distributions(features, out.distributions_png, out.distributions_pdf)
content.plot_arousal_rank(
    features, out.arousal_rank_png, out.arousal_rank_pdf, list(snakemake.params.vad_lexicons)
)
log.info("figures written")
