"""Tests of Study A's trajectory classes (virality.attribution.trajectories)."""

import numpy as np
import pandas as pd
import pytest

from virality.attribution import trajectories as A
from virality.attribution.social import Adoptions


@pytest.mark.parametrize("flickr", [0.53], indirect=True)
def test_trajectory_rule_recovers_generator_classes(flickr):
    # the default thresholds are absolute and tuned to the generator at its default share 0.53
    d, att, _ = flickr
    cls = A.classify_trajectories(att.ad, att.social, d["exposures"])
    codes = {v: k for k, v in d["truth"]["trajectory_codes"].items()}
    m = cls.merge(d["items"][["item_id", "true_trajectory"]], on="item_id").dropna(
        subset=["trajectory"]
    )
    acc = float((m["trajectory"] == m["true_trajectory"].astype(int).map(codes)).mean())
    assert acc > 0.8, acc  # measured 0.856
    summ = A.trajectory_summary(cls)
    assert summ["share_items"].sum() == pytest.approx(1.0)
    assert summ["share_adoptions"].sum() == pytest.approx(1.0)


def test_trajectory_rule_hand_worked(_frame):
    # item e: 8 non-social adoptions within 20% of its span (100) after an exposure at t=50, 2 social later:
    #   J = 8/10 -> editorial. item w: 9 social adoptions spread evenly, 1 non-social at the end: J = 0 and
    #   social share 0.9 -> word_of_mouth. item h: 5 social, 3 non-social right after the start, 2 later:
    #   J = 3/10, share 0.5 -> hybrid. item s: 3 adoptions -> too small (NA).
    it, tm, so = [], [], []
    for t in [50.5, 51, 52, 53, 54, 55, 56, 57]:
        it, tm, so = it + [0], tm + [t], so + [False]
    it, tm, so = it + [0, 0], tm + [80.0, 100.0], so + [True, True]
    it, tm, so = it + [1] * 10, tm + [10.0 * k for k in range(1, 11)], so + [True] * 9 + [False]
    it += [2] * 10
    tm += [1.0, 2.0, 3.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 100.0]
    so += [False, False, False, True, True, True, True, True, False, False]
    it, tm, so = it + [3] * 3, tm + [1.0, 2.0, 3.0], so + [True] * 3
    n = len(it)
    # a seed at time 0 for every item
    item = np.r_[np.arange(4), np.asarray(it)]
    time = np.r_[np.zeros(4), np.asarray(tm)]
    seed = np.r_[np.ones(4, bool), np.zeros(n, bool)]
    social = np.r_[np.zeros(4, bool), np.asarray(so)]
    order = np.lexsort((~seed, time, item))
    ad = Adoptions(
        item[order],
        np.arange(item.size)[order],
        time[order],
        seed[order],
        np.array(["e", "w", "h", "s"], dtype=object),
        np.arange(item.size).astype(str),
    )
    exposures = _frame([("e", 50.0)], ["item_id", "time"])
    c = A.classify_trajectories(ad, social[order], exposures).set_index("item_id")
    assert (
        c.loc["e", "jump_share"] == pytest.approx(0.8) and c.loc["e", "trajectory"] == "editorial"
    )
    assert c.loc["w", "jump_share"] == 0.0 and c.loc["w", "trajectory"] == "word_of_mouth"
    assert c.loc["h", "jump_share"] == pytest.approx(0.3) and c.loc["h", "trajectory"] == "hybrid"
    assert pd.isna(c.loc["s", "trajectory"])
