"""End-to-end: the workflow on the tiny configuration in .test/, run as a user would.

The repository's workflow files are copied to a temporary folder with ``.test/config.yaml`` as the
configuration (the README's own-data example, the smallest real data set and small synthetic ones), and run
twice from scratch: both runs must succeed, give byte-identical ``results/data`` and ``results/tables``, and a
second invocation must find nothing to do. The helpers and the two runs (``two_runs``) are in
``tests/conftest.py``; bad configurations and the user's own data sets are in ``tests/workflow/``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT.parent / "shared" / "data").resolve()

#: the tests on the two full runs share one worker; the error-message runs go to the other (tests/workflow/)
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group(name="e2e_runs")]


def test_workflow_builds_every_target(two_runs):
    wd = two_runs[0]
    manifests = sorted(p.parent.name for p in (wd / "results" / "data").glob("*/manifest.json"))
    expected = {"my_photos", "my_retweets", "my_posts", "flickr_synth", "digg_synth", "nyt_synth"}
    if SHARED.exists():
        expected.add("topolstm_twitter")
    assert expected <= set(manifests)
    assert list((wd / "results" / "tables").glob("*.csv")), "no results tables were written"
    import pandas as pd

    # the README's other examples by config alone: retweets through Study B with SEISMIC, posts through C
    error = pd.read_csv(wd / "results" / "tables" / "prediction_error.csv")
    assert "SEISMIC" in set(error.loc[error["dataset"] == "my_retweets", "predictor"])
    features = pd.read_csv(wd / "results" / "tables" / "content_features.csv")
    assert "my_posts" in set(features["dataset"])
    manifest = json.loads((wd / "results" / "data" / "my_retweets" / "manifest.json").read_text())
    assert manifest["rows"]["events"] == 430 and manifest["notes"] == [
        "retweets.csv: 1 repeated adoption(s) of the same item by the same user dropped "
        "(the earliest one is kept) (duplicates: keep_first)"
    ]


def test_second_invocation_has_nothing_to_do(two_runs, snake):
    proc = snake(two_runs[0], "-n")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Nothing to be done" in proc.stdout + proc.stderr


def test_moved_checkout_has_nothing_to_do(two_runs, tmp_path, snake):
    """A finished checkout copied to another folder plans no job (no absolute path in rule params)."""
    moved = tmp_path / "elsewhere" / "checkout"
    shutil.copytree(two_runs[0], moved, symlinks=True)
    proc = snake(moved, "-n")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Nothing to be done" in proc.stdout + proc.stderr, (proc.stdout + proc.stderr)[-3000:]


ADDED = """  added:
    format: csv
    files:
      events: {path: data/examples/favourites.csv}
      edges: {path: data/examples/follows.csv}
    columns: {item_id: photo, user_id: user, time: marked_at, source: fan, target: followed}
    time_unit: datetime
"""
#: rules whose jobs read every data set: the gathers, the survey's conclusions and the paper
GATHERS = {
    "all",
    "attribution_broadcast_table",
    "attribution_figure_estimators",
    "attribution_figure_trajectories",
    "attribution_figure_virality",
    "attribution_figure_wom",
    "attribution_table",
    "attribution_trajectories_table",
    "content_figures",
    "content_tables",
    "influence_consistency",
    "influence_gather",
    "influence_figures",
    "practice_levers_gather",
    "prediction_gather",
    "prediction_figures",
    "skipped_table",
    "survey_conclusions",
    "published_vs_reproduced",
    "paper_verdicts_figure",  # the verdict overview: one column per data set
    "paper_environment",  # the run's record: every study's jobs
    "paper",
}


def test_adding_a_data_set_reruns_only_its_jobs_and_the_gathers(two_runs, tmp_path, snake, jobs_of):
    """Issue 11: one more data set plans its own jobs, the gathers and the paper; nothing of the others."""
    wd = tmp_path / "added"
    shutil.copytree(two_runs[0], wd, symlinks=True)
    cfg = (wd / "config" / "config.yaml").read_text()
    (wd / "config" / "config.yaml").write_text(cfg.replace("datasets:\n", "datasets:\n" + ADDED, 1))
    proc = snake(wd, "-n")
    assert proc.returncode == 0, proc.stderr[-3000:]
    jobs = jobs_of(proc.stdout)
    per_dataset = {d for _, d in jobs if d}
    assert per_dataset == {"added"}, jobs
    assert ("canonical_tables", "added") in jobs and ("influence_dataset", "added") in jobs
    assert {r for r, d in jobs if not d} <= GATHERS, sorted({r for r, d in jobs if not d} - GATHERS)
    assert ("paper", "") in jobs


ODD = {  # data set -> files by table, in tests/fixtures/own_data/
    "odd_one_event": {"events": "one_event.csv"},
    "odd_singletons": {"events": "singletons.csv"},
    "odd_same_instant": {"events": "same_instant.csv"},
    "odd_no_text": {"items": "items_no_text.csv"},
    "odd_negative": {"items": "negative_outcomes.csv"},
    "odd_tiny_graph": {"events": "tiny_graph_events.csv", "edges": "tiny_graph.csv"},
}


def test_odd_data_sets_are_skipped_and_everything_else_is_built(two_runs, tmp_path, snake):
    """Issue 11: odd data sets beside the normal ones: each odd one is in skipped.csv, the normal data sets'
    rows and the paper are built."""
    wd = tmp_path / "odd"
    shutil.copytree(two_runs[0], wd, symlinks=True)
    shutil.copytree(ROOT / "tests" / "fixtures" / "own_data", wd / "odd")
    entries = "".join(
        f"  {name}:\n    format: csv\n    files:\n"
        + "".join(f"      {t}: {{path: odd/{f}}}\n" for t, f in files.items())
        for name, files in ODD.items()
    )
    cfg = (wd / "config" / "config.yaml").read_text()
    (wd / "config" / "config.yaml").write_text(
        cfg.replace("datasets:\n", "datasets:\n" + entries, 1)
    )
    proc = snake(wd)
    assert proc.returncode == 0, proc.stderr[-4000:]
    import pandas as pd

    skipped = pd.read_csv(wd / "results" / "tables" / "skipped.csv")
    assert set(ODD) <= set(skipped["dataset"])
    for table in sorted((two_runs[0] / "results" / "tables").glob("*.csv")):
        before = pd.read_csv(table)
        if "dataset" in before.columns:  # every normal data set keeps its rows
            after = pd.read_csv(wd / "results" / "tables" / table.name)
            assert set(before["dataset"].dropna()) <= set(after["dataset"].dropna()), table.name
    assert (wd / "paper" / "build" / "paper.html").stat().st_size > 0


def test_two_runs_are_byte_identical(two_runs, digest_of):
    for sub in ("results/data", "results/tables"):
        a, b = digest_of(two_runs[0] / sub), digest_of(two_runs[1] / sub)
        assert a, f"{sub} is empty"
        assert a == b, f"{sub} differs between two runs: " + ", ".join(
            k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)
        )


def test_readme_example_is_the_e2e_example(two_runs):
    """The README's "Add your own data set" config block is exactly the one the end-to-end test runs."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- own-data-example -->", 2)[1]
    block = block.split("```yaml", 1)[1].split("```", 1)[0].strip("\n")
    assert block in (ROOT / ".test" / "config.yaml").read_text()
    assert len(block.strip().splitlines()) <= 10
    import pandas as pd

    events = pd.read_parquet(two_runs[0] / "results" / "data" / "my_photos" / "events.parquet")
    assert len(events) == 58 and events["item_id"].nunique() == 4
