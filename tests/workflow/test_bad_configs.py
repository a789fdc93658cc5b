"""Bad configurations and bad input, run as a user would in a temporary copy: each fails (or warns) with a
clear message, quoted verbatim, and leaves no half-written output."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group(name="e2e_own")]


BAD_CSV = """datasets:
  broken:
    format: csv
    files:
      events: {path: bad_events.csv}
lexicons: {}
"""


def test_bad_input_fails_clearly_and_leaves_nothing(workdir, snake):
    wd = workdir(BAD_CSV)
    (wd / "bad_events.csv").write_text("item_id,user_id,time\na,u1,1\na,u2,later\n")
    proc = snake(wd, "results/data/broken/manifest.json")
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


def test_unknown_config_key_is_an_error(workdir, snake):
    wd = workdir("datasetz: {}\ndatasets: {}\n")
    proc = snake(wd, "-n")
    assert proc.returncode != 0
    assert (
        "Additional properties are not allowed ('datasetz' was unexpected)"
        in proc.stdout + proc.stderr
    )


def test_missing_data_set_is_reported_once(workdir, snake):
    cfg = """datasets:
  gone:
    format: csv
    dir: nowhere
    url: https://example.org/gone
    files:
      events: {path: events.csv}
lexicons: {}
"""
    wd = workdir(cfg)
    proc = snake(wd, "--list-rules")  # parsing the workflow is enough to report it
    assert proc.returncode == 0, proc.stderr[-3000:]
    msg = "virality: data set 'gone': events.csv not found in"
    assert proc.stderr.count(msg) == 1
    assert "download it from https://example.org/gone into data/external/nowhere" in proc.stderr


def test_the_workflow_runs_of_a_group_share_one_worker(request):
    """Under ``--dist loadgroup`` (``make test``) a group's tests go to one worker, so the runs they share are
    built once: the group stands in the node id the scheduler reads (tests/conftest.py, pytest-xdist#1386)."""
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run with --dist loadgroup")
    assert request.node.nodeid.endswith("@e2e_own"), request.node.nodeid
