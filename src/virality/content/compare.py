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


#: Verdicts of :func:`directions`, in the order a reader scans them.
VERDICTS = (
    "holds",
    "not significant (same sign)",
    "not significant (opposite sign)",
    "opposite",
    "not estimable",
)


def _verdict(sign: int, orr: float, p: float) -> str:
    """``holds``/``opposite`` when the Holm-adjusted ``p`` < 0.05 (the estimate on the published side or
    not), else ``not significant`` with the sign of the estimate; ``not estimable`` without an estimate."""
    if not np.isfinite(orr):
        return "not estimable"
    same = (orr - 1) * sign > 0
    if np.isfinite(p) and p < 0.05:
        return "holds" if same else "opposite"
    return "not significant (same sign)" if same else "not significant (opposite sign)"


def directions(odds: pd.DataFrame, models: Sequence[str] = ("controls",)) -> pd.DataFrame:
    """Does each published direction hold? ``holds`` (Holm-adjusted p < 0.05 within the fitted model, on
    the published side of 1), ``opposite`` (significant, other side), ``not significant (same sign)`` /
    ``not significant (opposite sign)``, ``not estimable``. Without a ``p_holm`` column the unadjusted
    p-value is used."""
    sel = odds[odds["model"].isin(list(models)) & odds["feature"].isin(list(PUBLISHED))]
    rows = []
    for r in sel.to_dict("records"):
        sign, por = PUBLISHED[r["feature"]]
        orr = float(r["odds_ratio_per_sd"])
        p = float(r.get("p_holm", r["p_value"]))
        rows.append(
            {
                "dataset": r["dataset"],
                "synthetic": r["synthetic"],
                "model": r["model"],
                "feature": r["feature"],
                "published_direction": "up" if sign > 0 else "down",
                "published_or": por,
                "odds_ratio_per_sd": orr,
                "ci_low": r["ci_low"],
                "ci_high": r["ci_high"],
                "verdict": _verdict(sign, orr, p),
                "instrument": r.get("instrument", ""),
                "p_value": r["p_value"],
                "p_holm": r.get("p_holm", np.nan),
            }
        )
    return contracts.frame(rows, "content_directions", DIRECTIONS_EXTRA)


DIRECTIONS_EXTRA = ("instrument", "p_value", "p_holm")


def robustness(directions_by_instrument: pd.DataFrame) -> pd.DataFrame:
    """Which published directions hold under every instrument that measures the feature, per data set
    (from :func:`directions` of the ``controls_<instrument>`` models)."""
    rows = []
    d = directions_by_instrument
    for (ds, feat), g in d.groupby(["dataset", "feature"], sort=True):
        g = g[g["verdict"] != "not estimable"].sort_values("instrument")
        if g.empty:
            continue
        v = g["verdict"].tolist()
        n_hold, n_opp = v.count("holds"), v.count("opposite")
        if len(v) == 1:
            concl = {"holds": "holds", "opposite": "opposite"}.get(v[0], "not significant")
            concl += ", one instrument only"
        elif n_hold == len(v):
            concl = "holds under every instrument"
        elif n_opp == len(v):
            concl = "opposite under every instrument"
        elif n_hold and n_opp:
            concl = "instruments disagree in sign"
        elif n_hold:
            concl = "holds under some instruments only"
        elif n_opp:
            concl = "opposite under some instruments only"
        else:
            concl = "no instrument finds it"
        ors = ", ".join(
            f"{i} {o:.2f}" for i, o in zip(g["instrument"], g["odds_ratio_per_sd"], strict=True)
        )
        rows.append(
            {
                "dataset": ds,
                "synthetic": bool(g["synthetic"].iloc[0]),
                "feature": feat,
                "published_direction": g["published_direction"].iloc[0],
                "instruments": ", ".join(g["instrument"]),
                "n_instruments": len(g),
                "n_holds": n_hold,
                "n_opposite": n_opp,
                "odds_ratios": ors,
                "conclusion": concl,
            }
        )
    return contracts.frame(rows, "content_robustness")


#: Columns measuring the same construct, by instrument (``agreement``: Spearman between each pair).
CONSTRUCTS = {
    "positivity": (
        ("nrc", "positivity"),
        ("vader", "positivity_vader"),
        ("liwc", "positivity_liwc"),
        ("nrc_vad", "valence_nrc_vad"),
        ("warriner", "valence_warriner"),
    ),
    "emotionality": (
        ("nrc", "emotionality"),
        ("vader", "emotionality_vader"),
        ("liwc", "emotionality_liwc"),
    ),
    "arousal": (("nrc_vad", "arousal_nrc_vad"), ("warriner", "arousal_warriner")),
    "anger": (("nrc", "anger"), ("liwc", "anger_liwc")),
    "anxiety": (("nrc", "anxiety"), ("liwc", "anxiety_liwc")),
    "sadness": (("nrc", "sadness"), ("liwc", "sadness_liwc")),
}
AGREEMENT_EXTRA = ("construct", "instrument", "their_instrument", "spearman_rho_scored", "n_scored")


def _spearman(a: np.ndarray, b: np.ndarray) -> tuple[float, int]:
    """Spearman's rho (Pearson correlation of average ranks) over the pairs where both are finite."""
    from scipy.stats import rankdata

    m = np.isfinite(a) & np.isfinite(b)
    if m.sum() < 3 or np.ptp(a[m]) == 0 or np.ptp(b[m]) == 0:
        return np.nan, int(m.sum())
    return float(np.corrcoef(rankdata(a[m]), rankdata(b[m]))[0, 1]), int(m.sum())


def _scored(features: pd.DataFrame, col: str) -> np.ndarray:
    """Items whose ``col`` rests on at least one scored word (a non-zero % or a rated word's mean)."""
    x = features[col].to_numpy(dtype=float)
    return np.isfinite(x) if col.startswith(("valence_", "arousal_")) else np.isfinite(x) & (x != 0)


def _pair(features, a, b) -> dict:
    """Spearman of two columns over all items and over the items both score."""
    x, y = features[a].to_numpy(dtype=float), features[b].to_numpy(dtype=float)
    rho, n = _spearman(x, y)
    both = _scored(features, a) & _scored(features, b)
    rho_s, n_s = _spearman(x[both], y[both])
    return {"spearman_rho": rho, "n": n, "spearman_rho_scored": rho_s, "n_scored": n_s}


def measure_agreement(
    features: pd.DataFrame,
    items: pd.DataFrame,
    dataset: str,
    synthetic: bool,
    pattern: str = DEFAULT_EXCLUDE,
    ours: Sequence[str] = ("positivity", "emotionality", "valence_nrc_vad"),
) -> pd.DataFrame:
    """Agreement of the measures, per data set: Spearman correlation between every two instruments that
    measure one construct (:data:`CONSTRUCTS`; over all items, and over the items both score), and of
    ``ours`` with the data's own sentiment columns (``cov_*`` matching ``pattern``, e.g. the Mashable
    authors' Pattern-library polarity; construct ``data's own sentiment``)."""
    rows = []
    base = {"dataset": dataset, "synthetic": bool(synthetic)}
    present = {
        c: [(i, col) for i, col in cols if col in features.columns and features[col].notna().any()]
        for c, cols in CONSTRUCTS.items()
    }
    for construct, cols in present.items():
        for k, (ia, a) in enumerate(cols):
            for ib, b in cols[k + 1 :]:
                rows.append(
                    {
                        **base,
                        "feature": a,
                        "their_column": b,
                        **_pair(features, a, b),
                        "construct": construct,
                        "instrument": ia,
                        "their_instrument": ib,
                    }
                )
    rx = re.compile(pattern)
    theirs = sorted(c for c in items.columns if c.startswith("cov_") and rx.search(c))
    if theirs and len(features):
        it = items.set_index(items["item_id"].astype(str)).loc[features["item_id"].astype(str)]
        for f in (f for f in ours if f in features.columns):
            a = features[f].to_numpy(dtype=float)
            for c in theirs:
                rho, n = _spearman(a, it[c].to_numpy(dtype=float))
                if n >= 3:
                    rows.append(
                        {
                            **base,
                            "feature": f,
                            "their_column": c,
                            "spearman_rho": rho,
                            "n": n,
                            "construct": "data's own sentiment",
                            "instrument": "nrc" if "_" not in f else f.split("_", 1)[1],
                            "their_instrument": "data",
                        }
                    )
    return contracts.frame(rows, "content_measure_agreement", AGREEMENT_EXTRA)
