"""Issue 11 at the workflow level, run as a user would in a temporary copy: planning a csv data set with
items (defect 1), raw data never deleted (2), relative paths (3), a failed run leaves no table of a data set
no longer configured (12) and ends with the data error (13), Study D follows the tables (15)."""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group(name="e2e_own")]

SMALL = """
attribution: {n_boot: 20, n_perm: 2, n_placebo: 1}
prediction: {n_boot: 10}
content: {}
influence: {n_nodes: 200, mean_degrees: [1, 4], thresholds: [0.18], n_graphs: 1, n_seeds: 5, n_boot: 20,
  real_keep_fractions: [1.0], musiclab_strengths: [0.0, 0.9], musiclab_listens: 50, musiclab_markets: 2}
paper: {}
lexicons: {}
"""

MINE = """datasets:
  mine:
    format: csv
    dir: mine
    files:
      events: {path: events.csv}
  mine_relative:
    format: csv
    dir: mine
    files:
      events: {path: data/external/mine/events.csv}
  photos:
    format: csv
    files:
      events: {path: data/examples/favourites.csv}
      edges: {path: data/examples/follows.csv}
    columns: {item_id: photo, user_id: user, time: marked_at, source: fan, target: followed}
    time_unit: datetime
  posts:
    format: csv
    files:
      items: {path: data/examples/posts.csv}
    columns: {item_id: post_id, title: headline, outcome: shares, start_time: published}
    time_unit: datetime
"""


def _user_files(wd: Path) -> None:
    mine = wd / "data" / "external" / "mine"
    mine.mkdir(parents=True)
    (mine / "events.csv").write_text("item_id,user_id,time\na,u1,1\na,u2,5\nb,u1,9\n")
    (mine / "notes.txt").write_text("my own notes, not an input\n")


ORIGIN = "item_id,user_id,time\na,u1,1\na,u2,2\nb,u1,5\n"
TARGETS = [f"results/data/{d}/manifest.json" for d in ("mine", "mine_relative", "fetched")]


def _fetched(url: str, sha: str) -> str:
    """A data set downloaded from ``url`` into data/downloads/fetched/ (config ``download: true``)."""
    return f"""  fetched:
    format: csv
    dir: fetched
    files:
      events: {{path: ev.csv, url: "{url}", sha256: {sha}}}
"""


@pytest.fixture(scope="module")
def user_data(session_workdir, snake, digest_of, tmp_path_factory):
    """One copy with the user's own data sets (MINE) and a downloaded one, run step by step as a user
    would: planned (``-n``), built, forced (``-F``), then ``--delete-all-output``. Each step's process and
    the digest of data/ after it are kept for the tests; nothing else touches this copy."""
    origin = tmp_path_factory.mktemp("origin") / "ev.csv"
    origin.write_text(ORIGIN)
    sha = hashlib.sha256(origin.read_bytes()).hexdigest()
    wd = session_workdir("download: true\n" + MINE + _fetched(origin.as_uri(), sha) + SMALL, "user")
    _user_files(wd)
    got = {"origin": origin, "sha": sha, "data_before": digest_of(wd / "data")}
    got["plan"] = snake(wd, "-n")
    got["build"] = snake(wd, *TARGETS)
    manifest = wd / "results" / "data" / "fetched" / "manifest.json"
    got["manifest"] = json.loads(manifest.read_text()) if manifest.exists() else None
    downloaded = wd / "data" / "downloads" / "fetched" / "ev.csv"
    got["downloaded"] = downloaded.read_bytes() if downloaded.exists() else None
    got["data_built"] = digest_of(wd / "data")
    got["force"] = snake(wd, "-F", *TARGETS)
    got["data_forced"] = digest_of(wd / "data")
    got["delete"] = snake(wd, "--delete-all-output")
    got["data_deleted"] = digest_of(wd / "data")
    got["mine_left"] = (wd / "results" / "data" / "mine" / "manifest.json").exists()
    return got


def test_planning_follows_each_data_sets_tables(user_data, jobs_of):
    """Defects 1, 3, 15: a csv data set with an items file plans Study C; a relative path under
    data/external plans; Study D runs on every data set with edges or events."""
    proc = user_data["plan"]
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "reserved for internal use" not in proc.stderr
    assert "InputFunctionException" not in proc.stderr
    jobs = set(jobs_of(proc.stdout))
    for d in ("mine", "mine_relative", "photos", "posts"):
        assert ("canonical_tables", d) in jobs
    assert ("content_features", "posts") in jobs and ("content_models", "posts") in jobs
    assert {("influence_dataset", d) for d in ("mine", "mine_relative", "photos")} <= jobs
    assert ("influence_dataset", "posts") not in jobs  # items only: neither graph nor cascades
    assert ("attribution_social", "photos") in jobs


def test_forced_reruns_and_delete_all_output_leave_data_untouched(user_data):
    """Defect 2: no rule claims a user's file; `-F` and `--delete-all-output` leave data/ as it was."""
    for step in ("build", "force", "delete"):
        assert user_data[step].returncode == 0, user_data[step].stderr[-4000:]
    assert "rule download" not in user_data["force"].stdout + user_data["force"].stderr
    users = {k: v for k, v in user_data["data_built"].items() if not k.startswith("downloads/")}
    assert users == user_data["data_before"]
    assert user_data["data_forced"] == user_data["data_built"]
    assert user_data["data_deleted"] == user_data["data_built"]
    assert not user_data["mine_left"]


def test_a_download_is_an_output_only_until_it_exists(user_data):
    assert user_data["build"].returncode == 0, user_data["build"].stderr[-4000:]
    assert user_data["downloaded"] == user_data["origin"].read_bytes()
    for step in ("force", "delete"):
        assert user_data[step].returncode == 0, user_data[step].stderr[-4000:]
    assert user_data["data_forced"] == user_data["data_built"]
    assert user_data["data_deleted"] == user_data["data_built"]
    assert "downloads/fetched/ev.csv" in user_data["data_built"]


def test_download_checks_the_checksum(user_data, workdir, snake):
    assert user_data["build"].returncode == 0, user_data["build"].stderr[-3000:]
    assert user_data["downloaded"] == user_data["origin"].read_bytes()
    assert user_data["manifest"]["files"]["events"] == {
        "path": "fetched/ev.csv",
        "sha256": user_data["sha"],
        "verified": True,
    }

    wrong = "f" * 64
    wd = workdir(
        "download: true\ndatasets:\n" + _fetched(user_data["origin"].as_uri(), wrong) + SMALL
    )
    proc = snake(wd, "results/data/fetched/manifest.json")
    assert proc.returncode != 0
    sha = user_data["sha"]
    assert f"checksum mismatch: expected sha256 {wrong}, got {sha}" in proc.stdout + proc.stderr
    assert not (wd / "data" / "downloads" / "fetched" / "ev.csv").exists()


BROKEN = """  broken:
    format: csv
    files:
      events: {path: broken.csv}
"""


def _synth(name: str) -> str:
    return f"""  {name}:
    format: synth_flickr
    seed: 3
    params: {{n_users: 400, n_items: 40, wom_share: 0.5}}
"""


def test_a_failed_run_ends_with_the_data_error_and_keeps_no_stale_table(workdir, snake):
    """Defects 12 and 13: after a failure no table describes a data set no longer configured, and the
    data error is the last thing on the console."""
    target = "results/tables/influence_consistency.csv"
    wd = workdir("datasets:\n" + _synth("old") + _synth("kept") + SMALL)
    proc = snake(wd, target)
    assert proc.returncode == 0, proc.stderr[-4000:]
    table = wd / target
    assert "old," in table.read_text() and "kept," in table.read_text()

    (wd / "broken.csv").write_text("item_id,user_id,time\na,u1,1\n\na,u2,in a while\n")
    (wd / "config" / "config.yaml").write_text("datasets:\n" + _synth("kept") + BROKEN + SMALL)
    proc = snake(wd, target)
    assert proc.returncode != 0
    assert not table.exists(), "a table describing the removed data set 'old' is left behind"
    tail = proc.stderr.rstrip("\n").splitlines()[-2:]
    assert tail == [
        "virality: the run stopped:",
        "  broken.csv: column 'time', line 4: expected a number (time in s), got 'in a while'",
    ]


def test_readme_documents_the_new_keys():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Add your own data set", 1)[1].split("\n## ", 1)[0]
    for text in ("duplicates: keep_first", "followers", "data/examples/retweets.csv", "posts.csv"):
        assert text in section, text
    assert textwrap.dedent(section).count("```yaml") >= 3
