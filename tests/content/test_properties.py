"""Property-based tests (hypothesis) of Study C's per-data-set entry points: random small items tables, with
and without text, outcome, covariates and dates, through run_features, run_models and run_tables. Nothing
but a DataError or a skip record may come out, and every table keeps its contract columns."""

import math

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from virality import canonical, contracts
from virality import settings as vsettings
from virality.content import Params, run_features, run_models, run_tables
from virality.files import DataError

WORDS = [
    "happy", "terrible", "sad", "wonderful", "cry", "crying", "not", "never", "awesome", "day", "city",
    "GOOD", "bad", "!!!", "?", ",", ".", "don't", "#wow", "http://x.co/a", "这是", "Überraschung", "",
    "&amp;", "-", "'s", "12", "😀",
]  # fmt: skip
EMO = pd.DataFrame(
    {
        "word": ["happy", "terrible", "sad", "wonderful", "cry"],
        "positive": [1, 0, 0, 1, 0],
        "negative": [0, 1, 1, 0, 1],
        "anger": [0, 1, 0, 0, 0],
        "fear": [0, 1, 0, 0, 0],
        "sadness": [0, 0, 1, 0, 1],
        "joy": [1, 0, 0, 1, 0],
        "surprise": [0, 0, 0, 1, 0],
    }
)
VAD = pd.DataFrame(
    {"word": ["happy", "terrible", "day"], "valence": [0.9, 0.1, 0.6], "arousal": [0.6, 0.8, 0.3]}
)
LIWC = pd.DataFrame(
    {
        "word": ["happ*", "bad", "cry*"],
        "posemo": [1.0, 0, 0],
        "negemo": [0.0, 1, 1],
        "sad": [0.0, 0, 1],
    }
)

texts = st.one_of(
    st.none(), st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join), st.text(max_size=12)
)
numbers = st.one_of(
    st.none(),
    st.integers(-3, 6).map(float),
    st.sampled_from([0.0, 1.0, math.nan, math.inf, -math.inf, 1e12, -0.5]),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
)


@st.composite
def data_sets(draw):
    """Items tables: half of them well formed (30-60 items with titles and a varying count outcome, so
    that the models run), the others anything (0-60 items, any columns, odd values)."""
    tidy = draw(st.booleans())
    n = draw(st.integers(30, 60) if tidy else st.integers(0, 60))
    df = pd.DataFrame({"item_id": [f"i{k:02d}" for k in range(n)]})
    for col in ("title", "text"):
        if (tidy and col == "title") or draw(st.booleans()):
            words = st.lists(st.sampled_from(WORDS[:12]), min_size=1, max_size=8).map(" ".join)
            df[col] = draw(st.lists(words if tidy else texts, min_size=n, max_size=n))
    if tidy or draw(st.booleans()):
        kind = "ties" if tidy else draw(st.sampled_from(["ties", "binary", "any", "constant"]))
        gen = {
            "ties": st.integers(0, 9).map(float),
            "binary": st.sampled_from([0.0, 1.0]),
            "any": numbers,
            "constant": st.just(2.0),
        }[kind]
        df["outcome"] = draw(st.lists(gen, min_size=n, max_size=n))
    for j in range(draw(st.integers(0, 3))):
        name = draw(
            st.sampled_from(["cov_x", "cov_a-b c", "cov_positivity", "cov_homepage_hours", "cov_d"])
        )
        df[f"{name}{j}" if name != "cov_positivity" else name] = draw(
            st.lists(st.one_of(numbers, st.sampled_from([0.0, 1.0])), min_size=n, max_size=n)
        )
    if draw(st.booleans()):
        df["start_time"] = draw(
            st.lists(st.one_of(st.none(), st.floats(0, 2e9)), min_size=n, max_size=n)
        )
    return df


@pytest.fixture(scope="module")
def base_config():
    from pathlib import Path

    schema = Path(__file__).parents[2] / "workflow" / "schemas" / "content.schema.yaml"
    spec = yaml.safe_load(schema.read_text())["properties"]
    return {k: v["default"] for k, v in spec.items()}


@settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(
    raw=data_sets(),
    fmt=st.sampled_from(["csv", "uci_news", "trump_tweets"]),
    kind=st.sampled_from(["count", "binary", None]),
    small=st.tuples(st.integers(1, 4), st.integers(1, 5), st.integers(2, 3)),
    liwc=st.booleans(),
    ties=st.sampled_from(["random", "above", "at_or_above"]),
)
def test_only_data_errors_or_skips_come_out(base_config, raw, fmt, kind, small, liwc, ties):
    min_nonzero, min_viral, folds = small
    cfg = {**base_config, "min_nonzero": min_nonzero, "min_viral": min_viral, "cv_folds": folds}
    cfg["ties"], cfg["date_spline_df"] = ties, 3
    params = vsettings.from_config(Params, cfg, where="content", seed=1)
    try:
        items = canonical.coerce_table(raw, "items", source="random items")
    except DataError:
        return
    man = {"dataset": "rnd", "format": fmt, "synthetic": False, "outcome_kind": kind}
    lexicons = {"nrc_emotion": EMO, "nrc_vad": VAD, **({"liwc": LIWC} if liwc else {})}
    try:
        feats = run_features(items, man, lexicons, params)
        res = run_models(feats["features"], items, man, params)
    except DataError:
        return
    assert list(feats["features"].columns) == contracts.columns(
        "content_features", params.columns()
    )
    assert list(feats["coverage"].columns) == contracts.columns("content_coverage")
    for key, name in (
        ("odds", "content_emotion_odds"),
        ("ols", "content_ols"),
        ("prediction", "content_prediction"),
    ):
        assert list(res[key].columns[: len(contracts.columns(name))]) == contracts.columns(name)
    for r in res["skips"]:
        assert r["dataset"] == "rnd" and r["study"] == "C" and r["step"] and r["reason"]
        event(f"skip: {r['step']}")
    event("odds estimated" if res["odds"]["odds_ratio_per_sd"].notna().any() else "no odds ratio")
    if len(res["odds"]):
        ok = res["odds"]["odds_ratio_per_sd"].dropna()
        assert np.isfinite(ok).all() and (ok > 0).all()
    parts = {k: [feats[k]] for k in ("features", "coverage")}
    parts.update({k: [res[k]] for k in ("odds", "ols", "prediction", "agreement")})
    tables = run_tables(parts, params)
    assert set(tables) >= {"directions", "robustness", "coverage"}
