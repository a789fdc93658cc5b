"""Tests of Study C's entry points (virality.content.study): parameters from the schema, one data set end to end."""

from pathlib import Path

import matplotlib.pyplot as plt
import pytest
import yaml
from matplotlib.figure import Figure

from virality import contracts, files, settings, synth
from virality.content import Params, run_features, run_figures, run_models, run_tables
from virality.content.models import ModelParams

SCHEMA = Path(__file__).parents[2] / "workflow" / "schemas" / "content.schema.yaml"


@pytest.fixture(scope="module")
def params():
    spec = yaml.safe_load(SCHEMA.read_text())["properties"]
    return settings.from_config(
        Params, {k: v["default"] for k, v in spec.items()}, where="content", seed=7
    )


def test_params_from_schema_defaults_resolve_per_format(params):
    # a format without per-format entries gets ModelParams' defaults: they agree with the schema's
    assert params.model("d", "hacker_news") == ModelParams(
        seed=files.stable_seed(7, "content_cv", "d")
    )
    uci = params.model("m", "uci_news")
    assert uci.fixed_cut == 1400 and uci.control_include.startswith("^cov_(data_channel_is_")
    assert params.model("t", "trump_tweets").viral_within == "month"
    with pytest.raises(ValueError, match="content: unknown key"):
        settings.from_config(Params, {"no_such_key": 1}, where="content")


def test_synthetic_data_set_end_to_end(params):
    d = synth.nyt_like(n_articles=3000, seed=3)
    manifest = {
        "dataset": "nyt",
        "format": "synth_nyt",
        "synthetic": True,
        "outcome_kind": "binary",
        "truth": d["truth"],
    }
    table = run_features(d["items"], manifest, {}, params)
    assert list(table.columns[:6]) == contracts.columns("content_features")
    assert set(table["feature_source"]) == {"given"} and len(table) == 3000
    res = run_models(table, d["items"], manifest, params)
    assert res["notes"]["dataset"] == "nyt"
    assert set(res["odds"]["model"]) == {"no_controls", "controls", "controls_without_exposure"}
    parts = {
        "features": [table],
        "odds": [res["odds"]],
        "ols": [res["ols"]],
        "prediction": [res["prediction"]],
        "agreement": [res["agreement"]],
    }
    tables = run_tables(parts, params)
    names = {"directions": "content_directions", "agreement": "content_measure_agreement"}
    for key, name in {**names, "odds": "content_emotion_odds", "ols": "content_ols"}.items():
        assert list(tables[key].columns) == contracts.columns(name), key
    assert len(tables["ols"]) == 0  # a binary outcome has no OLS
    assert set(tables["directions"]["feature"]) >= {"awe", "anger", "sadness"}
    figs = run_figures(tables["features"], tables["odds"], [manifest], params)
    assert list(figs) == ["forest", "synthetic_recovery", "distributions", "arousal_rank"]
    assert all(isinstance(f, Figure) for f in figs.values())
    for f in figs.values():
        plt.close(f)


def test_tables_without_any_data_set_have_the_contract_columns(params):
    empty = {k: [] for k in ("features", "odds", "ols", "prediction", "agreement")}
    tables = run_tables(empty, params)
    extra = [
        c for c in tables["features"].columns if c not in contracts.columns("content_features")
    ]
    assert "awe" in extra and "arousal_nrc_vad" in extra
    assert all(len(df) == 0 for df in tables.values())
    assert list(tables["prediction"].columns) == contracts.columns("content_prediction")
