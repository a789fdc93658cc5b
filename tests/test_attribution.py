"""Tests of Study A (virality.attribution): exact hand-worked cases and recovery of known truth."""

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from virality import attribution as A
from virality import synth


def _frame(rows, cols):
    df = pd.DataFrame(rows, columns=cols)
    for c in df.columns:
        if c in ("time", "start_time"):
            df[c] = df[c].astype("float64")
        else:
            df[c] = df[c].astype("string")
    return df


# ------------------------------------------------------------------------------------------ attribution


def test_attribution_hand_worked():
    # creator a at t=0; b follows a (social), c follows b who adopted earlier (social), d follows nobody
    # (non-social), e follows c but adopts before c (non-social), f follows d and adopts at the same instant
    # as d (not strictly earlier: non-social); g follows a user who adopted only another item (non-social)
    edges = _frame(
        [("b", "a"), ("c", "b"), ("e", "c"), ("f", "d"), ("g", "h"), ("h", "g")],
        ["source", "target"],
    )
    events = _frame(
        [
            ("x", "b", 1.0),
            ("x", "c", 2.0),
            ("x", "d", 3.0),
            ("x", "e", 1.5),
            ("x", "f", 3.0),
            ("x", "g", 4.0),
            ("y", "h", 0.5),
        ],
        ["item_id", "user_id", "time"],
    )
    items = _frame([("x", "a", 0.0), ("y", "z", 0.0)], ["item_id", "creator", "start_time"])
    ad, social, pairs, _ = A.attribute(events, edges, items, threads=1)
    got = dict(
        zip(zip(ad.frame()["item_id"], ad.frame()["user_id"], strict=True), social, strict=True)
    )
    assert got == {
        ("x", "a"): False,
        ("x", "b"): True,
        ("x", "e"): False,
        ("x", "c"): True,
        ("x", "d"): False,
        ("x", "f"): False,
        ("x", "g"): False,
        ("y", "z"): False,
        ("y", "h"): False,
    }
    assert ad.seed.sum() == 2  # both creators added as seeds at start_time
    s = A.wom_summary(ad, social, pairs, n_boot=50, n_perm=5, seed=1)
    assert s["n_adoptions"] == 7 and s["wom_share"] == pytest.approx(2 / 7)


def test_creator_already_in_events_is_the_seed_and_not_counted():
    edges = _frame([("b", "a")], ["source", "target"])
    events = _frame([("x", "a", 5.0), ("x", "b", 6.0)], ["item_id", "user_id", "time"])
    items = _frame([("x", "a", 5.0)], ["item_id", "creator", "start_time"])
    ad, social, pairs, _ = A.attribute(events, edges, items, threads=1)
    assert len(ad) == 2 and ad.seed.tolist() == [True, False] and social.tolist() == [False, True]
    n, s = A.item_counts(ad.item, social, ad.seed, 1)
    assert (n.tolist(), s.tolist()) == ([1], [1])


def test_shuffle_keeps_times_within_item_and_seeds():
    rng = np.random.default_rng(0)
    item = np.repeat(np.arange(50), 8)
    time = rng.random(item.size) * 100
    seed = np.zeros(item.size, bool)
    seed[::8] = True
    out = A.shuffle_times(item, time, seed, np.random.default_rng(1))
    assert np.array_equal(out[seed], time[seed])
    for i in range(50):
        assert np.allclose(np.sort(out[item == i]), np.sort(time[item == i]))
    assert not np.array_equal(out, time)


def test_bootstrap_interval_is_seeded_and_covers_the_share():
    rng = np.random.default_rng(3)
    n = rng.integers(1, 50, 400)
    s = rng.binomial(n, 0.4)
    lo, hi = A.bootstrap_share(n, s, 500, seed=7)
    assert (lo, hi) == A.bootstrap_share(n, s, 500, seed=7)
    assert lo < s.sum() / n.sum() < hi and 0.01 < hi - lo < 0.08
    # same distribution as resampling item indices (the multinomial-over-types shortcut is exact)
    idx = np.random.default_rng(9).integers(0, n.size, size=(4000, n.size))
    naive = s[idx].sum(1) / n[idx].sum(1)
    assert lo == pytest.approx(np.quantile(naive, 0.025), abs=0.004)
    assert hi == pytest.approx(np.quantile(naive, 0.975), abs=0.004)


@pytest.fixture(scope="module", params=[0.53, 0.30])
def flickr(request):
    d = synth.flickr_like(n_users=20_000, n_items=1_000, wom_share=request.param, seed=3)
    ad, social, pairs, (src, dst) = A.attribute(d["events"], d["edges"], d["items"], threads=2)
    placebo = A.placebo_null(ad, src, dst, n_draws=3, seed=5, threads=2)
    summ = A.wom_summary(ad, social, pairs, n_boot=200, n_perm=5, seed=3, placebo=placebo)
    return d, ad, social, summ


def test_flickr_rule_bias_is_chance_exposure_and_placebo_correction_recovers_truth(flickr):
    d, ad, social, s = flickr
    truth = d["truth"]["realised_wom_share"]
    # every true social adoption is found (a follower of an earlier adopter by construction) ...
    f = ad.frame().assign(social=social).merge(d["events"], on=["item_id", "user_id"])
    assert f.loc[f["channel"] == "social", "social"].all()
    # ... but random (editorial/other) adopters who happen to follow an earlier adopter are labelled social:
    # the rule is biased upwards by f (1 - w), f the chance-exposure rate (0.156 for this graph: popular
    # creators with many followers), beyond the 0.03 tolerance
    bias = s["wom_share"] - truth
    assert bias > 0.05
    assert bias == pytest.approx(s["placebo_share"] * (1 - truth), abs=0.01)
    # the placebo-corrected share is within 0.03 of the truth and closer than the raw share
    assert abs(s["wom_share_corrected"] - truth) < 0.03  # measured: 0.000 (w=0.53), 0.005 (w=0.30)
    assert abs(s["wom_share_corrected"] - truth) < abs(bias)
    # the time-shuffle null is below the observed share: the timing carries information
    assert s["null_wom_share"] < s["wom_share"] - 0.05 and s["excess_wom_share"] > 0.05
    assert s["wom_ci_low"] < s["wom_share"] < s["wom_ci_high"]


@pytest.mark.parametrize("flickr", [0.53], indirect=True)
def test_trajectory_rule_recovers_generator_classes(flickr):
    # the default thresholds are absolute and tuned to the generator at its default share 0.53
    d, ad, social, _ = flickr
    cls = A.classify_trajectories(ad, social, d["exposures"])
    codes = {v: k for k, v in d["truth"]["trajectory_codes"].items()}
    m = cls.merge(d["items"][["item_id", "true_trajectory"]], on="item_id").dropna(
        subset=["trajectory"]
    )
    acc = float((m["trajectory"] == m["true_trajectory"].astype(int).map(codes)).mean())
    assert acc > 0.8, acc  # measured 0.856
    summ = A.trajectory_summary(cls)
    assert summ["share_items"].sum() == pytest.approx(1.0)
    assert summ["share_adoptions"].sum() == pytest.approx(1.0)


def test_trajectory_rule_hand_worked():
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
    ad = A.Adoptions(
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


# ------------------------------------------------------------------------------------------ Bass, Hawkes


def test_bass_external_share_closed_form_matches_integral():
    p, q, F = 0.02, 0.4, 0.7
    x = np.linspace(0, F, 200_001)
    numeric = np.trapezoid(p / (p + q * x), x) / F
    assert A.bass_external_share(p, q, F) == pytest.approx(numeric, rel=1e-6)
    assert A.bass_external_share(0.1, 0.0) == 1.0


@pytest.mark.parametrize("p,q", [(0.01, 0.3), (0.05, 0.1)])
def test_bass_fit_recovers_parameters(p, q):
    rng = np.random.default_rng(2)
    t = A.bass_sample(3000, p, q, rng)
    t = t[t < 40]  # observed window: the curve is cut before saturation
    r = A.fit_bass(t)
    assert r["bass_p"] == pytest.approx(p, rel=0.15)
    assert r["bass_q"] == pytest.approx(
        q, rel=0.20
    )  # 3000 adopters: q varies by about 10% across seeds
    assert r["bass_m"] == pytest.approx(3000, rel=0.10)
    assert r["bass_external_share"] == pytest.approx(
        A.bass_external_share(p, q, t.size / 3000), abs=0.04
    )


def test_time_series_estimates_on_flickr_like_against_truth():
    # flickr_like is neither a Bass nor a Hawkes process: both are approximations of its external share
    d = synth.flickr_like(n_users=8_000, n_items=300, seed=4)
    _, s = A.external_shares(d["events"], d["items"], d["exposures"])
    truth = 1 - d["truth"]["realised_wom_share"]  # 0.470
    assert s["hawkes_external_share"] == pytest.approx(truth, abs=0.05)  # measured 0.450
    assert s["bass_external_share"] == pytest.approx(truth, abs=0.08)  # measured 0.491
    assert s["n_items_fitted"] > 200 and s["hawkes_background"] == "exposure"


def _hawkes_data(sim, n_items, T, tau=None):
    taus = np.full(n_items, np.nan if tau is None else tau)
    return A.hawkes_data(
        sim["item"].to_numpy(),
        sim["time"].to_numpy(),
        np.zeros(len(sim), bool),
        np.zeros(n_items),
        taus,
        T=np.full(n_items, T),
    )


def test_hawkes_fit_recovers_parameters_constant_background():
    rng = np.random.default_rng(4)
    sim = A.simulate_hawkes(400, mu=0.05, alpha=0.6, beta=0.5, T=200.0, rng=rng)
    r = A.fit_hawkes(_hawkes_data(sim, 400, 200.0), background="constant", shared_background=True)
    # measured: alpha 0.596, beta 0.519, mu 0.0506, external share 0.409 vs realised 0.407
    assert r["alpha"] == pytest.approx(0.6, abs=0.03)
    assert r["beta"] == pytest.approx(0.5, rel=0.1)
    assert r["mu"].mean() == pytest.approx(0.05, rel=0.05)
    assert r["external_share"] == pytest.approx(sim["immigrant"].mean(), abs=0.02)


@pytest.fixture(scope="module")
def exposure_sim():
    rng = np.random.default_rng(6)
    sim = A.simulate_hawkes(
        300, mu=0.02, alpha=0.5, beta=2.0, T=100.0, rng=rng, nu=20.0, delta=0.2, tau=30.0
    )
    return sim, _hawkes_data(sim, 300, 100.0, tau=30.0)


def test_hawkes_fit_recovers_parameters_exposure_background(exposure_sim):
    sim, d = exposure_sim
    r = A.fit_hawkes(d, background="exposure", shared_background=True)
    # measured: alpha 0.501, beta 2.065, delta 0.201, nu 20.08, mu 0.0201, external 0.500 vs 0.498
    assert r["alpha"] == pytest.approx(0.5, abs=0.03)
    assert r["beta"] == pytest.approx(2.0, rel=0.1)
    assert r["delta"] == pytest.approx(0.2, rel=0.1)
    assert r["nu"].mean() == pytest.approx(20.0, rel=0.05)
    assert r["mu"].mean() == pytest.approx(0.02, rel=0.1)
    assert r["external_share"] == pytest.approx(sim["immigrant"].mean(), abs=0.02)


def test_hawkes_per_item_background_biases_branching_ratio_low(exposure_sim):
    # per-item backgrounds are incidental parameters: they absorb part of the clustering (documented bias)
    sim, d = exposure_sim
    r = A.fit_hawkes(d, background="exposure", shared_background=False)
    assert 0.40 < r["alpha"] < 0.48  # measured 0.449 (truth 0.5)
    assert 0.0 < r["external_share"] - sim["immigrant"].mean() < 0.08  # measured +0.053


def test_hawkes_rejects_unknown_background():
    d = _hawkes_data(pd.DataFrame({"item": [0, 0], "time": [1.0, 2.0]}), 1, 3.0)
    with pytest.raises(
        ValueError, match="background must be 'constant' or 'exposure', got 'power'"
    ):
        A.fit_hawkes(d, background="power")


# ------------------------------------------------------------------------------------------ trees


def _tree_events(item, parent_of):
    rows = [(item, u, p) for u, p in parent_of.items()]
    df = pd.DataFrame(rows, columns=["item_id", "user_id", "parent_user_id"]).astype("string")
    return df


@pytest.mark.parametrize("n", [2, 5, 30])
def test_structural_virality_star_and_path(n):
    star = _tree_events("s", {"r": None, **{f"c{k}": "r" for k in range(n - 1)}})
    path = _tree_events("p", {"n0": None, **{f"n{k}": f"n{k - 1}" for k in range(1, n)}})
    t = A.tree_metrics(pd.concat([star, path])).set_index("item_id")
    # star: W = (n-1)^2 over n(n-1)/2 pairs -> 2(n-1)/n; path: W = n(n^2-1)/6 -> (n+1)/3
    assert t.loc["s", "structural_virality"] == pytest.approx(2 * (n - 1) / n)
    assert t.loc["p", "structural_virality"] == pytest.approx((n + 1) / 3)
    assert t.loc["s", "depth1_share"] == 1.0 and t.loc["s", "max_depth"] == 1
    assert (
        t.loc["p", "depth1_share"] == pytest.approx(1 / (n - 1))
        and t.loc["p", "max_depth"] == n - 1
    )


def test_structural_virality_matches_networkx_wiener_index():
    rng = np.random.default_rng(8)
    frames, expected = [], {}
    for k in range(20):
        n = int(rng.integers(2, 60))
        parents = {f"u{j}": (f"u{int(rng.integers(0, j))}" if j else None) for j in range(n)}
        frames.append(_tree_events(f"t{k}", parents))
        g = nx.Graph([(u, p) for u, p in parents.items() if p])
        expected[f"t{k}"] = nx.wiener_index(g) / (n * (n - 1) / 2)
    t = A.tree_metrics(pd.concat(frames)).set_index("item_id")
    for k, v in expected.items():
        assert t.loc[k, "structural_virality"] == pytest.approx(v)


def test_tree_with_missing_parent_hangs_from_root_and_summary_bins():
    ev = _tree_events("x", {"r": None, "a": "r", "b": "a", "c": "ghost"})
    t = A.tree_metrics(ev).set_index("item_id")
    # c's parent never adopted: c becomes a depth-1 child of the root; depths 1,2,1 -> shares 2/3, 1/3
    assert t.loc["x", "depth1_share"] == pytest.approx(2 / 3)
    assert t.loc["x", "structural_virality"] == pytest.approx((1 + 2 + 1 + 1 + 2 + 3) / 6)
    s = A.broadcast_summary(t.reset_index(), [2, 10, math.inf])
    assert s["size_bin"].tolist() == ["all", "[2,10)", "[10,inf)"]
    assert s["n_cascades"].tolist() == [1, 1, 0]


def test_tree_adoptions_label_broadcast_and_person_to_person():
    """Depth 1 (parent = source account) is broadcast (non-social); deeper is person to person."""
    events = pd.DataFrame(
        {
            "item_id": ["t1"] * 5 + ["t2"] * 2,
            "user_id": ["root", "a", "b", "c", "d", "r2", "x"],
            "time": [0.0, 1.0, 2.0, 3.0, 4.0, 0.0, 5.0],
            "parent_user_id": pd.array(
                [None, "root", "root", "a", "c", None, "r2"], dtype="string"
            ),
        }
    )
    items = pd.DataFrame({"item_id": ["t1", "t2"], "creator": ["root", "r2"]})
    out = A.tree_adoptions(events, items)
    assert out["seed"].tolist() == [True, False, False, False, False, True, False]
    assert out["social"].tolist() == [False, False, False, True, True, False, False]
    ad, social = A.adoptions_from_frame(out)
    assert int(social.sum()) == 2 and int(ad.seed.sum()) == 2
