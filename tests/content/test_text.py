"""Tests of Study C's measurement (virality.content.text): tokeniser, look-up by lemma, negation, features."""

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from virality import contracts
from virality.content.fits import ModelParams, fit_models
from virality.content.instruments import Measures, extract_features
from virality.content.text import (
    BOUNDARY,
    EMOTION_COLUMNS,
    PCT_FEATURES,
    lemma,
    lookup,
    make_lexicons,
    nrc_emotion_from_json,
    text_features,
    tokenize,
)

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
        pd.DataFrame({c: EMO["cats"].map(lambda s, c=c: int(c in s)) for c in EMOTION_COLUMNS}),
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
    return make_lexicons(EMO, {"nrc_vad": VAD, "warriner": None}, ["nrc_vad", "warriner"])


def test_tokenize_real_tokenizer_urls_hashtags_clauses():
    toks = tokenize("Don't panic!!! It's AMAZING... http://x.co/abc #WOW &amp; drone-pilots 2016")
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
    assert tokenize(None) == [] and tokenize(float("nan")) == [] and tokenize("   ") == []


def test_lookup_by_surface_form_then_simplemma_lemma():
    table = {"cry": 1, "love": 2, "foot": 3, "cat": 4, "terrify": 5, "better": 6, "good": 7}
    words = ("cries", "loved", "feet", "cats", "terrified", "better", "dog")
    # irregular forms (feet, terrified) that suffix stripping never reached; "better" is its own entry
    assert [lookup(w, table) for w in words] == [1, 2, 3, 4, 5, 6, None]
    assert lemma("better") == "good" and lemma("feet") == "foot"
    assert [lookup(w, table, lemmas=False) for w in words] == [None] * 5 + [6, None]


def test_features_hand_worked_negation_and_awe(lex):
    # words: not happy | but a wonderful day -> 6 words ("not" counts as a word but is not scored)
    f = text_features("Not happy, but a wonderful day", lex)
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
    f = text_features("never a b sad terrible", lex)
    assert f["n_negated"] == 3
    assert f["positivity"] == pytest.approx((1 - 1) * 100 / 5)
    assert f["sadness"] == 0.0 and f["anger"] == pytest.approx(100 / 5)
    g = text_features("not. sad", lex)  # the full stop ends the negation window
    assert g["n_negated"] == 0 and g["sadness"] == pytest.approx(50.0)


def test_awe_needs_high_arousal(lex):
    # cheer is positive + surprise but arousal 0.5 < 0.6 -> not awe; the seed word "awesome" always is
    f = text_features("cheer awesome", lex)
    assert f["awe"] == pytest.approx(50.0)


@pytest.mark.parametrize(
    "text", ["", None, "   ", "12345 ...", "这是中文文本", "Überraschung für alle Kinder heute"]
)
def test_empty_and_non_english_give_zero_coverage_record(lex, text):
    f = text_features(text, lex)
    assert f["coverage_nrc_emotion"] == 0.0 and f["coverage_nrc_vad"] == 0.0
    assert all(f[k] == 0.0 for k in PCT_FEATURES)
    assert math.isnan(f["arousal_nrc_vad"]) and math.isnan(f["valence_nrc_vad"])


def test_extract_features_real_nrc_lexicon_with_missing_texts():
    import nrclex

    raw = json.loads((Path(nrclex.__file__).parent / "data" / "nrc_en.json").read_text())
    lex = make_lexicons(nrc_emotion_from_json(raw), {})
    items = pd.DataFrame(
        {
            "item_id": pd.array(["a", "b", "c", "d"], dtype="string"),
            "title": pd.array(["Terrible, awful news", None, "这是中文文本", ""], dtype="string"),
            "outcome": [1.0, 2.0, 3.0, 4.0],
        }
    )
    f, cov = extract_features(items, Measures(lex))
    f = f.set_index("item_id")
    assert list(f.index) == ["a", "b", "c", "d"]
    assert (f.loc[["b", "c", "d"], "coverage_nrc_emotion"] == 0).all()
    assert f.loc["b", "n_words"] == 0 and f.loc["c", "n_words"] == 1
    assert f.loc["a", "positivity"] < 0 and f.loc["a", "anger"] > 0
    cov = cov.set_index(["instrument", "feature"])
    assert cov.loc[("nrc", "anger"), "share_scored"] == 0.25  # one item of four has an anger word
    assert cov.loc[("nrc", "anger"), "n_items"] == 4


def test_coverage_before_and_after_the_lemmatiser(lex):
    # "cries" is no entry of the hand-made lexicon, its lemma "cry" is: scored only through the lemma
    items = pd.DataFrame(
        {
            "item_id": pd.array(["a", "b", "c"], dtype="string"),
            "title": pd.array(["she cries", "a sad day", "nothing here"], dtype="string"),
        }
    )
    f, cov = extract_features(items, Measures(lex))
    assert f["sadness"].tolist() == pytest.approx([50.0, 100 / 3, 0.0])
    row = cov.set_index(["instrument", "feature"]).loc[("nrc", "sadness")]
    assert row["share_scored"] == pytest.approx(2 / 3) and row[
        "share_scored_surface"
    ] == pytest.approx(1 / 3)
    assert bool(row["lemmatised"]) is True


def test_items_without_text_or_features_give_no_rows_and_a_skip(lex):
    items = pd.DataFrame({"item_id": pd.array(["a", "b"], dtype="string"), "outcome": [1.0, 2.0]})
    f, cov = extract_features(items, Measures(lex))
    assert len(f) == 0 and len(cov) == 0
    res = fit_models(f, items, "x", False, "count", ModelParams())
    assert len(res["odds"]) == 0
    assert list(res["odds"].columns) == contracts.columns(
        "content_emotion_odds", ("instrument", "p_holm")
    )
    (skip,) = res["skips"]
    assert (skip.step, skip.reason, skip.counts) == (
        "features",
        "no text (title/text) and no cov_<feature> columns",
        {"n_items": 2},
    )


def test_cached_word_effects_give_the_same_features(lex):
    """A word's effect on a tally is measured once and cached; the second text (all hits) gives the same
    floats as a fresh lexicon would (the sums kept in order)."""
    text = "Not happy, but a wonderful day. Terrible terrible cheer, never sad. Happy day!"
    first = text_features(text, lex)
    again = text_features(text, lex)
    fresh = text_features(
        text, make_lexicons(EMO, {"nrc_vad": VAD, "warriner": None}, ["nrc_vad", "warriner"])
    )
    for f in (again, fresh):
        assert json.dumps(f, sort_keys=True) == json.dumps(first, sort_keys=True)
    # by hand: 6 + 5 + 2 = 13 words; happy (after not) and sad (after never) negated, so they swap sign:
    # positive = wonderful, cheer, sad, Happy (4); negative = happy, terrible, terrible (3)
    assert first["n_words"] == 13 and first["n_negated"] == 2
    assert first["positivity"] == pytest.approx((4 - 3) * 100 / 13)
    assert first["emotionality"] == pytest.approx((4 + 3) * 100 / 13)
