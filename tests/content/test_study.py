"""Tests of Study C's entry points (virality.content.study): parameters from the schema, one data set end to
end, skip records instead of crashes."""

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import yaml
from matplotlib.figure import Figure

from virality import contracts, files, settings, skips, synth
from virality.content import Params, run_features, run_figures, run_models, run_tables
from virality.content.fits import ModelParams, define_viral
from virality.data import build_lexicon

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
        seed=files.stable_seed(7, "content_cv", "d"),
        tie_seed=files.stable_seed(7, "content_ties", "d"),
    )
    uci = params.model("m", "uci_news")
    assert uci.fixed_cut == 1400 and uci.control_include.startswith("^cov_(data_channel_is_")
    assert params.model("t", "trump_tweets").viral_within == "month"
    assert params.liwc_lexicon == "liwc" and params.vader is True and params.ties == "random"
    assert params.liwc_categories["anxiety"] == ("anx", "emo_anx")
    with pytest.raises(ValueError, match="content: unknown key"):
        settings.from_config(Params, {"no_such_key": 1}, where="content")


@pytest.fixture(scope="module")
def nyt(params):
    d = synth.nyt_like(n_articles=1500, seed=3)
    manifest = {
        "dataset": "nyt",
        "format": "synth_nyt",
        "synthetic": True,
        "outcome_kind": "binary",
        "truth": d["truth"],
    }
    nrc = build_lexicon("nrc_emotion", {}, {})  # from the nrclex wheel
    feats = run_features(d["items"], manifest, {"nrc_emotion": nrc}, params)
    return d, manifest, feats, run_models(feats["features"], d["items"], manifest, params)


def test_synthetic_data_set_end_to_end(nyt, params):
    d, manifest, feats, res = nyt
    table = feats["features"]
    assert list(table.columns) == contracts.columns("content_features", params.columns())
    assert set(table["feature_source"]) == {"lexicon"} and len(table) == 1500
    # LIWC configured but not available: its columns are there, empty
    assert table["positivity_liwc"].isna().all() and table["positivity_vader"].notna().all()
    assert res["notes"]["dataset"] == "nyt" and res["skips"] == []
    assert set(res["odds"]["model"]) == {
        "no_controls",
        "controls",
        "controls_without_exposure",
        "controls_nrc",
        "controls_vader",
    }
    parts = {k: [feats[k]] for k in ("features", "coverage")}
    parts.update({k: [res[k]] for k in ("odds", "ols", "prediction", "agreement")})
    tables = run_tables(parts, params)
    for key, name in {
        "directions": "content_directions",
        "agreement": "content_measure_agreement",
        "odds": "content_emotion_odds",
        "ols": "content_ols",
        "coverage": "content_coverage",
        "robustness": "content_robustness",
    }.items():
        assert list(tables[key].columns[: len(contracts.columns(name))]) == contracts.columns(name)
    assert len(tables["ols"]) == 0  # a binary outcome has no OLS
    assert set(tables["directions"]["feature"]) >= {"awe", "anger", "sadness"}
    rob = tables["robustness"].set_index("feature")
    assert rob.loc["positivity", "instruments"] == "nrc, vader"
    figs = run_figures(tables["features"], tables["odds"], [manifest], params)
    assert list(figs) == [
        "forest",
        "instruments",
        "synthetic_recovery",
        "distributions",
        "arousal_rank",
    ]
    assert all(isinstance(f, Figure) for f in figs.values())
    for f in figs.values():
        plt.close(f)


def test_viral_of_the_features_table_is_the_models_viral(params):
    # ties at the cut broken the same way in both jobs, though the models drop items without an outcome
    rng = np.random.default_rng(2)
    n = 400
    items = pd.DataFrame(
        {
            "item_id": pd.array([f"i{k:03d}" for k in range(n)], dtype="string"),
            "title": pd.array(
                rng.choice(["angry news", "a sad day", "city report"], n), dtype="string"
            ),
            "outcome": np.where(rng.random(n) < 0.05, np.nan, rng.integers(0, 6, n).astype(float)),
        }
    )
    man = {"dataset": "t", "format": "csv", "synthetic": False, "outcome_kind": "count"}
    table = run_features(items, man, {}, params)["features"]
    ok = table["outcome"].notna()
    assert table.loc[ok, "viral"].sum() == round(0.1 * ok.sum())  # exactly 10% despite heavy ties
    it = items[items["outcome"].notna()]
    y, notes = define_viral(it["outcome"], it["item_id"], None, "count", params.model("t", "csv"))
    mine = pd.Series(y, index=it["item_id"].astype(str))
    assert table.set_index("item_id").loc[mine.index, "viral"].tolist() == mine.tolist()
    assert notes[0].startswith(f"viral: {round(0.1 * ok.sum())} of {ok.sum()} items; ")


def test_outcome_but_empty_titles_is_a_skip_row(params):
    # issue 11, defect 6: pandas "ValueError: cannot insert synthetic, already exists"
    items = pd.DataFrame(
        {
            "item_id": pd.array([f"i{k}" for k in range(300)], dtype="string"),
            "title": pd.array([""] * 300, dtype="string"),
            "outcome": np.arange(300.0),
        }
    )
    man = {"dataset": "mine", "format": "csv", "synthetic": False, "outcome_kind": "count"}
    table = run_features(items, man, {}, params)["features"]
    res = run_models(table, items, man, params)
    assert skips.frame(res["skips"]).to_dict("records") == [
        {
            "dataset": "mine",
            "study": "C",
            "step": "cv_auc",
            "reason": "no estimable feature",
            "counts": "n_items=300; n_viral=30",
        },
        {
            "dataset": "mine",
            "study": "C",
            "step": "logit",
            "reason": "no content feature differs from its most common value in 20 items",
            "counts": "n_items=300",
        },
    ]
    assert len(res["odds"]) == 0 and list(res["odds"].columns) == contracts.columns(
        "content_emotion_odds", ("instrument", "p_holm")
    )


def test_tables_without_any_data_set_have_the_contract_columns(params):
    empty = {k: [] for k in ("features", "odds", "ols", "prediction", "agreement", "coverage")}
    tables = run_tables(empty, params)
    extra = [
        c for c in tables["features"].columns if c not in contracts.columns("content_features")
    ]
    assert "awe" in extra and "arousal_nrc_vad" in extra and "sadness_liwc" in extra
    assert all(len(df) == 0 for df in tables.values())
    assert list(tables["prediction"].columns) == contracts.columns("content_prediction")
    assert list(tables["robustness"].columns) == contracts.columns("content_robustness")
