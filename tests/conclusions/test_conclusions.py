"""Tests of the survey's three conclusions (virality.conclusions): the contracts of the tables they read."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from virality import conclusions, contracts
from virality.files import DataError
from virality.influence import musiclab as market


def _study_d_tables():
    mult = pd.DataFrame(
        {
            "graph": ["erdos_renyi", "erdos_renyi"],
            "scope": ["cell", "window"],
            "mean_degree": [2.0, np.nan],
            "threshold": [0.18, np.nan],
            "multiplier": [1.3, 1.2],
            "ci_low": [1.1, 1.1],
            "ci_high": [1.5, 1.3],
            "in_window": [True, True],
            "synthetic": [True, True],
        }
    )
    cons = pd.DataFrame(
        {
            "dataset": ["t"],
            "synthetic": [False],
            "spearman": [0.4],
            "spearman_ci_low": [0.3],
            "spearman_ci_high": [0.5],
            "r2": [0.2],
            "r2_ci_low": [0.1],
            "r2_ci_high": [0.3],
        }
    )
    ml = market.summarise_musiclab(
        market.musiclab(strengths=[0.0, 0.5], n_worlds=2, listens_per_world=50, n_markets=2, seed=0)
    )
    return mult, cons, ml


def test_survey_conclusions_reads_attribution_contract():
    mult, cons, ml = _study_d_tables()
    attribution = pd.DataFrame(
        {
            "dataset": ["flickr_synth", "higgs"],
            "synthetic": ["True", "False"],
            "wom_share": [0.55, np.nan],
            "wom_ci_low": [0.5, np.nan],
            "wom_ci_high": [0.6, np.nan],
            "excess_wom_share": [0.2, np.nan],
            "hawkes_external_share": [np.nan, 0.25],
        }
    )
    limits = pd.DataFrame({"dataset": ["memes"], "ex_ante_r2": [0.05], "early_r2": [0.6]})
    t = conclusions.survey_conclusions(mult, cons, ml, attribution, limits)
    assert list(t.columns) == contracts.columns("survey_conclusions")
    exo = t[t["statistic"] == "exogenous_share"].iloc[0]
    assert (exo["value"], exo["ci_low"], exo["ci_high"]) == pytest.approx((0.45, 0.4, 0.5))
    assert bool(exo["synthetic"]) is True
    # empty values are skipped: higgs (no graph) has only its Hawkes external share
    assert t.loc[t["dataset"] == "higgs", "statistic"].tolist() == ["hawkes_external_share"]
    assert t.loc[t["dataset"] == "flickr_synth", "statistic"].tolist() == [
        "excess_wom_share",
        "exogenous_share",
        "wom_share",
    ]
    b = t[t["source"] == "prediction_limits.csv"].set_index("statistic")["value"]
    assert b.to_dict() == {"early_r2": 0.6, "ex_ante_r2": 0.05}
    assert t.loc[t["statistic"] == "multiplier_in_window", "value"].tolist() == [1.2]
    long = pd.DataFrame(
        {
            "dataset": ["m", "m", "m", "m"],
            "information": ["ex_ante", "early", "early", "early"],
            "t_i": [np.nan, 1.0, 2.0, 24.0],
            "r2": [0.1, 0.5, 0.6, 0.9],
        }
    )
    b2 = conclusions.survey_conclusions(mult, cons, ml, None, long)
    b2 = b2[b2["source"] == "prediction_limits.csv"].set_index("statistic")["value"]
    # Study B's long form: ex ante, and the earliest and latest indicator times
    assert b2.to_dict() == {"r2_early_1": 0.5, "r2_early_24": 0.9, "r2_ex_ante": 0.1}


def test_survey_conclusions_missing_columns_message():
    mult, cons, ml = _study_d_tables()
    with pytest.raises(DataError) as e:
        conclusions.survey_conclusions(
            mult, cons, ml, pd.DataFrame({"dataset": ["x"], "wom_share": [0.5]})
        )
    assert str(e.value) == (
        "attribution.csv: missing column(s) synthetic, wom_ci_low, wom_ci_high (found: dataset, wom_share)"
    )
    with pytest.raises(DataError, match="prediction_limits.csv: no R\\^2 column"):
        conclusions.prediction_limits_long(pd.DataFrame({"dataset": ["x"], "n": [3]}))


def test_named_columns_are_contract_columns():
    attribution = contracts.columns("attribution")
    assert set(conclusions.ATTRIBUTION_REQUIRED + conclusions.ATTRIBUTION_SHARES) <= set(
        attribution
    )
    assert set(conclusions.LIMITS_KEYS) <= set(contracts.columns("prediction_limits"))
    assert set(conclusions.INPUTS) <= set(contracts.TABLES)


def test_imports_no_study_package():
    import ast

    tree = ast.parse(Path(conclusions.__file__).read_text())
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    studies = ("influence", "attribution", "prediction", "content", "adapters", "data")
    assert not any(m.split(".")[-1] in studies for m in imported), imported


def test_run_reads_tables_through_their_contracts(tmp_path):
    mult, cons, ml = _study_d_tables()
    paths = {}
    for name, df in (
        ("influence_multiplier", mult),
        ("influence_consistency", cons),
        ("musiclab", ml.assign(synthetic=True)),
    ):
        paths[name] = tmp_path / f"{name}.csv"
        contracts.frame(df, name).to_csv(paths[name], index=False)
    t = conclusions.run(paths)
    assert list(t.columns) == contracts.columns("survey_conclusions")
    assert set(t["conclusion"]) == {1, 2}
    cons.drop(columns="r2").to_csv(paths["influence_consistency"], index=False)
    with pytest.raises(contracts.ContractError, match="influence_consistency.csv: missing column"):
        conclusions.run(paths)
