"""Issue 11 at the workflow level, run as a user would in a temporary copy: planning a csv data set with
items (defect 1), raw data never deleted (2), relative paths (3), a failed run leaves no table of a data set
no longer configured (12) and ends with the data error (13), Study D follows the tables (15)."""

from __future__ import annotations

import textwrap
from pathlib import Path

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


def test_planning_follows_each_data_sets_tables(workdir, snake, jobs_of):
    """Defects 1, 3, 15: a csv data set with an items file plans Study C; a relative path under
    data/external plans; Study D runs on every data set with edges or events."""
    wd = workdir(MINE + SMALL)
    _user_files(wd)
    proc = snake(wd, "-n")
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


def test_forced_reruns_and_delete_all_output_leave_data_untouched(workdir, snake, digest_of):
    """Defect 2: no rule claims a user's file; `-F` and `--delete-all-output` leave data/ as it was."""
    wd = workdir(MINE + SMALL)
    _user_files(wd)
    before = digest_of(wd / "data")
    targets = ["results/data/mine/manifest.json", "results/data/mine_relative/manifest.json"]
    proc = snake(wd, *targets)
    assert proc.returncode == 0, proc.stderr[-4000:]
    proc = snake(wd, "-F", *targets)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "rule download" not in proc.stdout + proc.stderr
    assert digest_of(wd / "data") == before
    proc = snake(wd, "--delete-all-output")
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert digest_of(wd / "data") == before
    assert not (wd / "results" / "data" / "mine" / "manifest.json").exists()


def test_a_download_is_an_output_only_until_it_exists(workdir, snake, digest_of, tmp_path):
    origin = tmp_path / "origin" / "ev.csv"
    origin.parent.mkdir()
    origin.write_text("item_id,user_id,time\na,u1,1\na,u2,2\n")
    cfg = f"""download: true
datasets:
  fetched:
    format: csv
    dir: fetched
    files:
      events: {{path: ev.csv, url: "{origin.as_uri()}"}}
{SMALL}"""
    wd = workdir(cfg)
    target = "results/data/fetched/manifest.json"
    proc = snake(wd, target)
    assert proc.returncode == 0, proc.stderr[-4000:]
    got = wd / "data" / "downloads" / "fetched" / "ev.csv"
    assert got.read_bytes() == origin.read_bytes()
    before = digest_of(wd / "data")
    for args in (("-F", target), ("--delete-all-output",)):
        proc = snake(wd, *args)
        assert proc.returncode == 0, proc.stderr[-4000:]
        assert digest_of(wd / "data") == before


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
