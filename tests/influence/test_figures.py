"""Study D figures: the influence multiplier carries the unconfirmed 1-3x band of Watts & Dodds."""

import pandas as pd

from virality import plots
from virality.influence import figures as F


def test_multiplier_has_the_unconfirmed_band():
    rows = [
        ("erdos_renyi", "cell", z, 0.18, m, m * 0.9, m * 1.1, True, True)
        for z, m in ((2.0, 1.5), (4.0, 1.2), (8.0, 1.05))
    ] + [("erdos_renyi", "window", float("nan"), float("nan"), 1.2, 1.1, 1.3, True, True)]
    mult = pd.DataFrame(
        rows,
        columns=["graph", "scope", "mean_degree", "threshold", "multiplier", "ci_low", "ci_high",
                 "in_window", "synthetic"],
    )  # fmt: skip
    fig = F.multiplier(mult)
    label = "unconfirmed: 1-3x, our reading of Watts & Dodds (2007); no number in the text read"
    band = [p for p in fig.axes[0].patches if p.get_label() == label]
    assert len(band) == 1
    ys = band[0].get_path().transformed(band[0].get_patch_transform()).vertices[:, 1]
    assert (min(ys), max(ys)) == (1.0, 3.0)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [label]
    assert "pooled 1.20 [1.10, 1.30]" in [
        t.get_text() for t in fig.axes[0].get_legend().get_texts()
    ]
    assert plots.overlapping_labels(fig) == []
