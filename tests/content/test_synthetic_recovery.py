"""Tests of Study C on synthetic NYT-like data: set odds ratios are recovered, omitting exposure biases."""

import math

import numpy as np
import pytest

from virality import synth
from virality.content.design import prepare_controls
from virality.content.models import MODEL_FEATURES, fit_logit
from virality.content.text import extract_features, make_lexicons


def _nyt(odds, seed, n=7000):
    d = synth.nyt_like(n_articles=n, odds_ratios=odds, seed=seed)
    items = d["items"]
    f = extract_features(items, make_lexicons(None, {}))
    assert set(f["feature_source"]) == {"given"}
    feats = f[[k for k in MODEL_FEATURES if f[k].notna().any()]]
    ctr, _ = prepare_controls(items)
    y = items["outcome"].to_numpy()
    with_exp = fit_logit(y, feats, ctr).set_index("feature")
    without = fit_logit(y, feats, ctr.drop(columns=["cov_homepage_hours"])).set_index("feature")
    return d["truth"]["odds_ratios_per_sd"], with_exp, without


# Each 95% interval misses its truth in about 1 draw in 20 (seen: 4 misses in 48 over 8 draws); the seeds are
# fixed so the tests are deterministic.
@pytest.fixture(scope="module")
def published_truth():
    return _nyt(None, seed=20091)


def test_synthetic_recovery_published_odds_ratios(published_truth):
    truth, est, _ = published_truth
    assert truth == pytest.approx(
        {
            "awe": 1.30,
            "anger": 1.34,
            "anxiety": 1.21,
            "sadness": 0.84,
            "positivity": 1.13,
            "emotionality": 1.18,
        }
    )
    for f in ("awe", "anger", "anxiety", "sadness", "positivity", "emotionality"):
        lo, hi = est.loc[f, "ci_low"], est.loc[f, "ci_high"]
        assert lo <= truth[f] <= hi, (f, lo, hi)
        assert hi / lo < 1.25  # n = 7000 gives intervals of about +-7%
    assert est.loc["awe", "n"] == 7000


def test_synthetic_recovery_other_odds_ratios():
    odds = {
        "awe": 1.6,
        "anger": 0.8,
        "anxiety": 1.0,
        "sadness": 1.25,
        "positivity": 0.9,
        "emotionality": 1.1,
    }
    truth, est, _ = _nyt(odds, seed=1)
    for f, v in odds.items():
        assert est.loc[f, "ci_low"] <= v <= est.loc[f, "ci_high"], f
    assert est.loc["anxiety", "p_value"] > 0.05  # a null effect is not found significant here
    assert est.loc["awe", "p_value"] < 1e-10


def test_omitting_homepage_exposure_inflates_awe_and_anger(published_truth):
    truth, est, without = published_truth
    ratio = without["odds_ratio_per_sd"] / est["odds_ratio_per_sd"]
    # editors feature arousing (angry, awe-inspiring) stories: without exposure those estimates absorb it
    assert ratio["awe"] > 1.08 and ratio["anger"] > 1.08
    assert without.loc["anger", "odds_ratio_per_sd"] > truth["anger"] * 1.05
    assert without.loc["awe", "odds_ratio_per_sd"] > truth["awe"] * 1.05
    for f in ("anxiety", "sadness", "positivity", "emotionality"):
        assert abs(math.log(ratio[f])) < 0.04, f


def test_homepage_exposure_recovered_per_sd_of_log_hours():
    # the generator's truth (1.8) is per s.d. of log hours; the controls take log of the skewed positive
    # hours, so the reported odds ratio is on that scale. Five draws: at seed 20091 the interval just misses
    # (lower end 1.80008), so the test asks for 4 of 5 and an unbiased mean.
    logs, covered = [], 0
    for seed in range(1, 6):
        d = synth.nyt_like(n_articles=7000, seed=seed)
        f = extract_features(d["items"], make_lexicons(None, {}))
        ctr, _ = prepare_controls(d["items"])
        feats = f[list(d["truth"]["odds_ratios_per_sd"])]
        res = fit_logit(d["items"]["outcome"].to_numpy(), feats, ctr, report=["cov_homepage_hours"])
        row = res.set_index("feature").loc["cov_homepage_hours"]
        covered += row["ci_low"] <= 1.8 <= row["ci_high"]
        logs.append(math.log(row["odds_ratio_per_sd"]))
    assert covered >= 4
    assert abs(np.mean(logs) - math.log(1.8)) < 0.05
