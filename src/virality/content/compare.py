"""Study C, comparisons: do Berger & Milkman's (2012) published directions hold, and do our lexicon measures
agree (Spearman) with a data set's own sentiment columns (e.g. the Mashable authors' Pattern polarity)?
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import contracts
from .design import DEFAULT_EXCLUDE

#: Direction and odds ratio per s.d. of Berger & Milkman (2012). The directions are stated in the JMR abstract
#: (verified); the sizes are as reported in secondary sources and not confirmed against the paper's tables
#: (see paper/published.yaml for the status of each).
PUBLISHED = {
    "awe": (+1, 1.30),
    "anger": (+1, 1.34),
    "anxiety": (+1, 1.21),
    "sadness": (-1, 0.84),
    "positivity": (+1, 1.13),
    "emotionality": (+1, 1.18),
    "surprise": (+1, 1.14),
}


def directions(odds: pd.DataFrame, models: Sequence[str] = ("controls",)) -> pd.DataFrame:
    """Does each published direction hold? ``holds`` (95% CI on the published side of 1), ``opposite`` (CI on
    the other side), ``not significant (same sign)`` / ``not significant (opposite sign)``, ``not estimable``."""
    rows = []
    for r in odds[odds["model"].isin(models) & odds["feature"].isin(list(PUBLISHED))].itertuples(
        index=False
    ):
        sign, por = PUBLISHED[r.feature]
        orr, lo, hi = r.odds_ratio_per_sd, r.ci_low, r.ci_high
        if not np.isfinite(orr):
            v = "not estimable"
        elif (lo > 1 and sign > 0) or (hi < 1 and sign < 0):
            v = "holds"
        elif (lo > 1 and sign < 0) or (hi < 1 and sign > 0):
            v = "opposite"
        else:
            v = (
                "not significant (same sign)"
                if (orr - 1) * sign > 0
                else "not significant (opposite sign)"
            )
        rows.append(
            {
                "dataset": r.dataset,
                "synthetic": r.synthetic,
                "model": r.model,
                "feature": r.feature,
                "published_direction": "up" if sign > 0 else "down",
                "published_or": por,
                "odds_ratio_per_sd": orr,
                "ci_low": lo,
                "ci_high": hi,
                "verdict": v,
            }
        )
    return contracts.frame(rows, "content_directions")


def measure_agreement(
    features: pd.DataFrame,
    items: pd.DataFrame,
    dataset: str,
    synthetic: bool,
    pattern: str = DEFAULT_EXCLUDE,
    ours: Sequence[str] = ("positivity", "emotionality", "valence_nrc_vad"),
) -> pd.DataFrame:
    """Spearman correlation of our measures with the data's own sentiment columns (``cov_*`` matching
    ``pattern``), e.g. the Mashable authors' Pattern-library polarity."""
    rx = re.compile(pattern)
    theirs = sorted(c for c in items.columns if c.startswith("cov_") and rx.search(c))
    if not theirs or len(features) == 0:
        return contracts.frame(None, "content_measure_agreement")
    it = items.set_index(items["item_id"].astype(str)).loc[features["item_id"]]
    rows = []
    for f in ours:
        if f not in features.columns:
            continue
        a = features[f].to_numpy(dtype=float)
        for c in theirs:
            b = it[c].to_numpy(dtype=float)
            m = np.isfinite(a) & np.isfinite(b)
            if m.sum() < 3:
                continue
            rho = pd.Series(a[m]).corr(pd.Series(b[m]), method="spearman")
            rows.append(
                {
                    "dataset": dataset,
                    "synthetic": bool(synthetic),
                    "feature": f,
                    "their_column": c,
                    "spearman_rho": float(rho),
                    "n": int(m.sum()),
                }
            )
    return contracts.frame(rows, "content_measure_agreement")
