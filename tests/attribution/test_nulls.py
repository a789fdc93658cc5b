"""Tests of Study A's dated links, matched placebo and corrections (virality.attribution.nulls, .social)."""

import numpy as np
import pandas as pd
import pytest

from virality.attribution import nulls as N
from virality.attribution import social as A


def test_a_link_created_after_the_adoption_does_not_count(_frame):
    # creator a at t=0. b follows a through a link made at t=6, after b's adoption at t=5: social on the
    # static graph, not on the dated one. c's link to a (t=4) predates c's adoption (t=5): social in both.
    # d follows c through a link of unknown date (missing): taken as old, so d (t=7, after c) is social.
    edges = _frame(
        [("b", "a", 6.0), ("c", "a", 4.0), ("d", "c", None)], ["source", "target", "created"]
    )
    events = _frame(
        [("x", "b", 5.0), ("x", "c", 5.0), ("x", "d", 7.0)], ["item_id", "user_id", "time"]
    )
    items = _frame([("x", "a", 0.0)], ["item_id", "creator", "start_time"])
    att = A.attribute(events, edges, items, threads=1)
    users = att.ad.frame()["user_id"].tolist()
    assert users == ["a", "b", "c", "d"]
    assert att.social.tolist() == [False, True, True, True]
    assert att.social_dated.tolist() == [False, False, True, True]
    s = N.wom_summary(att, n_boot=20, n_perm=2, n_placebo=1, seed=1, threads=1)
    assert s["dated_links"] is True
    assert s["wom_share"] == pytest.approx(1.0) and s["wom_share_dated"] == pytest.approx(2 / 3)
    assert set(s["graphs"]) == {"static", "dated"}


def test_a_link_made_at_the_instant_of_the_adoption_does_not_count(_frame):
    edges = _frame([("b", "a", 5.0)], ["source", "target", "created"])
    events = _frame([("x", "b", 5.0)], ["item_id", "user_id", "time"])
    items = _frame([("x", "a", 0.0)], ["item_id", "creator", "start_time"])
    att = A.attribute(events, edges, items, threads=1)
    assert att.social.tolist() == [False, True] and att.social_dated.tolist() == [False, False]


def _hand_built(_frame):
    """Item x by creator c (t=0), adopted by u1..u4 at t=1..4. u1, u2 follow c and z1; u3, u4 follow z1
    and z2 (who never adopt): all four adopters follow two accounts. 100 idle accounts follow nobody and
    are followed by nobody but z1 (so they exist in the graph)."""
    rows = [("u1", "c"), ("u1", "z1"), ("u2", "c"), ("u2", "z1")]
    rows += [("u3", "z1"), ("u3", "z2"), ("u4", "z1"), ("u4", "z2")]
    rows += [("z1", f"idle{k}") for k in range(100)]
    edges = _frame(rows, ["source", "target"])
    events = _frame([("x", f"u{k}", float(k)) for k in range(1, 5)], ["item_id", "user_id", "time"])
    items = _frame([("x", "c", 0.0)], ["item_id", "creator", "start_time"])
    return A.attribute(events, edges, items, threads=1)


def test_matched_placebo_on_a_hand_built_graph(_frame):
    att = _hand_built(_frame)
    assert att.social.sum() == 2  # u1 and u2 follow the creator
    ad = att.ad
    bins = N.degree_bins(att.graph.out_degree(len(ad.user_ids)), 2.0)
    # out-degree 2 → bin floor(log2(3)) = 1; z1 (100 followees) → bin 6; idle accounts → bin 0
    uid = {u: k for k, u in enumerate(ad.user_ids)}
    assert [bins[uid[u]] for u in ("u1", "u4", "z1", "idle7", "c")] == [1, 1, 6, 0, 0]
    rng = np.random.default_rng(0)
    active = {uid[f"u{k}"] for k in range(1, 5)}
    creator_followers = {uid["u1"], uid["u2"]}
    hits = []
    for _ in range(
        2000
    ):  # matched replacements: only active accounts of the adopter's bin; seed kept
        u = N.replacement_users(ad, "matched", rng, bins)
        assert u[ad.seed].tolist() == [uid["c"]] and set(u[~ad.seed]) <= active
        hits += [x in creator_followers for x in u[~ad.seed]]
    # by hand: a replacement is u1 or u2 (follows the creator: social) with probability 1/2, so the matched
    # chance rate is 1/2 and the corrected share (1/2 − 1/2) / (1 − 1/2) = 0; a uniform replacement
    # follows the creator with probability 2/105 (two of 105 accounts)
    assert np.mean(hits) == pytest.approx(0.5, abs=0.01)  # measured 0.5011 over 8000 replacements
    m = N.placebo_null(att, 100, seed=3, how="matched", threads=1)["static"][0]
    u = N.placebo_null(att, 100, seed=3, how="uniform", threads=1)["static"][0]
    assert m.mean() == pytest.approx(0.5, abs=0.07)  # measured 0.4775 (sd of the mean 0.023)
    assert u.mean() == pytest.approx(2 / 105, abs=0.02)  # measured 0.0175
    s = N.wom_summary(att, n_boot=50, n_perm=2, n_placebo=100, seed=3, threads=1)
    assert s["wom_share"] == 0.5
    assert s["wom_share_corrected"] == pytest.approx((0.5 - 2 / 105) / (1 - 2 / 105), abs=0.03)
    assert s["wom_share_corrected_matched"] == pytest.approx(0.0, abs=0.15)  # measured 0.034


def test_unknown_placebo_is_an_error(_frame):
    att = _hand_built(_frame)
    with pytest.raises(ValueError, match="placebo must be one of uniform, matched, got 'degree'"):
        N.replacement_users(att.ad, "degree", np.random.default_rng(0))


def test_stratified_correction_by_hand():
    # bin 0: 10 adoptions, 2 social, chance 0.1 → w = (0.2 − 0.1) / 0.9 = 1/9
    # bin 1: 30 adoptions, 24 social, chance 0.6 → w = (0.8 − 0.6) / 0.4 = 1/2
    # pooled with one chance rate: s = 26/40 = 0.65, f = (1 + 18)/40 = 0.475 → 0.333; stratified: 0.403
    n, s = np.array([10.0, 30.0]), np.array([2.0, 24.0])
    F = np.array([0.1 * 10, 0.6 * 30]) * 3  # placebo labels summed over D = 3 draws
    got = N.stratified_corrected(n, s, F, 3)
    assert got == pytest.approx((10 / 9 + 30 / 2) / 40)
    assert N.corrected(26 / 40, 19 / 40) == pytest.approx(0.3333, abs=1e-4)
    # a bin where every placebo draw is labelled social carries no information and is left out
    assert N.stratified_corrected(np.r_[n, 5.0], np.r_[s, 5.0], np.r_[F, 15.0], 3) == pytest.approx(
        got
    )


def test_block_bootstrap_matches_item_bootstrap():
    rng = np.random.default_rng(1)
    n = rng.integers(1, 40, 20_000)
    s = rng.binomial(n, 0.3)
    att_like = np.stack([n, s], axis=1)
    stat = {"share": lambda x: x[..., 1] / x[..., 0]}
    lo, hi = N.bootstrap_share(n, s, 400, seed=2)
    # blocks of items, as the corrected shares use beyond bootstrap_blocks items
    k = 1000
    block = rng.permutation(n.size) % k
    M = np.stack([np.bincount(block, weights=c, minlength=k) for c in att_like.T], axis=1)
    reps = N._replicates(M, 400, np.random.default_rng(3))
    blo, bhi = N._interval(stat["share"](reps), 0.95)
    assert blo == pytest.approx(lo, abs=0.0012) and bhi == pytest.approx(hi, abs=0.0012)


def test_matched_correction_removes_the_activity_bias(_frame):
    # flickr_confounded with activity as the only confounder (no homophily, no follow-back): matched and
    # stratified, the correction lands near the truth; the uniform one stays far above it
    from virality import synth

    d = synth.flickr_confounded(
        n_users=8000, n_items=300, homophily=0.0, taste_adoption=0.0, follow_back=0.0, seed=5
    )
    att = A.attribute(d["events"], d["edges"], d["items"], threads=2)
    s = N.wom_summary(att, n_boot=50, n_perm=2, n_placebo=3, seed=1, threads=2)
    truth = d["truth"]["realised_wom_share"]
    assert s["wom_share"] - truth > 0.10
    assert abs(s["wom_share_corrected_matched"] - truth) < 0.05
    assert s["wom_share_corrected"] - truth > 0.05
    assert pd.isna(s["wom_share_dated"]) is False  # the world dates its links (all old here)
