"""Study B, Wu & Huberman: the fitted decay recovers the generator's a and b; the log-normal summary."""

import math

import numpy as np
import pytest

from virality import synth
from virality.prediction import decay
from virality.prediction.cascades import build_cascades
from virality.prediction.grid import make_grid

# --------------------------------------------------------------------------------------------------
# Wu & Huberman: the fitted decay recovers the generator's a and b


@pytest.mark.parametrize(("a", "b", "seed"), [(0.4, 0.4, 1), (0.3, 0.55, 2)])
def test_decay_fit_recovers_a_and_b_within_10_percent(a, b, seed):
    d = synth.digg_like(n_stories=800, a=a, b=b, n_steps=240, seed=seed)
    truth = d["truth"]
    cas = build_cascades(d["events"], d["items"])
    step = truth["step_seconds"]
    grid = make_grid(np.array([1.0]), "s", {"t_r": 240 * step, "t_i": [step], "decay_step": step})
    dec = decay.novelty_decay(cas, grid, n_boot=30, seed=3)
    assert dec["decay_a"] == pytest.approx(truth["a"], rel=0.10)
    assert dec["decay_b"] == pytest.approx(truth["b"], rel=0.10)
    # t is in hours (grid unit) and the generator's step is one hour, so the half-lives compare directly
    assert dec["half_life"] == pytest.approx(truth["half_life_steps"], rel=0.2)
    assert dec["decay_a_low"] < dec["decay_a"] < dec["decay_a_high"]
    assert dec["decay_c"] == pytest.approx(truth["mu"], rel=0.15)


def test_stretched_exponential_fit_is_exact_on_noise_free_points():
    t = np.arange(1, 200, dtype=float)
    g = 0.07 * np.exp(-0.5 * t**0.3)
    c, a, b = decay.fit_stretched_exponential(t, g)
    assert (c, a, b) == pytest.approx((0.07, 0.5, 0.3), rel=1e-6)
    assert decay.half_life(0.4, 0.4) == pytest.approx((math.log(2) / 0.4) ** 2.5)


def test_lognormal_summary_on_lognormal_and_on_uniform_samples():
    rng = np.random.default_rng(0)
    s = decay.lognormal_summary(np.exp(rng.normal(6.5, 0.66, 3000)))
    assert s["lognormal_mu"] == pytest.approx(6.5, abs=0.05)
    assert s["lognormal_sigma"] == pytest.approx(0.66, abs=0.03)
    assert s["normality_p"] > 0.01
    assert decay.lognormal_summary(np.exp(rng.uniform(0, 10, 3000)))["normality_p"] < 0.001
