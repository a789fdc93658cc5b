"""Tests of Study C's models and comparisons (virality.content.models, .compare)."""

import math

import numpy as np
import pandas as pd
import pytest

from virality import contracts
from virality.content.compare import directions, measure_agreement, robustness
from virality.content.fits import ModelParams, fit_models
from virality.content.models import cv_auc, fit_logit, fit_ols_log, holm, separates

ODDS_COLUMNS = contracts.columns("content_emotion_odds", ("instrument", "p_holm"))


def test_ols_log_outcome_and_cv_auc():
    rng = np.random.default_rng(3)
    n = 3000
    x = rng.normal(size=n)
    shares = np.round(np.exp(5 + 0.3 * x + rng.normal(0, 0.5, n)))
    res = fit_ols_log(shares, pd.DataFrame({"awe": x})).set_index("feature")
    assert res.loc["awe", "coef_per_sd"] == pytest.approx(0.3, abs=0.03)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-1 + 1.5 * x)))).astype(float)
    auc, sd = cv_auc(pd.DataFrame({"x": x}), y, seed=1)
    noise, _ = cv_auc(pd.DataFrame({"z": rng.normal(size=n)}), y, seed=1)
    assert auc > 0.8 and sd < 0.05 and abs(noise - 0.5) < 0.05


def test_fit_models_tables_and_not_estimable_feature():
    rng = np.random.default_rng(5)
    n = 2000
    anger = rng.poisson(0.5, n).astype(float) * 10
    feats = pd.DataFrame(
        {
            "item_id": [f"i{i:04d}" for i in range(n)],
            "feature_source": "lexicon",
            "anger": anger,
            "awe": 0.0,
            "positivity": rng.normal(size=n),
        }
    )
    lin = -2.5 + 0.5 * (anger - anger.mean()) / anger.std()
    outcome = np.where(rng.random(n) < 1 / (1 + np.exp(-lin)), 5000.0, 100.0) + rng.integers(
        0, 50, n
    )
    items = pd.DataFrame(
        {
            "item_id": feats["item_id"],
            "outcome": outcome,
            "cov_weekday_tue": (rng.random(n) < 0.2).astype(float),
        }
    )
    p = ModelParams(model_features=("positivity", "awe", "anger"), fixed_cut=1400, seed=2)
    res = fit_models(feats, items, "toy", False, "count", p)
    odds = res["odds"]
    assert list(odds.columns) == ODDS_COLUMNS
    # controls_nrc: the headline model is the NRC instrument's own, its rows copied
    assert set(odds["model"]) == {"no_controls", "controls", "controls_cut1400", "controls_nrc"}
    assert set(odds["instrument"]) == {"nrc"}
    awe = odds[odds["feature"] == "awe"]
    assert len(awe) == 4 and awe["odds_ratio_per_sd"].isna().all()  # reported, not estimable
    assert "toy: not estimable (no variation or too few items): awe" in res["notes"]
    anger = odds[(odds["feature"] == "anger") & (odds["model"] == "controls")].iloc[0]
    assert anger["ci_low"] > 1.2
    assert list(res["prediction"]["features"]) == ["controls", "controls+emotions", "emotions"]
    d = directions(odds).set_index("feature")
    assert d.loc["anger", "verdict"] == "holds" and d.loc["awe", "verdict"] == "not estimable"


def test_holm_adjustment():
    # Holm (1979): sorted p 0.01, 0.02, 0.04 -> 3 x 0.01, 2 x 0.02, 1 x 0.04 (monotone); NaN stays out
    assert holm([0.04, 0.01, np.nan, 0.02]).round(6).tolist()[:2] == [0.04, 0.03]
    assert (
        np.isnan(holm([0.04, 0.01, np.nan, 0.02])[2])
        and holm([0.04, 0.01, np.nan, 0.02])[3] == 0.04
    )


def test_directions_verdicts_read_the_holm_adjusted_p():
    odds = pd.DataFrame(
        {
            "dataset": "d",
            "synthetic": False,
            "model": "controls",
            "feature": ["awe", "anger", "sadness", "positivity", "anxiety"],
            "odds_ratio_per_sd": [1.2, 0.8, 1.05, 0.97, 1.1],
            "ci_low": [1.1, 0.7, 0.9, 0.9, 1.01],
            "ci_high": [1.3, 0.9, 1.2, 1.05, 1.2],
            "p_value": [0.001, 0.001, 0.5, 0.4, 0.03],
            "p_holm": [0.005, 0.005, 1.0, 1.0, 0.09],
            "n": 10,
            "instrument": "nrc",
        }
    )
    v = directions(odds).set_index("feature")
    assert v["verdict"].to_dict() == {
        "awe": "holds",
        "anger": "opposite",
        "sadness": "not significant (opposite sign)",
        "positivity": "not significant (opposite sign)",
        # significant before the adjustment (p = 0.03, interval above 1), not after (Holm p = 0.09)
        "anxiety": "not significant (same sign)",
    }
    assert list(v.columns[-3:]) == ["instrument", "p_value", "p_holm"]


def test_robustness_says_which_directions_hold_under_every_instrument():
    rows = []
    for inst, ors, ps in [
        ("nrc", [1.2, 1.1, 0.9], [0.001, 0.001, 0.2]),
        ("vader", [1.15, 0.9, np.nan], [0.001, 0.01, np.nan]),
    ]:
        for f, o, p in zip(["positivity", "emotionality", "sadness"], ors, ps, strict=True):
            rows.append(("d", False, f"controls_{inst}", f, o, o * 0.9, o * 1.1, p, 100, p, inst))
    cols = [*contracts.columns("content_emotion_odds"), "p_holm", "instrument"]
    odds = pd.DataFrame(rows, columns=cols)
    r = robustness(directions(odds, models=("controls_nrc", "controls_vader")))
    assert list(r.columns) == contracts.columns("content_robustness")
    r = r.set_index("feature")
    assert (
        r["conclusion"].to_dict()
        == {
            "emotionality": "instruments disagree in sign",
            "positivity": "holds under every instrument",
            "sadness": "not significant, one instrument only",  # VADER has no sadness: NaN, not estimable
        }
    )
    assert r.loc["positivity", "odds_ratios"] == "nrc 1.20, vader 1.15"


def test_measure_agreement_between_instruments_and_with_the_data():
    feats = pd.DataFrame(
        {
            "item_id": ["a", "b", "c", "d", "e"],
            "positivity": [1.0, 2.0, 0.0, 4.0, 0.0],
            "positivity_vader": [0.1, 0.3, 0.2, 0.5, 0.0],
            "valence_nrc_vad": [0.6, 0.7, np.nan, 0.9, 0.5],
        }
    )
    items = pd.DataFrame(
        {
            "item_id": ["e", "d", "c", "b", "a"],
            "cov_title_sentiment_polarity": [-1.0, 9.0, 5.0, 1.0, 0.0],
            "cov_num_imgs": [1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    a = measure_agreement(feats, items, "m", False, ours=("positivity",))
    a = a.set_index(["feature", "their_column"])
    pv = a.loc[("positivity", "positivity_vader")]
    assert pv["construct"] == "positivity" and pv["their_instrument"] == "vader"
    # all five items: ranks (3, 4, 1.5, 5, 1.5) vs (2, 4, 3, 5, 1), rho = 8 / sqrt(9.5 * 10); the three
    # items both score: rho = 1
    assert pv["spearman_rho"] == pytest.approx(8 / math.sqrt(95)) and pv["n"] == 5
    assert pv["spearman_rho_scored"] == 1.0 and pv["n_scored"] == 3
    assert a.loc[("positivity", "valence_nrc_vad"), "n"] == 4  # NaN = no rated word
    own = a.loc[("positivity", "cov_title_sentiment_polarity")]
    # ranks (3, 4, 1.5, 5, 1.5) vs the polarity's (2, 3, 4, 5, 1): rho = 5.5 / sqrt(95)
    assert own["construct"] == "data's own sentiment"
    assert own["spearman_rho"] == pytest.approx(5.5 / math.sqrt(95))
    assert ("positivity", "cov_num_imgs") not in a.index


def test_separating_control_is_dropped_and_logit_converges():
    rng = np.random.default_rng(9)
    n = 1500
    x = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-1.5 + 0.4 * x)))).astype(float)
    manual_rt = np.zeros(n)
    manual_rt[np.flatnonzero(y == 0)[:25]] = 1.0  # 25 items, none viral
    assert separates(manual_rt, y) and not separates((rng.random(n) < 0.3).astype(float), y)
    res = fit_logit(y, pd.DataFrame({"anger": x}), pd.DataFrame({"cov_manual_rt": manual_rt}))
    assert res.loc[0, "odds_ratio_per_sd"] == pytest.approx(math.exp(0.4), rel=0.15)


def test_degenerate_data_give_skips_not_crashes():
    # 12 items, two identical feature columns of a constant-but-one kind and folds > viral items
    feats = pd.DataFrame(
        {
            "item_id": [f"i{i}" for i in range(12)],
            "feature_source": "lexicon",
            "anger": [0.0] * 11 + [5.0],
            "sadness": [0.0] * 11 + [5.0],
        }
    )
    items = pd.DataFrame({"item_id": feats["item_id"], "outcome": [0.0] * 6 + [1.0] * 6})
    p = ModelParams(model_features=("anger", "sadness"), min_nonzero=1, cv_folds=13)
    res = fit_models(feats, items, "tiny", False, "binary", p)
    assert list(res["odds"].columns) == ODDS_COLUMNS
    steps = {s.step: s.reason for s in res["skips"]}
    assert steps["model controls"] == (
        "ValueError: rank-deficient design: sadness linear in the other regressors"
    )
    assert steps["cv_auc"] == "fewer viral or non-viral items than 13 folds"
    assert res["odds"]["odds_ratio_per_sd"].isna().all() and len(res["prediction"]) == 0


def test_perfect_separation_is_a_skip_not_a_huge_odds_ratio():
    rng = np.random.default_rng(1)
    n = 200
    feats = pd.DataFrame(
        {
            "item_id": [f"i{i}" for i in range(n)],
            "feature_source": "lexicon",
            "anger": rng.normal(size=n),
        }
    )
    items = pd.DataFrame(
        {"item_id": feats["item_id"], "outcome": (feats["anger"] > 1.0).astype(float)}
    )
    res = fit_models(feats, items, "sep", False, "binary", ModelParams(model_features=("anger",)))
    steps = {s.step: s.reason for s in res["skips"]}
    # viral = anger > 1 exactly: the maximum-likelihood slope is infinite; reported as NaN with a reason
    assert steps["model no_controls"] == (
        "ValueError: did not converge (1 regressors, 17 viral of 200; separation or too few items)"
    )
    assert res["odds"]["odds_ratio_per_sd"].isna().all()


def test_negative_outcomes_use_asinh_and_say_so():
    # issue 11, defect 7: with outcome = points - 50 the log(1 + outcome) OLS silently kept 74 of 300 items
    rng = np.random.default_rng(7)
    n = 300
    anger = rng.poisson(1.0, n) * 10.0
    points = np.round(np.exp(3.5 + 0.02 * anger + rng.normal(0, 1, n)))
    feats = pd.DataFrame(
        {"item_id": [f"i{i:03d}" for i in range(n)], "feature_source": "lexicon", "anger": anger}
    )
    items = pd.DataFrame({"item_id": feats["item_id"], "outcome": points - 50})
    res = fit_models(feats, items, "neg", False, "count", ModelParams(model_features=("anger",)))
    ols = res["ols"].iloc[0]
    assert ols["model"] == "ols_asinh_controls" and ols["n"] == 300
    first = int(np.flatnonzero(points - 50 < 0)[0])
    note = (
        f"neg: {int((points < 50).sum())} negative outcomes (first: item i{first:03d}, "
        f"{points[first] - 50:g}): the OLS uses asinh(outcome), not log(1 + outcome)"
    )
    assert note in res["notes"]
    assert res["odds"].loc[res["odds"]["model"] == "controls", "n"].iloc[0] == 300
    pos = fit_models(
        feats,
        items.assign(outcome=points),
        "pos",
        False,
        "count",
        ModelParams(model_features=("anger",)),
    )
    assert pos["ols"]["model"].tolist() == ["ols_log1p_controls"]
