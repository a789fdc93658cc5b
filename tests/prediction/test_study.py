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
    assert list(a["decay_models"].columns) == contracts.columns("novelty_decay_models")
    assert list(a["popularity"].columns) == contracts.columns("popularity_distribution")
    for k in a:
        pd.testing.assert_frame_equal(a[k], b[k])
    nov = a["novelty"].iloc[0]
    assert nov["n_items"] == 300 and nov["half_life_unit"] == "h" and bool(nov["synthetic"])
    # no exposures, so the threshold clock (the 10th vote; Digg-like stories start with ~90 at promotion)
    assert nov["clock_origin"] == "threshold" and nov["clock_n0"] == 10
    assert nov["decay_best_model"] == "stretched_exponential" and not nov["decay_b_at_bound"]
    for part in ("novelty", "error", "limits", "decay_models", "popularity", "grid"):
        assert (a[part]["clock_origin"] == "threshold").all(), part
    # the correlation's primary rows are on the study's clock; the old setup is a sensitivity
    co = a["correlation"]
    assert set(co.query("primary")["clock_origin"]) == {"threshold"}
    assert set(co.query("primary")["selection"]) == {"at_t_i"}
    assert set(zip(co["clock_origin"], co["selection"], strict=True)) == {
        ("threshold", "at_t_i"),
        ("threshold", "final_size"),
        ("first_event", "at_t_i"),
        ("first_event", "final_size"),
    }
    # SEISMIC needs follower counts: a skip row says so, and it is not among the predictors
    assert set(a["error"]["predictor"]) == set(PREDICTORS) - {"SEISMIC"}
    assert a["skipped"]["step"].tolist() == ["SEISMIC", "activity clock"]
    assert a["skipped"]["reason"].iloc[0] == (
        "no follower counts: SEISMIC weighs every post by its poster's followers"
    )
    assert (a["error"]["n_test"] == 150).all()


def test_correlation_rises_and_error_falls_with_the_indicator_time(digg_tables):
    tabs, _ = digg_tables
    r = tabs["correlation"].query("primary")["pearson_r_log"].to_numpy()
    assert np.all(np.diff(r) > 0) and r[0] > 0.9
    for name in ("LN", "CS", "GP", "GBM"):
        e = tabs["error"].query("predictor == @name")["rse_mean"].to_numpy()
        assert np.all(np.diff(e) < 0), name
    lim = tabs["limits"]
    assert lim.query("information == 'ex_ante'")["r2"].iloc[0] < 0.05  # nothing is known ex ante
    assert lim.query("information == 'early'")["r2"].min() > 0.8


def test_too_few_items_leave_only_seismic_and_say_why():
    ev = pd.DataFrame(
        {
            "item_id": "one",
            "user_id": [f"u{i}" for i in range(30)],
            "time": np.linspace(0, 7200, 30),
            "followers": 100.0,
        }
    )
    grids = {"one": {"t_r": 7000, "t_i": [600, 3600]}}
    params = study.Params(grids=grids, n_boot=0, min_items=20, clock_origin="first_event")
    tabs = study.run(ev, None, "one", False, "s", params)
    assert tabs["error"]["predictor"].tolist() == ["SEISMIC", "SEISMIC"]
    assert tabs["novelty"]["n_items"].iloc[0] == 1
    assert len(tabs["limits"]) == 0
    assert tabs["skipped"]["step"].tolist() == [
        "activity clock",
        "correlation",
        "novelty decay",
        "popularity distribution",
    ]
    assert tabs["skipped"]["reason"].iloc[2] == "fewer than 2 items observed to t_r"


def test_study_returns_its_parts(digg_tables):
    assert set(digg_tables[0]) == set(study.PARTS)


def test_gather_stacks_the_parts_into_the_contract_tables_and_figures(digg_tables, tmp_path):
    parts = {}
    for name in [p for p in study.PARTS if p != "skipped"]:
        path = tmp_path / f"{name}.csv"
        digg_tables[0][name].to_csv(path, index=False)
        parts[name] = [path]
    tables = gather.run(parts)
    figures = gather.draw({part: parts[part] for part in gather.FIGURE_PARTS})
    assert list(tables) == contracts.of_study("B")
    for name, df in tables.items():
        assert list(df.columns) == contracts.columns(name)
    assert tables["prediction_error"]["predictor"].tolist()[:4] == ["LN"] * 4
    assert set(tables["novelty_decay_models"]["model"]) == {
        "stretched_exponential",
        "power_law",
        "exponential",
    }
    assert set(figures) == {"scatter", "correlation", "error", "decay", "lognormal"} | {
        "popularity",
        "seismic",
    }
    assert all(isinstance(f, Figure) for f in figures.values())
    for f in figures.values():
        plt.close(f)


# --------------------------------------------------------------------------------------------------
# issue 11 (Study B): ordinary and degenerate data are run or skipped with a reason, never a crash


def _events(sizes, spread=3600.0, seed=0, same_time=False):
    rng = np.random.default_rng(seed)
    rows = []
    for i, k in enumerate(sizes):
        t = np.zeros(k) if same_time else np.sort(rng.uniform(0, spread, k))
        rows += [(f"i{i}", f"u{i}_{j}", 1000.0 * i + t[j]) for j in range(k)]
    return pd.DataFrame(rows, columns=["item_id", "user_id", "time"])


def test_defect4_forty_ordinary_items_run_the_boosting_without_an_all_missing_feature():
    # 40 items, 11-29 events each: time_to_20 is missing for every item at early t_i, which made
    # scikit-learn raise "window shape cannot be larger than input array shape"
    ev = _events(np.random.default_rng(1).integers(11, 30, size=40), spread=50_000.0)
    params = study.Params(n_boot=5, clock_origin="first_event")
    tabs = study.run(ev, None, "mine", False, "s", params)
    assert "GBM" in set(tabs["error"]["predictor"])
    assert np.isfinite(tabs["error"].query("predictor == 'GBM'")["rse_mean"]).all()
    # a data set in seconds without a grid entry: log-spaced t_i from 10 minutes (or less) to 0.7 t_r
    g = tabs["grid"].iloc[0]
    assert g["grid_kind"] == "log_seconds"
    t_i = [float(x) for x in g["t_i"].split()]
    assert t_i[0] == pytest.approx(min(600.0, 0.01 * g["t_r"]))
    assert t_i[-1] == pytest.approx(0.7 * g["t_r"])
    assert np.allclose(np.diff(np.log(t_i)), np.diff(np.log(t_i))[0])


NO_GRID = "no item lives longer than zero time after its clock origin: no time grid"


@pytest.mark.parametrize(
    ("events", "clock", "step", "reason"),
    [
        (_events([1]), "first_event", "grid", NO_GRID),
        (_events([1, 1, 1]), "first_event", "grid", NO_GRID),
        (_events([5, 7, 9], same_time=True), "first_event", "grid", NO_GRID),
        (_events([12, 14], same_time=True), "auto", "grid", NO_GRID),
        (_events([])[:0], "auto", "cascades", "no events"),
        (
            _events([3, 4]),
            "auto",
            "clock origin",
            "no item has a threshold origin (fewer than n0=10 events each)",
        ),
    ],
)
def test_defect5_tiny_or_degenerate_data_are_skipped_with_the_reason(events, clock, step, reason):
    params = study.Params(n_boot=0, clock_origin=clock)
    tabs = study.run(events, None, "tiny", False, "s", params)
    assert tabs["skipped"][["step", "reason"]].values.tolist() == [[step, reason]]
    assert set(tabs) == set(study.PARTS)
    for name in ("novelty", "error", "correlation", "decay_models", "grid"):
        assert len(tabs[name]) == 0
