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


def test_params_reject_unknown_nested_key():
    with pytest.raises(ValueError, match="attribution.trajectory: unknown key"):
        settings.from_config(study.Params, {"trajectory": {"jump": 0.1}})


@pytest.fixture(scope="module")
def small_world():
    d = synth.flickr_like(n_users=2_000, n_items=60, seed=1)
    p = study.Params(n_boot=20, n_perm=2, n_placebo=1, threads=1, seed=3)
    adoptions, per_item, wom = study.run_social(p, d["events"], d["edges"], d["items"])
    classes, summary = study.run_trajectories(p, adoptions, d["exposures"])
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
        ("trajectories", study.trajectories_table({}, {})),
        ("broadcast_vs_viral", study.broadcast_table(p, {}, {})),
    ]:
        assert list(empty.columns) == contracts.columns(name) and len(empty) == 0


def test_every_figure_is_a_figure(small_world):
    d, _, adoptions, _, wom, classes, _ = small_world
    manifests = {"flickr_synth": {"synthetic": True, "time_unit": "s"}}
    table = study.attribution_table(manifests, {"flickr_synth": wom}, {})
    trees = {"t": pd.DataFrame({"size": [1, 3, 5], "structural_virality": [None, 4 / 3, 1.6]})}
    made = [
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
