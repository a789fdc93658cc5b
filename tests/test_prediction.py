"""Study B: the estimators on hand-worked inputs, recovery of known truth, and the study's table contract."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import integrate

from virality import prediction as P
from virality import synth

# --------------------------------------------------------------------------------------------------
# Wu & Huberman: the fitted decay recovers the generator's a and b


@pytest.mark.parametrize(("a", "b", "seed"), [(0.4, 0.4, 1), (0.3, 0.55, 2)])
def test_decay_fit_recovers_a_and_b_within_10_percent(a, b, seed):
    d = synth.digg_like(n_stories=800, a=a, b=b, n_steps=240, seed=seed)
    truth = d["truth"]
    cas = P.build_cascades(d["events"], d["items"])
    step = truth["step_seconds"]
    grid = P.make_grid(np.array([1.0]), "s", {"t_r": 240 * step, "t_i": [step], "decay_step": step})
    dec = P.novelty_decay(cas, grid, n_boot=30, seed=3)
    assert dec["decay_a"] == pytest.approx(truth["a"], rel=0.10)
    assert dec["decay_b"] == pytest.approx(truth["b"], rel=0.10)
    # t is in hours (grid unit) and the generator's step is one hour, so the half-lives compare directly
    assert dec["half_life"] == pytest.approx(truth["half_life_steps"], rel=0.2)
    assert dec["decay_a_low"] < dec["decay_a"] < dec["decay_a_high"]
    assert dec["decay_c"] == pytest.approx(truth["mu"], rel=0.15)


def test_stretched_exponential_fit_is_exact_on_noise_free_points():
    t = np.arange(1, 200, dtype=float)
    g = 0.07 * np.exp(-0.5 * t**0.3)
    c, a, b = P.fit_stretched_exponential(t, g)
    assert (c, a, b) == pytest.approx((0.07, 0.5, 0.3), rel=1e-6)
    assert P.half_life(0.4, 0.4) == pytest.approx((math.log(2) / 0.4) ** 2.5)


def test_lognormal_summary_on_lognormal_and_on_uniform_samples():
    rng = np.random.default_rng(0)
    s = P.lognormal_summary(np.exp(rng.normal(6.5, 0.66, 3000)))
    assert s["lognormal_mu"] == pytest.approx(6.5, abs=0.05)
    assert s["lognormal_sigma"] == pytest.approx(0.66, abs=0.03)
    assert s["normality_p"] > 0.01
    assert P.lognormal_summary(np.exp(rng.uniform(0, 10, 3000)))["normality_p"] < 0.001


# --------------------------------------------------------------------------------------------------
# Szabo & Huberman: the three predictors on a hand-worked example

X = np.array([1.0, 2.0, 4.0])  # N(t_i)
Y = np.array([2.0, 4.0, 4.0])  # N(t_r); x/y = 1/2, 1/2, 1


def test_cs_closed_form_and_its_relative_error():
    alpha = P.fit_cs(X, Y)
    assert alpha == pytest.approx(2.0 / 1.5)  # sum(x/y) / sum((x/y)^2) = 2 / 1.5
    assert P.rse(alpha * X, Y) == pytest.approx([1 / 9, 1 / 9, 1 / 9])
    # it minimises the training relative squared error
    base = P.rse(alpha * X, Y).sum()
    for da in (-0.01, 0.01):
        assert P.rse((alpha + da) * X, Y).sum() > base


def test_gp_is_the_mean_growth_profile():
    assert P.fit_gp(X, Y) == pytest.approx(2 / 3)
    assert X / P.fit_gp(X, Y) == pytest.approx([1.5, 3.0, 6.0])


def test_ln_offset_variance_and_correction():
    beta0, s2 = P.fit_ln(X, Y)
    ln2 = math.log(2)
    assert beta0 == pytest.approx(2 * ln2 / 3)
    assert s2 == pytest.approx(2 * ln2**2 / 9)
    assert P.predict_ln(X, beta0, s2) == pytest.approx(X * math.exp(2 * ln2 / 3 + ln2**2 / 9))


def test_pearson_log_and_counts_at():
    assert P.pearson_log([1, math.e, math.e**2], [1, math.e**2, math.e**4]) == pytest.approx(1.0)
    ev = pd.DataFrame(
        {"item_id": ["a", "a", "a", "b", "b"], "user_id": list("uvwxy"), "time": [10, 11, 20, 5, 5]}
    )
    cas = P.build_cascades(ev)
    assert cas.counts_at([0, 1, 10]).tolist() == [[1, 2, 3], [2, 2, 2]]
    assert cas.start.tolist() == [10, 5]


def test_grid_rejects_indicator_times_beyond_the_reference_time():
    with pytest.raises(
        ValueError, match=r"indicator times must lie in \(0, t_r=100\); got \[50.0, 150.0\]"
    ):
        P.make_grid(np.array([1.0]), "s", {"t_r": 100, "t_i": [50, 150]})
    g = P.make_grid(np.array([10.0, 20.0, 30.0, 40.0, 50.0]), "unknown", None)
    assert g.t_r == pytest.approx(40.0) and g.relative and g.unit_seconds == 1.0
    assert g.t_i[0] == pytest.approx(0.4)


# --------------------------------------------------------------------------------------------------
# SEISMIC


def test_kernel_is_a_density_with_the_papers_constant():
    k = P.Kernel(theta=0.242, s0=300.0)
    assert k.c == pytest.approx(6.49e-4, rel=2e-3)
    assert float(k.cdf(1e30)) == pytest.approx(1.0, abs=1e-6)
    for s in (100.0, 300.0, 5000.0):
        num, _ = integrate.quad(lambda v: float(k.pdf(v)), 0, s, points=[300.0], limit=200)
        assert float(k.cdf(s)) == pytest.approx(num, rel=1e-6)
        m1, _ = integrate.quad(lambda v: v * float(k.pdf(v)), 0, s, points=[300.0], limit=200)
        assert float(k.first_moment(s)) == pytest.approx(m1, rel=1e-6)


def _seismic_by_quadrature(times, followers, t, kernel, w):
    """Direct reading of the estimator: triangular kernel weights and integrals by quadrature."""
    times, followers = np.asarray(times, float), np.asarray(followers, float)
    num = sum(1 - (t - s) / w for s in times[1:] if t - w <= s < t)
    den = 0.0
    for s, n in zip(times, followers, strict=True):
        if s < t:
            f = lambda u, s=s: (1 - (t - u) / w) * float(kernel.pdf(u - s))  # noqa: E731
            val, _ = integrate.quad(f, max(t - w, s), t, points=[s + kernel.s0], limit=200)
            den += n * val
    p = num / den
    future = sum(
        n * (1 - float(kernel.cdf(t - s))) for s, n in zip(times, followers, strict=True) if s <= t
    )
    return p, future


def test_seismic_features_match_a_direct_quadrature():
    k = P.Kernel()
    times = [0.0, 40.0, 200.0, 650.0, 900.0, 1500.0, 1700.0, 2500.0, 3000.0]
    foll = [1000, 20, 300, 5, 80, 40, 10, 700, 3]
    ev = pd.DataFrame(
        {"item_id": "x", "user_id": [f"u{i}" for i in range(9)], "time": times, "followers": foll}
    )
    cas = P.build_cascades(ev)
    t = 3600.0
    # window clip(t/2, 300, 7200) = 1800 s holds 2 reshares (< 5): it widens back to the 5th-last reshare
    # but one (age 650, as in the R package), w = 3600 - 650
    f = P.seismic_features(cas, t, k)
    p, future = _seismic_by_quadrature(times, foll, t, k, 2950.0)
    assert f["p_hat"].iloc[0] == pytest.approx(p, rel=1e-6)
    assert f["future"].iloc[0] == pytest.approx(future, rel=1e-9)
    assert f["n_obs"].iloc[0] == 9
    pred = P.seismic_predict(f, n_star=50.0)[0]
    assert pred == pytest.approx(9 + p * future / (1 - p * 50.0))
    assert P.seismic_predict(f, n_star=2.0 / p)[0] == np.inf  # supercritical


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_seismic_recovers_the_infectiousness_of_a_simulated_cascade(seed):
    p_true = 0.003

    def followers(rng, k):
        return np.round(rng.lognormal(math.log(100), 1.0, k))

    sim = P.simulate_seismic_cascade(p_true, 1_000_000, followers, horizon=1e10, seed=seed)
    ev = pd.DataFrame(
        {
            "item_id": "c",
            "user_id": [f"u{i}" for i in range(len(sim))],
            "time": sim["time"],
            "followers": sim["followers"],
        }
    )
    cas = P.build_cascades(ev)
    n_star = math.exp(math.log(100) + 0.5)  # mean of the follower law
    for t in (3600.0, 6 * 3600.0):
        f = P.seismic_features(cas, t)
        assert f["p_hat"].iloc[0] == pytest.approx(p_true, rel=0.15)
        assert P.seismic_predict(f, n_star)[0] == pytest.approx(len(sim), rel=0.15)
        assert f["n_obs"].iloc[0] < 0.7 * len(
            sim
        )  # a real forecast: most of the cascade is still to come


def test_seismic_calibration_has_the_closed_form_alpha():
    feats = pd.DataFrame({"n_obs": [1.0, 2.0], "p_hat": [0.5, 0.5], "future": [2.0, 4.0]})
    y = np.array([3.0, 6.0])  # gamma = 0: B = p future = 1, 2; alpha = 2 gives y exactly
    alpha, gamma = P.fit_seismic_calibration(feats, y, n_star=1.0, gammas=(0.0,))
    assert (alpha, gamma) == pytest.approx((2.0, 0.0))


# --------------------------------------------------------------------------------------------------
# the study on one data set


@pytest.fixture(scope="module")
def digg_tables():
    d = synth.digg_like(n_stories=300, n_steps=120, seed=4)
    spec = {
        "t_r": 120 * 3600.0,
        "t_i": [3600.0, 4 * 3600.0, 24 * 3600.0, 72 * 3600.0],
        "decay_step": 3600.0,
        "observed_until": 120 * 3600.0,
    }
    kw = dict(
        dataset="digg_synth", synthetic=True, time_unit="s", grid_spec=spec, n_boot=10, seed=5
    )
    return P.run_study(d["events"], d["items"], **kw), P.run_study(d["events"], d["items"], **kw)


def test_study_tables_follow_the_contract_and_are_deterministic(digg_tables):
    a, b = digg_tables
    assert list(a["novelty"].columns) == P.NOVELTY_COLUMNS
    assert list(a["correlation"].columns) == P.CORRELATION_COLUMNS
    assert list(a["error"].columns) == P.ERROR_COLUMNS
    assert list(a["limits"].columns) == P.LIMITS_COLUMNS
    for k in a:
        pd.testing.assert_frame_equal(a[k], b[k])
    nov = a["novelty"].iloc[0]
    assert nov["n_items"] == 300 and nov["half_life_unit"] == "h" and bool(nov["synthetic"])
    assert set(a["error"]["predictor"]) == set(P.PREDICTORS)
    assert (a["error"]["n_test"] == 150).all()


def test_correlation_rises_and_error_falls_with_the_indicator_time(digg_tables):
    tabs, _ = digg_tables
    r = tabs["correlation"]["pearson_r_log"].to_numpy()
    assert np.all(np.diff(r) > 0) and r[0] > 0.9
    for name in ("LN", "CS", "GP", "GBM"):
        e = tabs["error"].query("predictor == @name")["rse_mean"].to_numpy()
        assert np.all(np.diff(e) < 0), name
    lim = tabs["limits"]
    assert lim.query("information == 'ex_ante'")["r2"].iloc[0] < 0.05  # nothing is known ex ante
    assert lim.query("information == 'early'")["r2"].min() > 0.8


def test_too_few_items_leave_only_seismic():
    ev = pd.DataFrame(
        {
            "item_id": "one",
            "user_id": [f"u{i}" for i in range(30)],
            "time": np.linspace(0, 7200, 30),
            "followers": 100.0,
        }
    )
    tabs = P.run_study(
        ev, None, "one", False, "s", {"t_r": 7000, "t_i": [600, 3600]}, n_boot=0, min_items=20
    )
    assert tabs["error"]["predictor"].tolist() == ["SEISMIC", "SEISMIC"]
    assert tabs["novelty"]["n_items"].iloc[0] == 1
    assert len(tabs["limits"]) == 0


def test_parent_links_give_depth_and_breadth():
    ev = pd.DataFrame(
        {
            "item_id": "t",
            "user_id": ["r", "a", "b", "c", "d"],
            "parent_user_id": [None, "r", "r", "a", "c"],
            "time": [0.0, 1.0, 2.0, 3.0, 4.0],
        }
    )
    cas = P.build_cascades(ev)
    depth = P._depths(cas.parent)
    assert depth.tolist() == [0, 1, 1, 2, 3]
    f = P.early_features(cas, 3.5, depth)
    assert f[["depth_max", "breadth_max", "root_children"]].iloc[0].tolist() == [2.0, 2.0, 2.0]


def test_activity_clock_runs_at_the_mean_rate():
    wall, act = P.activity_clock(np.array([0.0, 1.0, 2.0, 3.0, 4.0, 10.0]))
    # 6 events over 10 s: 0.6 events per second; the busy first 4 s hold 5 events = 8.33 activity-seconds
    assert np.interp(4.0, wall, act) == pytest.approx(4 / 0.6)
    assert np.interp(10.0, wall, act) == pytest.approx(5 / 0.6)


def test_activity_clock_comparison_needs_items_that_live_at_different_times():
    rng = np.random.default_rng(3)
    rows = []
    for i in range(60):
        start = rng.uniform(0, 50_000)
        ages = np.sort(rng.exponential(3_000, 30))
        rows += [(f"i{i}", f"u{i}_{k}", start + a) for k, a in enumerate(ages)]
    ev = pd.DataFrame(rows, columns=["item_id", "user_id", "time"])
    grid = P.make_grid(np.array([1.0]), "s", {"t_r": 20_000, "t_i": [1_000, 5_000]})
    cas = P.build_cascades(ev)
    tab = P.clock_comparison(ev, None, cas, grid, "x", True, min_items=10)
    assert list(tab.columns) == P.CLOCK_COLUMNS
    assert set(tab["clock"]) == {"wall", "activity"}
    assert tab[["rse_mean_LN", "rse_mean_CS", "rse_mean_GP"]].notna().all().all()
    # every item starting at time 0 (retweet delays): there is no platform clock to speak of
    ev0 = ev.assign(time=ev["time"] - ev.groupby("item_id")["time"].transform("min"))
    assert (
        len(P.clock_comparison(ev0, None, P.build_cascades(ev0), grid, "x", True, min_items=10))
        == 0
    )


def test_deterministic_subsample_is_seeded_and_capped():
    mask = np.ones(100, dtype=bool)
    a = P.deterministic_subsample(mask, 30, seed=1)
    assert a.sum() == 30
    assert np.array_equal(a, P.deterministic_subsample(mask, 30, seed=1))
    assert not np.array_equal(a, P.deterministic_subsample(mask, 30, seed=2))
    assert P.deterministic_subsample(mask, 0, seed=1).sum() == 100
