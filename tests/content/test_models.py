"""Tests of Study C's models and comparisons (virality.content.models, .compare)."""

import math

import numpy as np
import pandas as pd
import pytest

from virality import contracts
from virality.content.compare import directions, measure_agreement
from virality.content.models import (
    ModelParams,
    cv_auc,
    fit_logit,
    fit_models,
    fit_ols_log,
    separates,
)


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
    assert list(odds.columns) == contracts.columns("content_emotion_odds")
    assert set(odds["model"]) == {"no_controls", "controls", "controls_cut1400"}
    awe = odds[odds["feature"] == "awe"]
    assert len(awe) == 3 and awe["odds_ratio_per_sd"].isna().all()  # reported, not estimable
    assert "toy: not estimable (no variation or too few items): awe" in res["notes"]
    anger = odds[(odds["feature"] == "anger") & (odds["model"] == "controls")].iloc[0]
    assert anger["ci_low"] > 1.2
    assert list(res["prediction"]["features"]) == ["controls", "controls+emotions", "emotions"]
    d = directions(odds).set_index("feature")
    assert d.loc["anger", "verdict"] == "holds" and d.loc["awe", "verdict"] == "not estimable"


def test_directions_verdicts():
    odds = pd.DataFrame(
        {
            "dataset": "d",
            "synthetic": False,
            "model": "controls",
            "feature": ["awe", "anger", "sadness", "positivity"],
            "odds_ratio_per_sd": [1.2, 0.8, 1.05, 0.97],
            "ci_low": [1.1, 0.7, 0.9, 0.9],
            "ci_high": [1.3, 0.9, 1.2, 1.05],
            "p_value": 0.01,
            "n": 10,
        }
    )
    v = directions(odds).set_index("feature")["verdict"].to_dict()
    assert v == {
        "awe": "holds",
        "anger": "opposite",
        "sadness": "not significant (opposite sign)",
        "positivity": "not significant (opposite sign)",
    }


def test_measure_agreement_spearman():
    feats = pd.DataFrame({"item_id": ["a", "b", "c", "d"], "positivity": [1.0, 2.0, 3.0, 4.0]})
    items = pd.DataFrame(
        {
            "item_id": ["d", "c", "b", "a"],
            "cov_title_sentiment_polarity": [9.0, 5.0, 1.0, 0.0],
            "cov_num_imgs": [1.0, 2.0, 3.0, 4.0],
        }
    )
    a = measure_agreement(feats, items, "m", False, ours=("positivity",))
    assert a[["their_column", "spearman_rho", "n"]].values.tolist() == [
        ["cov_title_sentiment_polarity", 1.0, 4]
    ]


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


def test_degenerate_data_give_notes_not_crashes():
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
    assert list(res["odds"].columns) == contracts.columns("content_emotion_odds")
    assert (
        "tiny: model controls failed (LinAlgError: Singular matrix); reported as NaN"
        in res["notes"]
    )
    assert len(res["odds"]) == 4 and res["odds"]["odds_ratio_per_sd"].isna().all()
    assert res["prediction"]["auc_mean"].isna().all()
