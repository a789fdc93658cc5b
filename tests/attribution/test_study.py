"""Tests of Study A's entry points (virality.attribution.study) and figures: parameters from the schema,
tables through the contracts, every figure a Figure."""

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure
from snakemake.utils import validate

from virality import contracts, settings, synth
from virality.attribution import figures, study
from virality.attribution.trajectories import TrajectoryRule

SCHEMA = Path(__file__).resolve().parents[2] / "workflow" / "schemas" / "attribution.schema.yaml"


def test_params_defaults_are_the_schema_defaults():
    section = {}
    validate(section, str(SCHEMA))  # fills the schema's defaults, as the workflow does
    p = settings.from_config(study.Params, section, seed=7)
    assert p == study.Params(seed=7)
    assert isinstance(p.trajectory, TrajectoryRule) and p.timeseries.background == "exposure"
    assert p.size_bins == (2, 10, 100, 1000) and p.exclude_graph == ("higgs",)
    assert p.timeseries.cap("twitter1516") == 300 and p.timeseries.cap("higgs") == 2000
    assert p.timeseries.kernels == ("exponential", "power_law")


def test_params_reject_unknown_nested_key():
    with pytest.raises(ValueError, match="attribution.trajectory: unknown key"):
        settings.from_config(study.Params, {"trajectory": {"jump": 0.1}})


@pytest.fixture(scope="module")
def small_world():
    d = synth.flickr_like(n_users=2_000, n_items=60, seed=1)
    p = study.Params(n_boot=20, n_perm=2, n_placebo=1, threads=1, seed=3)
    adoptions, per_item, wom, sk1 = study.run_social(p, "w", d["events"], d["edges"], d["items"])
    classes, summary, sk2 = study.run_trajectories(p, "w", adoptions, d["exposures"])
    assert sk1 == sk2 == []
    return d, p, adoptions, per_item, wom, classes, summary


def test_run_social_and_trajectories_outputs(small_world):
    d, _, adoptions, per_item, wom, classes, summary = small_world
    assert list(adoptions.columns) == ["item_id", "user_id", "time", "seed", "social"]
    assert len(per_item) == len(d["items"]) and wom["n_items"] == len(d["items"])
    assert set(wom["labelled_social_by_true_channel"]) == {"editorial", "other", "seed", "social"}
    assert 0 < wom["wom_share"] < 1 and wom["wom_ci_low"] < wom["wom_share"] < wom["wom_ci_high"]
    assert len(classes) == len(d["items"])
    assert summary["trajectory"].tolist() == ["editorial", "word_of_mouth", "hybrid"]


def test_tables_follow_the_contracts(small_world):
    _, p, _, _, wom, _, summary = small_world
    manifests = {"b_synth": {"synthetic": True, "truth": {"realised_wom_share": 0.5}}, "a": {}}
    external = {"a": {"n_items_fitted": 3, "n_adoptions_fitted": 40, "bass_external_share": 0.4}}
    t = study.attribution_table(manifests, {"b_synth": wom}, external)
    assert list(t.columns) == contracts.columns("attribution")
    assert t["graph"].isna().tolist() == [True, False] and t["graph"].iloc[1] == "static"
    assert t["hawkes_kernel"].isna().all()
    assert t["wom_share_corrected_matched"].iloc[1] == wom["wom_share_corrected_matched"]
    e = study.estimators_table(manifests, {"b_synth": wom}, external, {"b_synth": wom})
    assert list(e.columns) == contracts.columns("attribution_estimators")
    got = e.loc[e["dataset"] == "b_synth", ["graph", "estimator"]].agg("/".join, axis=1).tolist()
    assert got[:5] == [
        "symmetrised/naive",
        "symmetrised/time_shuffle_excess",
        "symmetrised/placebo_uniform",
        "symmetrised/placebo_matched",
        "as_listed/naive",
    ]
    naive = e.loc[(e["dataset"] == "b_synth") & (e["estimator"] == "naive")].iloc[0]
    assert naive["bias"] == pytest.approx(wom["wom_share"] - 0.5)
    bass = e.loc[(e["dataset"] == "a") & (e["estimator"] == "one_minus_bass_external")]
    assert bass["estimate"].tolist() == [pytest.approx(0.6)] and bass["graph"].tolist() == ["none"]
    assert t["dataset"].tolist() == ["a", "b_synth"] and t["synthetic"].tolist() == [False, True]
    assert t["n_items"].tolist() == [3, wom["n_items"]] and str(t["n_items"].dtype) == "Int64"
    assert t["true_wom_share"].isna().tolist() == [True, False]
    tr = study.trajectories_table({"b_synth": summary}, manifests)
    assert list(tr.columns) == contracts.columns("trajectories") and len(tr) == 3
    trees = pd.DataFrame(
        {"item_id": ["x", "y"], "size": [3, 12], "depth1_share": [1.0, 0.5]}
    ).assign(depth2plus_share=[0.0, 0.5], max_depth=[1, 3], structural_virality=[4 / 3, 2.5])
    bc = study.broadcast_table(p, {"a": trees}, manifests)
    assert list(bc.columns) == contracts.columns("broadcast_vs_viral")
    assert bc["size_bin"].tolist() == ["all", "[2,10)", "[10,100)", "[100,1000)", "[1000,inf)"]
    for name, empty in [
        ("attribution", study.attribution_table({}, {}, {})),
        ("attribution_estimators", study.estimators_table({}, {}, {})),
        ("trajectories", study.trajectories_table({}, {})),
        ("broadcast_vs_viral", study.broadcast_table(p, {}, {})),
    ]:
        assert list(empty.columns) == contracts.columns(name) and len(empty) == 0


def test_every_figure_is_a_figure(small_world):
    d, _, adoptions, _, wom, classes, _ = small_world
    manifests = {"flickr_synth": {"synthetic": True, "time_unit": "s"}}
    table = study.attribution_table(manifests, {"flickr_synth": wom}, {})
    trees = {"t": pd.DataFrame({"size": [1, 3, 5], "structural_virality": [None, 4 / 3, 1.6]})}
    est = study.estimators_table(manifests, {"flickr_synth": wom}, {})
    made = [
        figures.estimators_figure(est),
        figures.estimators_figure(est.iloc[:0]),
        figures.wom_figure(table, {"flickr_synth": wom}),
        figures.wom_figure(table.iloc[:0], {}),
        figures.trajectories_figure(
            {"flickr_synth": adoptions}, {"flickr_synth": classes}, manifests
        ),
        figures.trajectories_figure({}, {}, {}),
        figures.virality_figure(trees, {"t": {}}),
        figures.virality_figure({}, {}),
    ]
    assert all(isinstance(f, Figure) for f in made)


def test_every_step_says_why_it_skipped(_frame):
    p = study.Params(n_boot=5, n_perm=1, n_placebo=1, threads=1)
    ev = _frame([("x", "a", 1.0), ("x", "b", 2.0)], ["item_id", "user_id", "time"])
    items = _frame([("x", "c", 0.0)], ["item_id", "creator", "start_time"])
    edges = _frame([("a", "b")], ["source", "target"])
    adoptions, per_item, wom, rows = study.run_social(p, "tiny", ev, edges, items)
    assert (
        len(adoptions) == len(per_item) == 0 and list(adoptions.columns) == study.ADOPTION_COLUMNS
    )
    assert rows == [
        {
            "dataset": "tiny",
            "study": "A",
            "step": "social",
            "reason": "fewer than 10 adoptions (attribution.min_adoptions)",
            "counts": "n_events=2",
        }
    ]
    assert wom == {"skipped": "social: fewer than 10 adoptions (attribution.min_adoptions)"}
    per_item, ext, rows = study.run_timeseries(p, "tiny", ev, items, ev.iloc[:0])
    assert rows[0]["step"] == "timeseries" and rows[0]["counts"] == "max_adoptions=2; n_items=1"
    assert rows[0]["reason"] == (
        "no item has 10 or more adoptions (attribution.timeseries.min_adoptions)"
    )
    many = _frame([("x", f"u{k}", 5.0) for k in range(12)], ["item_id", "user_id", "time"])
    _, _, rows = study.run_timeseries(p, "flat", many, items.iloc[:0], ev.iloc[:0])
    assert rows[0]["step"] == "hawkes" and rows[0]["counts"] == "n_events=12"
    trees, rows = study.run_trees("one", ev.assign(parent_user_id=pd.NA).iloc[:1])
    assert rows[0]["reason"] == "no tree has more than one node"


def test_share_by_true_channel_is_the_join_on_item_and_user(small_world):
    d, p, adoptions, _, wom, _, _ = small_world
    events = d["events"]
    want = adoptions.merge(events[["item_id", "user_id", "channel"]], on=["item_id", "user_id"])
    want = want.groupby("channel", observed=True)["social"].mean()
    assert wom["labelled_social_by_true_channel"] == {str(k): float(v) for k, v in want.items()}
    # a repeated (item, user) pair among the events counts once per match, as in the join
    twice = pd.concat([events, events.iloc[:1].assign(channel="other")], ignore_index=True)
    adoptions2, _, again, _ = study.run_social(p, "w", twice, d["edges"], d["items"])
    want = adoptions2.merge(twice[["item_id", "user_id", "channel"]], on=["item_id", "user_id"])
    want = want.groupby("channel", observed=True)["social"].mean()
    assert again["labelled_social_by_true_channel"] == {str(k): float(v) for k, v in want.items()}
    assert again["labelled_social_by_true_channel"] != wom["labelled_social_by_true_channel"]
