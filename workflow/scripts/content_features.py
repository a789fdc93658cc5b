# ruff: noqa: F821  (snakemake is injected by the script directive)
"""Thin script (rule content_features): canonical items + lexicons -> per-item content features."""

from pathlib import Path

import pandas as pd

from virality import canonical, content
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
cfg = snakemake.params.cfg
dataset = snakemake.params.dataset
manifest = canonical.read_manifest(Path(snakemake.input.manifest).parent)
items = pd.read_parquet(snakemake.input.item_table)
emotion_name, vad_names = cfg["emotion_lexicon"], list(cfg["vad_lexicons"])
available = set(snakemake.input.keys())


def lexicon(name):
    return pd.read_parquet(getattr(snakemake.input, name)) if name in available else None


emotion = lexicon(emotion_name)
vad = {n: lexicon(n) for n in vad_names}
for n, df in [(emotion_name, emotion), *vad.items()]:
    log.info("lexicon %s: %s", n, "not available" if df is None else f"{len(df)} words")
lex = content.make_lexicons(
    emotion,
    vad,
    vad_names,
    awe_min_arousal=cfg["awe_min_arousal"],
    negation_window=cfg["negation_window"],
)
if lex.awe_vad is None:
    log.warning("no VAD lexicon available: the awe proxy drops its arousal condition")
feats = content.extract_features(items, lex)
table = content.features_table(
    feats,
    items,
    dataset,
    bool(manifest.get("synthetic")),
    manifest.get("outcome_kind"),
    vad_names,
    cfg["quantile"],
    snakemake.params.viral_within,
)
log.info(
    "%s: %d items with features (source: %s)",
    dataset,
    len(table),
    ", ".join(sorted(set(table["feature_source"]))) or "none",
)
vfiles.write_parquet(table, snakemake.output[0])
