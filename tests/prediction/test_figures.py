"""Study B figures: the published reference lines (value, legend text with source status) and no
overlapping tick labels."""

import numpy as np
import pandas as pd
import pytest

from virality import plots
from virality.prediction import figures as F


def _labels(*rows):
    return F.Labels(pd.DataFrame(rows, columns=["dataset", "synthetic", "half_life_unit"]))


def _legend_texts(fig):
    texts = [
        t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()
    ]
    return texts + [t.get_text() for leg in fig.legends for t in leg.get_texts()]


def _line(fig, label):
    found = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_label() == label]
    assert found, (label, [ln.get_label() for ax in fig.axes for ln in ax.get_lines()])
    return found[0]


def test_correlation_has_09_and_quarter_lines():
    t_i = np.array([0.01, 0.05, 0.25, 0.5])
    co = pd.DataFrame(
        {"dataset": "memes", "t_i": t_i * 100, "t_r": 100.0, "pearson_r_log": [0.8, 0.9, 0.95, 0.99],
         "primary": True}
    )  # fmt: skip
    fig = F.correlation(co, _labels(("memes", False, "h")))
    h = _line(fig, "unconfirmed: r > 0.9 (Szabo & Huberman 2010)")
    assert list(h.get_ydata()) == [0.9, 0.9]
    v = _line(fig, "unconfirmed: t_i = t_r/4, where r > 0.9 is claimed")
    assert list(v.get_xdata()) == [0.25, 0.25]
    assert "unconfirmed: r > 0.9 (Szabo & Huberman 2010)" in _legend_texts(fig)
    assert "synthetic" not in fig.axes[0].get_title()
    assert plots.overlapping_labels(fig) == []


def test_error_has_rse_001_line():
    er = pd.DataFrame(
        {
            "dataset": "higgs",
            "predictor": "CS",
            "t_i": [1.0, 2.0, 4.0],
            "rse_mean": [0.5, 0.05, 0.005],
        }
    )
    fig = F.error(er, _labels(("higgs", False, "h")))
    label = "unconfirmed: RSE = 0.01 (10% error, B10's threshold)"
    assert list(_line(fig, label).get_ydata()) == [0.01, 0.01]
    assert label in _legend_texts(fig)  # in the figure legend below the panels
    assert plots.overlapping_labels(fig) == []


def _decay_points(d, t):
    g = 0.5 * t**-1.2
    return pd.DataFrame(
        {"dataset": d, "t": t, "growth_mean": g, "fitted": g, "profile_mean": t / t.max()}
    )


def test_decay_published_curve_in_hours_and_no_overlapping_ticks():
    # the flickr_synth panel of the real run: ages 25-500 h put 3x10^1, 4x10^1, 6x10^1 side by side
    t = np.geomspace(25, 500, 40)
    dp = pd.concat(
        [_decay_points("flickr_synth", t), _decay_points("raw", np.geomspace(2e3, 3e5, 30))]
    )
    novelty = pd.DataFrame(
        {"dataset": ["flickr_synth", "raw"], "synthetic": [True, False], "half_life_unit": ["h", ""],
         "decay_best_model": "power_law", "decay_b_at_bound": False}
    )  # fmt: skip
    fig = F.decay(dp, novelty, F.Labels(novelty))
    label = (
        "secondary source: exp(-0.4 t^0.4), t in min (Wu & Huberman 2007)\n"
        "= exp(-2.06 t^0.4), t in h, through the first point"
    )
    curve = _line(fig, label)
    x, y = np.asarray(curve.get_xdata()), np.asarray(curve.get_ydata())
    assert y[0] == pytest.approx(0.5 * 25**-1.2)  # through the first point
    # the curve in hours is exp(-0.4 (60 t)^0.4) up to its level
    assert y[-1] / y[0] == pytest.approx(
        np.exp(-0.4 * (60 * x[-1]) ** 0.4 + 0.4 * (60 * x[0]) ** 0.4)
    )
    assert label in _legend_texts(fig)
    assert (
        sum(ln.get_label() == label for ax in fig.axes for ln in ax.get_lines()) == 1
    )  # not on raw units
    assert plots.overlapping_labels(fig) == []
    assert "synthetic data sets marked" in fig.get_suptitle()


def test_decay_half_time_line_where_the_data_reach_it():
    dp = _decay_points("higgs", np.geomspace(0.5, 50, 30))
    novelty = pd.DataFrame(
        {"dataset": ["higgs"], "synthetic": [False], "half_life_unit": ["h"],
         "decay_best_model": "power_law", "decay_b_at_bound": False}
    )  # fmt: skip
    fig = F.decay(dp, novelty, F.Labels(novelty))
    v = _line(fig, "secondary source: novelty half time 69 min = 1.15 h")
    assert list(v.get_xdata()) == [pytest.approx(1.15)] * 2
    assert "synthetic" not in fig.get_suptitle()


def test_seismic_has_15pct_band_and_1h_line():
    sk = pd.DataFrame(
        {"dataset": "seismic_example", "t": [0.5, 1.0, 2.0, 4.0], "n_obs": [10, 50, 80, 95],
         "prediction": [np.inf, 120.0, 110.0, 101.0], "n_final": 100.0, "n_star": 100.0}
    )  # fmt: skip
    fig = F.seismic(sk, _labels(("seismic_example", False, "h")))
    label = (
        "published (confirmed): 15% relative error after 1 h (Zhao et al. 2015), band N(t_r) ± 15%"
    )
    band = [p for ax in fig.axes for p in ax.patches if p.get_label() == label]
    assert len(band) == 1
    ys = band[0].get_path().transformed(band[0].get_patch_transform()).vertices[:, 1]
    assert (min(ys), max(ys)) == (pytest.approx(85.0), pytest.approx(115.0))
    assert list(_line(fig, "1 h of observation").get_xdata()) == [1.0, 1.0]
    assert label in _legend_texts(fig)
    assert plots.overlapping_labels(fig) == []
