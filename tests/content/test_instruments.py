"""Tests of Study C's instruments (virality.content.instruments): VADER on hand-checked sentences, a LIWC
dictionary (a tiny one written here in the .dic format, not LIWC's) from the file to the odds table."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from virality import settings
from virality.content import Params, run_features, run_models, run_tables
from virality.content.instruments import Measures, Vader, extract_features, make_liwc
from virality.content.text import make_lexicons
from virality.data import build_lexicon
from virality.files import DataError

SCHEMA = Path(__file__).parents[2] / "workflow" / "schemas" / "content.schema.yaml"

# VADER (Hutto & Gilbert 2014) by hand: "good" has valence 1.9 in its lexicon, "bad" -2.5; a booster
# ("very") adds 0.293, capitals on a word in a mixed-case text 0.733, each "!" (up to 4) 0.292 to the sum;
# a negator multiplies by -0.74; "but" halves what comes before and multiplies what follows by 1.5;
# compound = s / sqrt(s^2 + 15).


def _compound(s: float) -> float:
    return s / math.sqrt(s * s + 15)


@pytest.mark.parametrize(
    "text, total",
    [
        ("The book was good.", 1.9),
        ("The book was not good.", 1.9 * -0.74),  # negation
        ("The book was very good.", 1.9 + 0.293),  # intensifier
        ("The book was not very good.", (1.9 + 0.293) * -0.74),
        ("The book was GOOD.", 1.9 + 0.733),  # capitals
        ("The book was good!!!", 1.9 + 3 * 0.292),  # punctuation
        ("The book was good?", 1.9),  # one question mark adds nothing
        ("The book was good, but the ending was bad.", 0.5 * 1.9 + 1.5 * -2.5),  # "but"
    ],
)
def test_vader_on_hand_checked_sentences(text, total):
    rec, flags = Vader().score(text, text.lower().replace(".", "").split())
    assert rec["positivity_vader"] == pytest.approx(_compound(total), abs=5e-5)  # VADER rounds to 4
    assert flags["positivity"] is True


def test_vader_emotionality_is_the_non_neutral_share():
    # "good" counts 1.9 + 1 toward pos; the, book, was are neutral (1 each): pos = 2.9 / 5.9 = 0.492
    rec, _ = Vader().score("The book was good.", ["the", "book", "was", "good"])
    assert rec["emotionality_vader"] == pytest.approx(0.492)
    assert rec["coverage_vader"] == pytest.approx(0.25)  # one word of four is in VADER's lexicon
    empty, flags = Vader().score("", [])
    assert empty == {"coverage_vader": 0.0, "positivity_vader": 0.0, "emotionality_vader": 0.0}
    assert flags == {"positivity": False, "emotionality": False}


# A tiny dictionary in the LIWC .dic format (our own words and numbers, not LIWC's)
TINY_DIC = (
    "%\n1\tposemo\n2\tnegemo\n3\tanger\n4\tanx\n5\tsad\n%\n"
    "happ*\t1\ngood\t1\nbad\t2\nhate*\t2\t3\nworr*\t2\t4\ncry\t2\t5\n"
)


@pytest.fixture()
def tiny_dic(tmp_path):
    p = tmp_path / "tiny.dic"
    p.write_text(TINY_DIC, encoding="utf-8")
    return p


def test_liwc_dic_read_with_the_liwc_package(tiny_dic):
    t = build_lexicon("liwc_dic", {"lexicon": tiny_dic}, {})
    assert list(t.columns) == ["word", "posemo", "negemo", "anger", "anx", "sad"]
    assert t["word"].tolist() == ["bad", "cry", "good", "happ*", "hate*", "worr*"]
    assert t.set_index("word").loc["hate*"].tolist() == [0.0, 1.0, 1.0, 0.0, 0.0]
    liwc = make_liwc(t, "tiny")
    # wildcard stems as LIWC matches them: happ* takes happy and happiness, not "unhappy"
    assert [liwc.match(w) for w in ("happiness", "unhappy", "hated", "cry", "crying")] == [
        ("positive",),
        (),
        ("negative", "anger"),
        ("negative", "sadness"),
        (),
    ]


def test_liwc_features_by_hand(tiny_dic):
    t = build_lexicon("liwc_dic", {"lexicon": tiny_dic}, {})
    lex = make_lexicons(None, {})
    items = pd.DataFrame(
        {
            "item_id": pd.array(["a", "b"], dtype="string"),
            # a: 9 words; happy, good = positive; hated = negative, anger; "not" is not LIWC's business
            "title": pd.array(
                ["Happy and good, not hated by me or you", "nothing"], dtype="string"
            ),
        }
    )
    f, cov = extract_features(items, Measures(lex, None, make_liwc(t, "tiny"), True))
    a = f.set_index("item_id").loc["a"]
    assert a["positivity_liwc"] == pytest.approx((2 - 1) * 100 / 9)
    assert a["emotionality_liwc"] == pytest.approx(3 * 100 / 9)
    assert a["anger_liwc"] == pytest.approx(100 / 9) and a["sadness_liwc"] == 0.0
    assert a["coverage_liwc"] == pytest.approx(3 / 9)
    c = cov.set_index(["instrument", "feature"])
    assert c.loc[("liwc", "positivity"), "share_scored"] == 0.5
    assert not c.loc[("liwc", "positivity"), "lemmatised"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("1\tposemo\n%\nhappy\t1\n", "line 1: expected '%'"),
        ("%\n1 posemo\n%\nhappy\t1\n", "line 2: expected 'number<TAB>category', got '1 posemo'"),
        ("%\n1\tposemo\nhappy\t1\n", "line 3: no category list closed by a second '%' line"),
        (
            "%\n1\tposemo\n%\nhappy\t1\nsad\t7\n",
            "line 5: field 2: category number '7' is not declared",
        ),
        (
            "%\n1\tposemo\n%\nlike\t(02 134)1/2\n",
            "line 4: field 2: category number '(02 134)1/2' is not declared (LIWC2007's conditional",
        ),
        ("%\n1\tposemo\n%\nhappy 1\n", "line 4: expected 'word<TAB>number', got 'happy 1'"),
    ],
)
def test_liwc_dic_errors_name_the_line(tmp_path, text, message):
    p = tmp_path / "bad.dic"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as e:
        build_lexicon("liwc_dic", {"lexicon": p}, {})
    assert str(e.value).startswith(f"{p}: {message}")


def test_liwc_dic_encodings(tmp_path):
    p = tmp_path / "latin.dic"
    p.write_bytes("%\n1\tposemo\n%\nhappy\t1\ncaf\xe9\t1\n".encode("latin-1"))
    with pytest.raises(
        DataError, match=r"latin\.dic: line 5: not valid utf-8-sig text; set params"
    ):
        build_lexicon("liwc_dic", {"lexicon": p}, {})
    t = build_lexicon("liwc_dic", {"lexicon": p}, {"params": {"encoding": "latin-1"}})
    assert t["word"].tolist() == ["café", "happy"]
    bom = tmp_path / "bom.dic"
    bom.write_bytes(b"\xef\xbb\xbf" + TINY_DIC.encode("utf-8"))
    assert len(build_lexicon("liwc_dic", {"lexicon": bom}, {})) == 6


def test_liwc_without_emotion_categories_is_a_config_error(tiny_dic):
    t = build_lexicon("liwc_dic", {"lexicon": tiny_dic}, {}).drop(columns=["posemo"])
    with pytest.raises(
        DataError, match=r"lexicon 'tiny': no positive emotion category among posemo, "
    ):
        make_liwc(t, "tiny")
    no_sad = build_lexicon("liwc_dic", {"lexicon": tiny_dic}, {}).drop(columns=["sad"])
    rec, _ = make_liwc(no_sad, "tiny").score(["cry", "happy"])
    assert math.isnan(rec["sadness_liwc"]) and rec["positivity_liwc"] == 0.0  # cry: still negative


@pytest.fixture(scope="module")
def params():
    spec = yaml.safe_load(SCHEMA.read_text())["properties"]
    return settings.from_config(
        Params, {k: v["default"] for k, v in spec.items()}, where="content", seed=3
    )


def test_liwc_end_to_end_headline_positivity_is_liwc(tiny_dic, params):
    """The .dic file → lexicon table → features → models → tables: with LIWC configured the headline
    positivity and emotionality are LIWC's, and LIWC's anger, anxiety and sadness sit beside NRC's."""
    liwc = build_lexicon("liwc_dic", {"lexicon": tiny_dic}, {})
    rng = np.random.default_rng(5)
    n = 800
    pos = rng.poisson(0.8, n)
    neg = rng.poisson(0.8, n)
    words = ["happy", "good"], ["bad", "bad", "hated", "worried", "cry"], ["city", "report", "week"]
    titles = [
        " ".join(
            rng.permutation(
                [*rng.choice(words[0], p_), *rng.choice(words[1], q), *rng.choice(words[2], 6)]
            )
        )
        for p_, q in zip(pos, neg, strict=True)
    ]
    lin = 0.5 * (pos - neg)
    items = pd.DataFrame(
        {
            "item_id": pd.array([f"i{i:03d}" for i in range(n)], dtype="string"),
            "title": pd.array(titles, dtype="string"),
            "outcome": np.round(np.exp(3 + lin + rng.normal(0, 0.5, n))),
        }
    )
    man = {"dataset": "toy", "format": "csv", "synthetic": False, "outcome_kind": "count"}
    feats = run_features(items, man, {"liwc": liwc}, params)
    table = feats["features"]
    assert table["positivity_liwc"].notna().all() and table["coverage_liwc"].gt(0).any()
    res = run_models(table, items, man, params)
    odds = res["odds"].set_index(["model", "feature"])
    assert odds.loc[("controls", "positivity"), "instrument"] == "liwc"
    assert odds.loc[("controls", "positivity"), "ci_low"] > 1.5
    assert (
        odds.loc[("controls", "awe"), "instrument"] == "nrc"
    )  # NaN here (no NRC lexicon), still a row
    by = res["odds"][res["odds"]["model"] == "controls_liwc"]
    assert set(by["feature"]) == {"positivity", "emotionality", "anger", "anxiety", "sadness"}
    assert set(by["instrument"]) == {"liwc"}
    vader = res["odds"][res["odds"]["model"] == "controls_vader"]
    assert set(vader["feature"]) == {"positivity", "emotionality"}
    keys = ("features", "coverage", "odds", "ols", "prediction", "agreement")
    tables = run_tables({k: [v] for k, v in {**res, **feats}.items() if k in keys}, params)
    rob = tables["robustness"].set_index("feature")
    assert rob.loc["positivity", "instruments"] == "liwc, vader"
    assert rob.loc["positivity", "conclusion"] == "holds under every instrument"
    agree = tables["agreement"].set_index(["feature", "their_column"])
    assert agree.loc[("positivity_vader", "positivity_liwc"), "spearman_rho"] > 0.5
