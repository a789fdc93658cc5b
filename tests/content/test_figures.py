"""Study C forest plot: Berger & Milkman's odds ratios drawn with their source status."""

import pandas as pd

from virality import plots
from virality.content import figures as F


def test_forest_marks_published_odds_ratios_by_status():
    feats = ["awe", "anger", "sadness", "positivity"]
    odds = pd.DataFrame(
        {"dataset": "news", "synthetic": False, "model": "controls", "feature": feats,
         "odds_ratio_per_sd": [1.1, 1.0, 0.9, 1.2], "ci_low": [1.0, 0.9, 0.8, 1.1],
         "ci_high": [1.2, 1.1, 1.0, 1.3]}
    )  # fmt: skip
    fig = F.forest(odds)
    ax = fig.axes[0]
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    sec = lines["secondary source: NYT 2008 odds ratio, Berger's book (Contagious)"]
    unc = lines["unconfirmed: NYT 2008 odds ratio, not found in any text read"]
    assert list(sec.get_xdata()) == [0.84, 1.13] and sec.get_markerfacecolor() == "k"
    assert list(unc.get_xdata()) == [1.30, 1.34] and unc.get_markerfacecolor() == "white"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "unconfirmed: NYT 2008 odds ratio, not found in any text read" in legend
    assert plots.overlapping_labels(fig) == []
