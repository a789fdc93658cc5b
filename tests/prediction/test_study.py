"""Study B on one data set: the table contract, determinism, and what the study finds on known truth."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from virality import contracts, synth
from virality.prediction import gather, study
from virality.prediction.models import PREDICTORS

# --------------------------------------------------------------------------------------------------
# the study on one data set


@pytest.fixture(scope="module")
def digg_tables():
    d = synth.digg_like(n_stories=300, n_steps=120, seed=4)
    spec = {
        "t_r": 120 * 3600.0,
        "t_i": [3600.0, 4 * 3600.0, 24 * 3600.0, 72 * 3600.0],
        "decay_step": 3600.0,
        "observed_until": 120 * 3600.0,
    }
    params = study.Params(grids={"digg_synth": spec}, n_boot=10, seed=5)
    args = (d["events"], d["items"], "digg_synth", True, "s", params)
    return study.run(*args), study.run(*args)


def test_study_tables_follow_the_contract_and_are_deterministic(digg_tables):
    a, b = digg_tables
    assert list(a["novelty"].columns) == contracts.columns("novelty_decay")
    assert list(a["correlation"].columns) == contracts.columns("prediction_correlation")
    assert list(a["error"].columns) == contracts.columns("prediction_error")
    assert list(a["limits"].columns) == contracts.columns("prediction_limits")
    for k in a:
        pd.testing.assert_frame_equal(a[k], b[k])
    nov = a["novelty"].iloc[0]
    assert nov["n_items"] == 300 and nov["half_life_unit"] == "h" and bool(nov["synthetic"])
    assert set(a["error"]["predictor"]) == set(PREDICTORS)
    assert (a["error"]["n_test"] == 150).all()


def test_correlation_rises_and_error_falls_with_the_indicator_time(digg_tables):
    tabs, _ = digg_tables
    r = tabs["correlation"]["pearson_r_log"].to_numpy()
    assert np.all(np.diff(r) > 0) and r[0] > 0.9
    for name in ("LN", "CS", "GP", "GBM"):
        e = tabs["error"].query("predictor == @name")["rse_mean"].to_numpy()
        assert np.all(np.diff(e) < 0), name
    lim = tabs["limits"]
    assert lim.query("information == 'ex_ante'")["r2"].iloc[0] < 0.05  # nothing is known ex ante
    assert lim.query("information == 'early'")["r2"].min() > 0.8


def test_too_few_items_leave_only_seismic():
    ev = pd.DataFrame(
        {
            "item_id": "one",
            "user_id": [f"u{i}" for i in range(30)],
            "time": np.linspace(0, 7200, 30),
            "followers": 100.0,
        }
    )
    params = study.Params(grids={"one": {"t_r": 7000, "t_i": [600, 3600]}}, n_boot=0, min_items=20)
    tabs = study.run(ev, None, "one", False, "s", params)
    assert tabs["error"]["predictor"].tolist() == ["SEISMIC", "SEISMIC"]
    assert tabs["novelty"]["n_items"].iloc[0] == 1
    assert len(tabs["limits"]) == 0


def test_study_returns_its_parts(digg_tables):
    assert set(digg_tables[0]) == set(study.PARTS)


def test_gather_stacks_the_parts_into_the_contract_tables_and_figures(digg_tables, tmp_path):
    parts = {}
    for name in study.PARTS:
        path = tmp_path / f"{name}.csv"
        digg_tables[0][name].to_csv(path, index=False)
        parts[name] = [path]
    tables, figures = gather.run(parts)
    assert list(tables) == contracts.of_study("B")
    for name, df in tables.items():
        assert list(df.columns) == contracts.columns(name)
    assert tables["prediction_error"]["predictor"].tolist()[:4] == ["LN"] * 4
    assert set(figures) == {"scatter", "correlation", "error", "decay", "lognormal"} | {
        "popularity",
        "seismic",
    }
    assert all(isinstance(f, Figure) for f in figures.values())
    for f in figures.values():
        plt.close(f)
