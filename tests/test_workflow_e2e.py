"""End-to-end: the workflow on the tiny configuration in .test/, run as a user would.

The repository's workflow files are copied to a temporary folder with ``.test/config.yaml`` as the
configuration (the README's own-data example, the smallest real data set and small synthetic ones), and run
twice from scratch: both runs must succeed, give byte-identical ``results/data`` and ``results/tables``, and a
second invocation must find nothing to do. Bad configurations must fail with a clear message and leave no
half-written output.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT.parent / "shared" / "data").resolve()
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
COPY = ("Snakefile", "workflow", "config", "data", "paper", ".test")

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group(name="e2e")]


def _workdir(tmp: Path, config_text: str | None = None) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(
                src,
                tmp / name,
                ignore=shutil.ignore_patterns("build", "external", "downloads", "__pycache__"),
            )
        elif src.exists():
            shutil.copy2(src, tmp / name)
    cfg = config_text if config_text is not None else (ROOT / ".test" / "config.yaml").read_text()
    (tmp / "config" / "config.yaml").write_text(cfg)
    (tmp / "shared-data").symlink_to(SHARED, target_is_directory=True)
    return tmp


def _run(workdir: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    # relative folders, as in a checkout: a copy moved elsewhere finds its data at the same paths
    env["VIRALITY_DATA"] = os.pathsep.join(["data/external", "shared-data"])
    env.setdefault("MPLBACKEND", "Agg")
    return subprocess.run(
        [SNAKEMAKE, "--cores", "2", *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    runs = []
    for name in ("run1", "run2"):
        wd = _workdir(tmp_path_factory.mktemp(name))
        proc = _run(wd)
        assert proc.returncode == 0, f"workflow failed in {wd}:\n{proc.stderr[-6000:]}"
        runs.append(wd)
    return runs


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


def test_second_invocation_has_nothing_to_do(two_runs):
    proc = _run(two_runs[0], "-n")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Nothing to be done" in proc.stdout + proc.stderr


def test_moved_checkout_has_nothing_to_do(two_runs, tmp_path):
    """A finished checkout copied to another folder plans no job (no absolute path in rule params)."""
    moved = tmp_path / "elsewhere" / "checkout"
    shutil.copytree(two_runs[0], moved, symlinks=True)
    proc = _run(moved, "-n")
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
    "practice_levers_gather",
    "prediction_gather",
    "skipped_table",
    "survey_conclusions",
    "published_vs_reproduced",
    "paper",
}


def _planned_jobs(dry_run: str) -> list[tuple[str, str]]:
    """(rule, dataset wildcard or "") of each job a dry run lists."""
    jobs = []
    for block in re.split(r"\n(?=(?:local)?rule \w+:)", dry_run):
        m = re.match(r"(?:local)?rule (\w+):", block.strip())
        if m:
            w = re.search(r"wildcards: .*?\bdataset=(\w+)", block)
            jobs.append((m[1], w[1] if w else ""))
    return jobs


def test_adding_a_data_set_reruns_only_its_jobs_and_the_gathers(two_runs, tmp_path):
    """Issue 11: one more data set plans its own jobs, the gathers and the paper; nothing of the others."""
    wd = tmp_path / "added"
    shutil.copytree(two_runs[0], wd, symlinks=True)
    cfg = (wd / "config" / "config.yaml").read_text()
    (wd / "config" / "config.yaml").write_text(cfg.replace("datasets:\n", "datasets:\n" + ADDED, 1))
    proc = _run(wd, "-n")
    assert proc.returncode == 0, proc.stderr[-3000:]
    jobs = _planned_jobs(proc.stdout)
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


def test_odd_data_sets_are_skipped_and_everything_else_is_built(two_runs, tmp_path):
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
    proc = _run(wd)
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


def test_two_runs_are_byte_identical(two_runs):
    for sub in ("results/data", "results/tables"):
        a, b = _digest(two_runs[0] / sub), _digest(two_runs[1] / sub)
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


BAD_CSV = """datasets:
  broken:
    format: csv
    files:
      events: {path: bad_events.csv}
lexicons: {}
"""


def test_bad_input_fails_clearly_and_leaves_nothing(tmp_path):
    wd = _workdir(tmp_path / "bad", BAD_CSV)
    (wd / "bad_events.csv").write_text("item_id,user_id,time\na,u1,1\na,u2,later\n")
    proc = _run(wd, "results/data/broken/manifest.json")
    assert proc.returncode != 0
    # the data error is also the console's last line (issue 11, defect 13)
    assert proc.stderr.rstrip("\n").splitlines()[-2:] == [
        "virality: the run stopped:",
        "  bad_events.csv: column 'time', line 3: expected a number (time in s), got 'later'",
    ]
    leftovers = (
        [p for p in (wd / "results").rglob("*") if p.is_file()] if (wd / "results").exists() else []
    )
    assert leftovers == []


def test_unknown_config_key_is_an_error(tmp_path):
    wd = _workdir(tmp_path / "typo", "datasetz: {}\ndatasets: {}\n")
    proc = _run(wd, "-n")
    assert proc.returncode != 0
    assert (
        "Additional properties are not allowed ('datasetz' was unexpected)"
        in proc.stdout + proc.stderr
    )


def test_missing_data_set_is_reported_once(tmp_path):
    cfg = """datasets:
  gone:
    format: csv
    dir: nowhere
    url: https://example.org/gone
    files:
      events: {path: events.csv}
lexicons: {}
"""
    wd = _workdir(tmp_path / "missing", cfg)
    proc = _run(wd, "--list-rules")  # parsing the workflow is enough to report it
    assert proc.returncode == 0, proc.stderr[-3000:]
    msg = "virality: data set 'gone': events.csv not found in"
    assert proc.stderr.count(msg) == 1
    assert "download it from https://example.org/gone into data/external/nowhere" in proc.stderr


def _download_config(url: str, sha: str) -> str:
    return f"""download: true
datasets:
  fetched:
    format: csv
    dir: fetched
    files:
      events: {{path: ev.csv, url: "{url}", sha256: {sha}}}
lexicons: {{}}
"""


def test_download_checks_the_checksum(tmp_path):
    src = tmp_path / "origin" / "ev.csv"
    src.parent.mkdir()
    src.write_text("item_id,user_id,time\na,u1,1\na,u2,2\nb,u1,5\n")
    sha = hashlib.sha256(src.read_bytes()).hexdigest()

    wd = _workdir(tmp_path / "ok", _download_config(src.as_uri(), sha))
    proc = _run(wd, "results/data/fetched/manifest.json")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (wd / "data" / "downloads" / "fetched" / "ev.csv").read_bytes() == src.read_bytes()

    manifest = json.loads((wd / "results" / "data" / "fetched" / "manifest.json").read_text())
    assert manifest["files"]["events"] == {
        "path": "fetched/ev.csv",
        "sha256": sha,
        "verified": True,
    }

    wrong = "f" * 64
    wd = _workdir(tmp_path / "bad", _download_config(src.as_uri(), wrong))
    proc = _run(wd, "results/data/fetched/manifest.json")
    assert proc.returncode != 0
    assert f"checksum mismatch: expected sha256 {wrong}, got {sha}" in proc.stdout + proc.stderr
    assert not (wd / "data" / "downloads" / "fetched" / "ev.csv").exists()
