"""The abstract's named values: read from contract columns only, None where a study has no rows."""

from pathlib import Path

import pandas as pd
import pytest

from virality.paper.headline import headline, short_title
from virality.paper.published import load_published, published_vs_reproduced

PUBLISHED = Path(__file__).resolve().parents[2] / "paper" / "published.yaml"


def test_named_values_of_each_study(fake_tables):
    t = fake_tables()
    pvr = published_vs_reproduced(load_published(PUBLISHED), t)
    h = headline(t, pvr, {"topolstm_twitter": "Twitter URL cascades"})
    assert (h.A.dataset, h.A.wom, h.A.excess) == ("Twitter URL cascades", 0.612, 0.262)
    assert (h.B.n, h.B.r_max) == (1, 0.97)  # the largest t_i <= t_r / 4 = 24
    assert h.C.n == 6 and h.C.max_change == pytest.approx(0.3)  # emotionality 1.3 on Mashable
    assert (
        h.C.auc_change is None
    )  # the fake names its model "controls+emotion", not "controls+emotions"
    assert (h.D.graph, h.D.multiplier, h.D.gini) == ("Twitter URL cascades", 2.4, (0.2, 0.5))
    c = h.counts
    assert c.confirmed == c.reproduced + c.partly + c.not_reproduced > 0
    assert c.n_confirmed_values == 14 and c.n_values == 42  # 12 + E1, E3; 34 + E1-E8
    assert "structural virality independent of size (A)" in h.claims.somewhere


def test_a_study_without_rows_gives_empty_values(fake_tables):
    t = fake_tables()
    pvr = published_vs_reproduced(load_published(PUBLISHED), t)
    t["attribution"] = t["attribution"].iloc[0:0]
    del t["content_emotion_odds"]
    h = headline(t, pvr, {})
    assert h.A.dataset is None and h.C.n == 0
    # every field the sections read is there, empty: the abstract and the threats drop their sentence
    assert (h.A.wom, h.C.max_change, h.C.auc_change) == (None, None, None)
    t["content_features"] = pd.DataFrame(
        {"dataset": ["nyt_synth"], "synthetic": [True], "awe": [0]}
    )
    assert headline(t, pvr, {}).C.zero is None
    assert short_title("Twitter URL cascades + follower graph (Topo-LSTM)") == (
        "Twitter URL cascades + follower graph"
    )
