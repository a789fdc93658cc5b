"""Tests of Study C (virality.content): tokeniser, negation, features, outcome, controls, models, recovery."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from virality import content as C
from virality import synth

BOUNDARY = C.BOUNDARY

# a tiny hand-made lexicon: every number below is worked out by hand from it
EMO = pd.DataFrame(
    [
        ("happy", {"positive", "joy"}),
        ("terrible", {"negative", "fear", "anger"}),
        ("sad", {"negative", "sadness"}),
        ("wonderful", {"positive", "joy", "surprise"}),
        ("cheer", {"positive", "joy", "surprise"}),
        ("cry", {"negative", "sadness"}),
    ],
    columns=["word", "cats"],
)
EMO = pd.concat(
    [
        EMO[["word"]],
        pd.DataFrame({c: EMO["cats"].map(lambda s, c=c: int(c in s)) for c in C.EMOTION_COLUMNS}),
    ],
    axis=1,
)
VAD = pd.DataFrame(
    {
        "word": ["happy", "terrible", "wonderful", "cheer", "day"],
        "valence": [0.9, 0.1, 0.95, 0.8, 0.6],
        "arousal": [0.6, 0.8, 0.7, 0.5, 0.3],
        "dominance": [0.5, 0.5, 0.5, 0.5, 0.5],
    }
)


@pytest.fixture(scope="module")
def lex():
    return C.make_lexicons(EMO, {"nrc_vad": VAD, "warriner": None}, ["nrc_vad", "warriner"])


def test_tokenize_real_tokenizer_urls_hashtags_clauses():
    toks = C.tokenize("Don't panic!!! It's AMAZING... http://x.co/abc #WOW &amp; drone-pilots 2016")
    assert toks == [
        "don't",
        "panic",
        BOUNDARY,
        "it's",
        "amazing",
        BOUNDARY,
        "wow",
        "drone",
        "pilots",
    ]
    assert C.tokenize(None) == [] and C.tokenize(float("nan")) == [] and C.tokenize("   ") == []


def test_lookup_strips_inflections():
    table = {"cry": 1, "love": 2, "jump": 3, "cat": 4}
    assert [C.lookup(w, table) for w in ("cries", "loved", "jumping", "cats", "dog")] == [
        1,
        2,
        3,
        4,
        None,
    ]


def test_features_hand_worked_negation_and_awe(lex):
    # words: not happy | but a wonderful day -> 6 words ("not" counts as a word but is not scored)
    f = C.text_features("Not happy, but a wonderful day", lex)
    assert f["n_words"] == 6 and f["n_negated"] == 1
    # happy is negated: counts as negative, not as joy; wonderful: positive, joy, surprise, arousal .7 >= .6 -> awe
    assert f["positivity"] == pytest.approx(0.0)
    assert f["emotionality"] == pytest.approx(200 / 6)
    assert f["joy"] == pytest.approx(100 / 6)
    assert f["surprise"] == pytest.approx(100 / 6)
    assert f["awe"] == pytest.approx(100 / 6)
    assert f["coverage_nrc_emotion"] == pytest.approx(2 / 6)
    # valence: happy flipped 0.5 - 0.74 * 0.4 = 0.204; wonderful .95; day .6 -> mean 0.584667
    assert f["valence_nrc_vad"] == pytest.approx((0.204 + 0.95 + 0.6) / 3)
    assert f["arousal_nrc_vad"] == pytest.approx((0.6 + 0.7 + 0.3) / 3)
    assert f["coverage_nrc_vad"] == pytest.approx(3 / 6)
    # a configured but unavailable lexicon: NaN, not zero
    assert math.isnan(f["coverage_warriner"]) and math.isnan(f["arousal_warriner"])


def test_negation_window_ends_at_clause_and_after_three_words(lex):
    # "never" negates the next 3 words: a, b, sad -> sad negated (positive, not sadness); then terrible is not
    f = C.text_features("never a b sad terrible", lex)
    assert f["n_negated"] == 3
    assert f["positivity"] == pytest.approx((1 - 1) * 100 / 5)
    assert f["sadness"] == 0.0 and f["anger"] == pytest.approx(100 / 5)
    g = C.text_features("not. sad", lex)  # the full stop ends the negation window
    assert g["n_negated"] == 0 and g["sadness"] == pytest.approx(50.0)


def test_awe_needs_high_arousal(lex):
    # cheer is positive + surprise but arousal 0.5 < 0.6 -> not awe; the seed word "awesome" always is
    f = C.text_features("cheer awesome", lex)
    assert f["awe"] == pytest.approx(50.0)


@pytest.mark.parametrize(
    "text", ["", None, "   ", "12345 ...", "这是中文文本", "Überraschung für alle Kinder heute"]
)
def test_empty_and_non_english_give_zero_coverage_record(lex, text):
    f = C.text_features(text, lex)
    assert f["coverage_nrc_emotion"] == 0.0 and f["coverage_nrc_vad"] == 0.0
    assert all(f[k] == 0.0 for k in C.PCT_FEATURES)
    assert math.isnan(f["arousal_nrc_vad"]) and math.isnan(f["valence_nrc_vad"])


def test_extract_features_real_nrc_lexicon_with_missing_texts():
    import nrclex

    raw = json.loads((Path(nrclex.__file__).parent / "data" / "nrc_en.json").read_text())
    lex = C.make_lexicons(C.nrc_emotion_from_json(raw), {})
    items = pd.DataFrame(
        {
            "item_id": pd.array(["a", "b", "c", "d"], dtype="string"),
            "title": pd.array(["Terrible, awful news", None, "这是中文文本", ""], dtype="string"),
            "outcome": [1.0, 2.0, 3.0, 4.0],
        }
    )
    f = C.extract_features(items, lex).set_index("item_id")
    assert list(f.index) == ["a", "b", "c", "d"]
    assert (f.loc[["b", "c", "d"], "coverage_nrc_emotion"] == 0).all()
    assert f.loc["b", "n_words"] == 0 and f.loc["c", "n_words"] == 1
    assert f.loc["a", "positivity"] < 0 and f.loc["a", "anger"] > 0


def test_items_without_text_or_features_give_no_rows_and_empty_models(lex):
    items = pd.DataFrame({"item_id": pd.array(["a", "b"], dtype="string"), "outcome": [1.0, 2.0]})
    f = C.extract_features(items, lex)
    assert len(f) == 0
    res = C.fit_models(f, items, "x", False, "count", C.ModelParams())
    assert len(res["odds"]) == 0 and list(res["odds"].columns) == C.ODDS_COLUMNS
    assert res["notes"] == ["x: no text and no given features: nothing to model"]


def test_viral_definitions():
    y = np.arange(1, 21, dtype=float)  # 90th percentile = 1 + 0.9 * 19 = 18.1
    assert np.flatnonzero(C.viral_top_decile(y)).tolist() == [18, 19]
    assert C.viral_outcome([0, 1, 1], "binary").tolist() == [0.0, 1.0, 1.0]
    assert C.viral_outcome([1399, 1400, 5000], "count", cut=1400).tolist() == [0.0, 1.0, 1.0]
    assert np.isnan(C.viral_top_decile([1.0, np.nan, 3.0])[1])


def test_prepare_controls_transforms_excludes_and_drops_dependent():
    rng = np.random.default_rng(0)
    n = 400
    day = rng.integers(0, 7, n)
    items = pd.DataFrame({f"cov_weekday_is_{k}": (day == k).astype(float) for k in range(7)})
    items["cov_num_imgs"] = rng.poisson(0.5, n) * rng.lognormal(1, 1, n).round()
    items["cov_global_sentiment_polarity"] = rng.normal(size=n)
    items["cov_rare"] = (np.arange(n) < 3).astype(float)
    ctr, notes = C.prepare_controls(items, date_spline_df=0)
    assert "cov_global_sentiment_polarity" not in ctr and "cov_rare" not in ctr
    assert "cov_global_sentiment_polarity: the data's own sentiment measure, not a control" in notes
    x = np.log1p(items["cov_num_imgs"])  # skewed with zeros -> log1p, then z-scored
    assert np.allclose(ctr["cov_num_imgs"], (x - x.mean()) / x.std(ddof=1))
    kept = C.independent_columns(ctr)
    assert len([c for c in kept if c.startswith("cov_weekday")]) == 6  # one day is the reference
    only = C.prepare_controls(items, include="^cov_weekday_is_[01]", date_spline_df=0)[0]
    assert list(only.columns) == ["cov_weekday_is_0", "cov_weekday_is_1"]


def _nyt(odds, seed, n=7000):
    d = synth.nyt_like(n_articles=n, odds_ratios=odds, seed=seed)
    items = d["items"]
    f = C.extract_features(items, C.make_lexicons(None, {}))
    assert set(f["feature_source"]) == {"given"}
    feats = f[[k for k in C.MODEL_FEATURES if f[k].notna().any()]]
    ctr, _ = C.prepare_controls(items)
    y = items["outcome"].to_numpy()
    with_exp = C.fit_logit(y, feats, ctr).set_index("feature")
    without = C.fit_logit(y, feats, ctr.drop(columns=["cov_homepage_hours"])).set_index("feature")
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


def test_ols_log_outcome_and_cv_auc():
    rng = np.random.default_rng(3)
    n = 3000
    x = rng.normal(size=n)
    shares = np.round(np.exp(5 + 0.3 * x + rng.normal(0, 0.5, n)))
    res = C.fit_ols_log(shares, pd.DataFrame({"awe": x})).set_index("feature")
    assert res.loc["awe", "coef_per_sd"] == pytest.approx(0.3, abs=0.03)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-1 + 1.5 * x)))).astype(float)
    auc, sd = C.cv_auc(pd.DataFrame({"x": x}), y, seed=1)
    noise, _ = C.cv_auc(pd.DataFrame({"z": rng.normal(size=n)}), y, seed=1)
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
    p = C.ModelParams(model_features=("positivity", "awe", "anger"), fixed_cut=1400, seed=2)
    res = C.fit_models(feats, items, "toy", False, "count", p)
    odds = res["odds"]
    assert list(odds.columns) == C.ODDS_COLUMNS
    assert set(odds["model"]) == {"no_controls", "controls", "controls_cut1400"}
    awe = odds[odds["feature"] == "awe"]
    assert len(awe) == 3 and awe["odds_ratio_per_sd"].isna().all()  # reported, not estimable
    assert "toy: not estimable (no variation or too few items): awe" in res["notes"]
    anger = odds[(odds["feature"] == "anger") & (odds["model"] == "controls")].iloc[0]
    assert anger["ci_low"] > 1.2
    assert list(res["prediction"]["features"]) == ["controls", "controls+emotions", "emotions"]
    d = C.directions(odds).set_index("feature")
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
    v = C.directions(odds).set_index("feature")["verdict"].to_dict()
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
    a = C.measure_agreement(feats, items, "m", False, ours=("positivity",))
    assert a[["their_column", "spearman_rho", "n"]].values.tolist() == [
        ["cov_title_sentiment_polarity", 1.0, 4]
    ]


def test_viral_within_month():
    # two months; within each the top decile of 10 items is the single largest
    t0 = 1_420_070_400.0  # 2015-01-01 UTC
    start = np.r_[t0 + np.arange(10) * 86400, t0 + 40 * 86400 + np.arange(10) * 86400]
    y = np.r_[np.arange(10) * 1.0, 1000 + np.arange(10) * 100.0]
    g = C.period_labels(start, "month")
    assert list(pd.unique(g)) == ["2015-01", "2015-02"]
    v = C.viral_outcome(y, "count", groups=g)
    assert np.flatnonzero(v).tolist() == [9, 19]
    assert np.flatnonzero(C.viral_outcome(y, "count")).tolist() == [18, 19]


def test_separating_control_is_dropped_and_logit_converges():
    rng = np.random.default_rng(9)
    n = 1500
    x = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-1.5 + 0.4 * x)))).astype(float)
    manual_rt = np.zeros(n)
    manual_rt[np.flatnonzero(y == 0)[:25]] = 1.0  # 25 items, none viral
    assert C.separates(manual_rt, y) and not C.separates((rng.random(n) < 0.3).astype(float), y)
    res = C.fit_logit(y, pd.DataFrame({"anger": x}), pd.DataFrame({"cov_manual_rt": manual_rt}))
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
    p = C.ModelParams(model_features=("anger", "sadness"), min_nonzero=1, cv_folds=13)
    res = C.fit_models(feats, items, "tiny", False, "binary", p)
    assert list(res["odds"].columns) == C.ODDS_COLUMNS
    assert (
        "tiny: model controls failed (LinAlgError: Singular matrix); reported as NaN"
        in res["notes"]
    )
    assert len(res["odds"]) == 4 and res["odds"]["odds_ratio_per_sd"].isna().all()
    assert res["prediction"]["auc_mean"].isna().all()


def test_homepage_exposure_recovered_per_sd_of_log_hours():
    # the generator's truth (1.8) is per s.d. of log hours; the controls take log of the skewed positive
    # hours, so the reported odds ratio is on that scale. Five draws: at seed 20091 the interval just misses
    # (lower end 1.80008), so the test asks for 4 of 5 and an unbiased mean.
    logs, covered = [], 0
    for seed in range(1, 6):
        d = synth.nyt_like(n_articles=7000, seed=seed)
        f = C.extract_features(d["items"], C.make_lexicons(None, {}))
        ctr, _ = C.prepare_controls(d["items"])
        feats = f[list(d["truth"]["odds_ratios_per_sd"])]
        res = C.fit_logit(
            d["items"]["outcome"].to_numpy(), feats, ctr, report=["cov_homepage_hours"]
        )
        row = res.set_index("feature").loc["cov_homepage_hours"]
        covered += row["ci_low"] <= 1.8 <= row["ci_high"]
        logs.append(math.log(row["odds_ratio_per_sd"]))
    assert covered >= 4
    assert abs(np.mean(logs) - math.log(1.8)) < 0.05
