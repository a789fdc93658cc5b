"""Tests of the simulated MusicLab markets (virality.influence.musiclab, Salganik et al. 2006)."""

import numpy as np
import pandas as pd
import pytest

from virality.influence import musiclab as ml


def test_gini_and_unpredictability_hand_worked():
    assert ml.gini(np.full(4, 0.25)) == pytest.approx(0.0)
    assert ml.gini(np.array([1.0, 0, 0, 0])) == pytest.approx(0.75)  # (S - 1) / S
    worlds = np.array([[0.5, 0.5], [1.0, 0.0], [0.5, 0.5]])
    # song 1: |0.5-1| + |0.5-0.5| + |1-0.5| over 3 pairs = 1/3; song 2 the same
    assert ml.unpredictability(worlds) == pytest.approx(1 / 3)


def test_musiclab_social_influence_raises_inequality_and_unpredictability():
    kw = dict(strengths=[0.0, 0.9], n_worlds=4, listens_per_world=600, n_markets=6, seed=2)
    m = ml.musiclab(**kw)
    pd.testing.assert_frame_equal(m, ml.musiclab(**kw))
    s = ml.summarise_musiclab(m).set_index("social_strength")
    assert s.loc[0.9, "gini"] > s.loc[0.0, "gini"] + 0.1
    assert s.loc[0.9, "unpredictability"] > 1.5 * s.loc[0.0, "unpredictability"]
    assert s.loc[0.0, "condition"] == "independent"
