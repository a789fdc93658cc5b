"""The synthetic generators put the truth they state into their output."""

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from virality import synth


@pytest.fixture(scope="module", params=[0.53, 0.30])
def flickr(request):
    return synth.flickr_like(n_users=30_000, n_items=2_500, wom_share=request.param, seed=11)


def test_flickr_word_of_mouth_share_is_the_parameter(flickr):
    ev = flickr["events"]
    non_seed = ev[ev["channel"] != "seed"]
    share = float((non_seed["channel"] == "social").mean())
    assert abs(share - flickr["truth"]["wom_share"]) < 0.01
    assert share == pytest.approx(flickr["truth"]["realised_wom_share"])
    assert len(non_seed) > 50_000


def test_flickr_social_adoptions_follow_an_earlier_adopter(flickr):
    ev, edges = flickr["events"], flickr["edges"]
    social = ev[ev["channel"] == "social"].sample(2_000, random_state=1)
    # pair each sampled social adoption with every earlier adopter of the same item that the user follows
    pairs = social.merge(edges, left_on="user_id", right_on="source").merge(
        ev, left_on=["item_id", "target"], right_on=["item_id", "user_id"], suffixes=("", "_f")
    )
    exposed = pairs[pairs["time_f"] < pairs["time"]].drop_duplicates(["item_id", "user_id"])
    assert len(exposed) == len(social)


def test_flickr_editorial_adoptions_come_after_the_featuring(flickr):
    ev, ex = flickr["events"], flickr["exposures"]
    ed = ev[ev["channel"] == "editorial"].merge(ex, on="item_id", suffixes=("", "_feat"))
    assert len(ed) > 0
    assert (ed["time"] >= ed["time_feat"]).all()
    # items never featured have no editorial adoptions
    assert set(ev.loc[ev["channel"] == "editorial", "item_id"]) <= set(ex["item_id"])


def test_flickr_graph_is_heavy_tailed_and_clean(flickr):
    edges = flickr["edges"]
    assert not (edges["source"] == edges["target"]).any()
    assert not edges.duplicated().any()
    indeg = edges["target"].value_counts()
    # heavy tail: the most followed account has far more followers than the median one
    assert indeg.max() > 50 * indeg.median()


def test_flickr_is_deterministic():
    a = synth.flickr_like(n_users=2_000, n_items=50, seed=3)
    b = synth.flickr_like(n_users=2_000, n_items=50, seed=3)
    pd.testing.assert_frame_equal(a["events"], b["events"])
    pd.testing.assert_frame_equal(a["edges"], b["edges"])


@pytest.fixture(scope="module")
def digg():
    return synth.digg_like(n_stories=3_000, a=0.5, b=0.35, n_steps=200, seed=5)


def _counts_on_grid(events: pd.DataFrame, step: float, n_steps: int) -> np.ndarray:
    codes, _ = pd.factorize(events["item_id"], sort=True)
    step_idx = np.minimum(np.floor(events["time"].to_numpy() / step).astype(int) + 1, n_steps + 1)
    step_idx[events["time"].to_numpy() == 0] = 0
    grid = np.zeros((codes.max() + 1, n_steps + 2))
    np.add.at(grid, (codes, step_idx), 1)
    return np.cumsum(grid, axis=1)[:, : n_steps + 1]  # N_0 .. N_n


def test_digg_relative_growth_is_the_novelty_decay(digg):
    t = digg["truth"]
    n = _counts_on_grid(digg["events"], t["step_seconds"], t["n_steps"])
    growth = (n[:, 1:] / n[:, :-1] - 1.0).mean(axis=0)  # E[N_t / N_{t-1} - 1] = r_t mu
    steps = np.arange(1, 31)
    expected = synth.novelty_decay(steps, t["a"], t["b"]) * t["mu"]
    np.testing.assert_allclose(growth[:30], expected, rtol=0.06)


def test_digg_final_counts_match_items_and_are_lognormal_scale(digg):
    ev, items = digg["events"], digg["items"]
    counts = ev.groupby("item_id").size()
    final = items.set_index("item_id")["outcome"]
    assert (counts.reindex(final.index).to_numpy() == final.to_numpy()).all()
    assert ev.duplicated(["item_id", "user_id"]).sum() == 0


def test_digg_default_calibration_matches_wu_huberman_scale():
    d = synth.digg_like(n_stories=1_500, seed=2)
    log_final = np.log(d["items"]["outcome"].to_numpy())
    # Wu & Huberman (2007) report mean 6.546 and s.d. 0.6626 for log final diggs (see docs)
    assert abs(log_final.mean() - 6.546) < 0.15
    assert abs(log_final.std() - 0.6626) < 0.1
    assert d["truth"]["half_life_steps"] == pytest.approx((math.log(2) / 0.4) ** (1 / 0.4))


@pytest.mark.parametrize(
    "odds", [None, {"awe": 1.6, "anger": 0.7, "anxiety": 1.0, "sadness": 1.25}]
)
def test_nyt_logistic_truth_is_recoverable(odds):
    d = synth.nyt_like(n_articles=30_000, odds_ratios=odds, seed=9)
    items, truth = d["items"], d["truth"]
    assert abs(items["outcome"].mean() - truth["base_rate"]) < 0.01
    feats = list(truth["odds_ratios_per_sd"])
    x = items[[f"cov_{f}" for f in feats]].copy()
    x["home"] = (np.log(items["cov_homepage_hours"]) - 1.0) / 0.8
    for s in range(1, 5):
        x[f"s{s}"] = items[f"cov_section_{s}"]
    fit = sm.Logit(items["outcome"], sm.add_constant(x)).fit(disp=0)
    for f in feats:
        est, se = fit.params[f"cov_{f}"], fit.bse[f"cov_{f}"]
        assert abs(est - math.log(truth["odds_ratios_per_sd"][f])) < 3.5 * se, f
    assert abs(fit.params["home"] - math.log(truth["homepage_or_per_sd"])) < 3.5 * fit.bse["home"]
