"""Tests of the world in which Cha et al.'s rule fails (virality.synth.flickr_confounded): its truth, its
confounders, and how much of the rule's bias each estimator removes."""

import numpy as np
import pandas as pd
import pytest

from virality import data, synth
from virality.attribution import nulls as N
from virality.attribution import social as A


@pytest.fixture(scope="module")
def world():
    d = synth.flickr_confounded(n_users=8000, n_items=300, seed=7)
    att = A.attribute(d["events"], d["edges"], d["items"], threads=2)
    s = N.wom_summary(att, n_boot=100, n_perm=3, n_placebo=3, seed=1, threads=2)
    return d, att, s


def test_generator_truth_and_confounders(world):
    d, _, _ = world
    ev, edges, items, truth = d["events"], d["edges"], d["items"], d["truth"]
    non_seed = ev["channel"] != "seed"
    # the truth is the realised share of social adoptions, close to the requested 0.35
    assert truth["realised_wom_share"] == pytest.approx(
        (ev.loc[non_seed, "channel"] == "social").mean()
    )
    assert truth["realised_wom_share"] == pytest.approx(0.35, abs=0.01)
    assert set(ev["channel"]) == {"seed", "social", "editorial", "other"}
    assert (ev.groupby("item_id").size() == ev.groupby("item_id")["user_id"].nunique()).all()
    # every item starts with its creator's seed
    seeds = ev.loc[ev["channel"] == "seed"].set_index("item_id")["user_id"]
    assert (
        seeds.sort_index().tolist() == items.set_index("item_id")["creator"].sort_index().tolist()
    )
    # heavy-tailed activity and out-degree: the most active 1% make several times their share
    per_user = ev.loc[non_seed, "user_id"].value_counts()
    assert per_user.iloc[: max(1, len(per_user) // 100)].sum() / per_user.sum() > 0.05
    deg = edges.groupby("source").size()
    assert deg.max() > 10 * deg.median()
    # follow-back links: dated after an adoption of the followee's item by the follower
    late = edges.loc[edges["created"] > 0]
    assert len(late) == truth["n_links_after_adoption"] > 100
    first = ev.merge(items[["item_id", "creator"]], on="item_id")
    first = first.groupby(["user_id", "creator"])["time"].min().rename("adopted")
    j = late.merge(first, left_on=["source", "target"], right_index=True)
    assert len(j) == len(late) and (j["created"] > j["adopted"]).all()


def test_generator_is_deterministic_and_registered():
    a = synth.flickr_confounded(n_users=500, n_items=20, seed=3)
    b = synth.flickr_confounded(n_users=500, n_items=20, seed=3)
    for t in ("events", "edges", "exposures", "items"):
        pd.testing.assert_frame_equal(a[t], b[t])
    fmt = data.get_format("synth_flickr_confounded")
    assert fmt.synthetic and fmt.columns["edges"] == ("created",)
    with pytest.raises(ValueError, match="wom_share must be in"):
        synth.flickr_confounded(wom_share=1.5)


def test_naive_rule_fails_and_what_each_estimator_removes(world):
    d, att, s = world
    truth = d["truth"]["realised_wom_share"]
    st, dt = s["graphs"]["static"], s["graphs"]["dated"]
    # measured (8,000 users, 300 items): truth 0.348; naive 0.591; uniform placebo 0.564; matched 0.470;
    # dated links 0.547; dated + matched 0.419
    assert st["wom_share"] - truth > 0.10  # the rule fails
    assert st["corrected_uniform"] - truth > 0.10  # the uniform placebo removes little
    assert (
        st["corrected_matched"] < st["corrected_uniform"] - 0.04
    )  # activity: matched removes more
    assert dt["wom_share"] < st["wom_share"] - 0.03  # follow-back links: dating removes them
    best = dt["corrected_matched"]
    assert best == min(e for g in (st, dt) for e in (g["wom_share"], g["corrected_matched"]))
    # homophily is left: no estimator here removes it (see test_homophily_is_what_is_left)
    assert 0.03 < best - truth < 0.12
    # the rule labels as social most 'other' adopters (taste + activity + follow-back), few true misses
    assert s["wom_ci_low"] < s["wom_share"] < s["wom_ci_high"]
    labels = att.ad.frame().assign(social=att.social).merge(d["events"], on=["item_id", "user_id"])
    assert labels.loc[labels["channel"] == "social", "social"].all()


def test_homophily_is_what_is_left():
    # with the same activity and follow-back but no taste, dated links + the matched placebo land within
    # 0.05 of the truth; with taste, they do not
    out = {}
    for h in (0.0, 0.5):
        d = synth.flickr_confounded(
            n_users=8000, n_items=300, homophily=h, taste_adoption=h, seed=7
        )
        att = A.attribute(d["events"], d["edges"], d["items"], threads=2)
        s = N.wom_summary(att, n_boot=0, n_perm=0, n_placebo=3, seed=1, threads=2)
        out[h] = s["wom_share_dated_corrected_matched"] - d["truth"]["realised_wom_share"]
    assert abs(out[0.0]) < 0.05  # measured -0.022 (homophily 0.25: +0.007; 0.75: +0.178)
    assert out[0.5] > 0.05  # measured +0.071
    assert np.isfinite(list(out.values())).all()
