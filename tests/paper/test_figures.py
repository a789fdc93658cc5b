"""Figures: the overview of every verdict, and no overlapping tick labels in any figure function we can
reach with contract tables (measured from the drawn text, rotated with it: virality.plots.overlapping_labels)."""

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from virality import conclusions, plots
from virality.content import figures as content_figures
from virality.influence import figures as influence_figures
from virality.paper.figures import COLOURS, verdict_counts_matrix, verdict_overview
from virality.paper.published import load_published, published_vs_reproduced
from virality.prediction import figures as prediction_figures

PUBLISHED = Path(__file__).resolve().parents[2] / "paper" / "published.yaml"


def _pvr(fake_tables):
    return published_vs_reproduced(load_published(PUBLISHED), fake_tables())


def test_overview_has_one_row_per_claim_and_one_column_per_data_set(fake_tables):
    pvr = _pvr(fake_tables)
    fig = verdict_overview(pvr, {"topolstm_twitter": "Twitter URL cascades"})
    ax = fig.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert len(rows) == pvr["claim"].nunique()
    assert "A1/A2/A3 word-of-mouth share" in rows
    assert "B9 constant scaling predicts best (sanity check)" in rows
    cols = [t.get_text() for t in ax.get_xticklabels()]
    assert "Twitter URL cascades" in cols and "Erdős–Rényi graphs (synthetic)" in cols
    assert cols.index("Twitter URL cascades") < cols.index("Erdős–Rényi graphs (synthetic)")
    counts = dict(zip(COLOURS, verdict_counts_matrix(pvr), strict=True))
    cells = pvr[pvr["dataset"] != ""].drop_duplicates(["claim", "dataset"])
    assert sum(counts.values()) == len(cells)
    assert plots.overlapping_labels(fig) == []
    assert plots.shows_synthetic(fig)
    plt.close(fig)


def test_overlap_helper_sees_rotated_labels():
    fig, ax = plots.new_figure(3, 2)
    ax.set_xlim(-0.5, 11.5)
    ax.set_xticks(range(12), [f"a long label {i}" for i in range(12)], rotation=20, ha="right")
    assert "axes 1: x 'a long label 0' / 'a long label 1'" in plots.overlapping_labels(fig)
    ax.set_xlim(-0.5, 2.5)
    ax.set_xticks(range(3), ["a", "b", "c"], rotation=40, ha="right")
    assert plots.overlapping_labels(fig) == []
    plt.close(fig)


def _pairs(tables):
    rng = np.random.default_rng(1)
    x = rng.normal(2, 1, 50)
    return {
        "topolstm_twitter": pd.DataFrame(
            {"past_mean": x, "next_log_size": x + rng.normal(0, 1, 50)}
        )
    }


FIGURES = {
    "paper verdict overview": lambda t, f: verdict_overview(_pvr(f)),
    "conclusions mix": lambda t, f: conclusions.mix_figure(
        conclusions.survey_conclusions(
            t["influence_multiplier"],
            t["influence_consistency"],
            t["musiclab"],
            t["attribution"],
            t["prediction_limits"],
        )
    ),
    "influence window": lambda t, f: influence_figures.window(
        t["influentials"], t["influence_window"]
    ),
    "influence multiplier": lambda t, f: influence_figures.multiplier(t["influence_multiplier"]),
    "influence consistency": lambda t, f: influence_figures.consistency(
        _pairs(t), t["influence_consistency"]
    ),
    "influence musiclab": lambda t, f: influence_figures.musiclab(t["musiclab"]),
    "content forest": lambda t, f: content_figures.forest(t["content_emotion_odds"]),
    "prediction correlation": lambda t, f: prediction_figures.correlation(
        t["prediction_correlation"], prediction_figures.Labels(t["novelty_decay"])
    ),
    "prediction error": lambda t, f: prediction_figures.error(
        t["prediction_error"], prediction_figures.Labels(t["novelty_decay"])
    ),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_no_figure_has_overlapping_tick_labels(name, fake_tables):
    fig = FIGURES[name](fake_tables(), fake_tables)
    assert plots.overlapping_labels(fig) == []
    plt.close(fig)


def test_overlap_helper_sees_minor_log_tick_labels():
    # the flickr panel of the first paper's novelty-decay figure: minor labels 3×10¹, 4×10¹, 6×10¹ on top
    fig, ax = plots.new_figure(2.2, 2)
    ax.loglog([25, 250], [1, 0.01])
    found = plots.overlapping_labels(fig)
    assert found and all(": x " in f for f in found)
    plt.close(fig)
