"""The run's record for the paper's Reproducibility section: software versions, machine, commit, run times.

:func:`environment` lists the commit, dates, Python and package versions, cores and memory.
:func:`runtimes` reads Snakemake's own run logs (``.snakemake/log/*.snakemake.log``): each job's start and
"Finished" time stamps (one-second resolution), the latest run of each job kept, summed per study. The
logs are chosen over ``benchmark:`` files because every rule gets them without a change to its study's
rules; they measure a job's wall time including Python's start-up.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

import pandas as pd

from virality.paper import STUDIES

#: Packages whose versions the paper reports (distribution names).
PACKAGES = ("snakemake", "pandas", "numpy", "scipy", "statsmodels", "scikit-learn", "matplotlib")

#: Columns of results/paper/environment.csv and results/paper/runtimes.csv (the run's record: not results
#: tables, since they change from run to run).
ENVIRONMENT_COLUMNS = ("item", "value", "source")
RUNTIME_COLUMNS = ("study", "n_jobs", "seconds_total", "seconds_longest", "longest_rule", "source")

#: Rules that are not part of a study, by the group the paper reports them in.
OTHER_RULES = {
    "canonical_tables": "data",
    "lexicon_table": "data",
    "download": "data",
    "influence_survey_conclusions": "survey conclusions",
    "survey_conclusions": "survey conclusions",
    "skipped_table": "skipped steps",
    "seed_run": "seed check",
}


def _git(args: list[str], cwd: str | os.PathLike) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    try:
        return f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB"
    except (ValueError, OSError, AttributeError):
        return "unknown"


def environment(cores: int | None, repo: str | os.PathLike = ".", today: dt.date | None = None):
    """Rows (item, value, source) describing this run: commit, dates, versions, cores and memory."""
    commit = _git(["rev-parse", "HEAD"], repo)
    dirty = _git(["status", "--porcelain", "--untracked-files=no"], repo)
    rows = [
        ("commit", commit[:12] if commit else "not a git checkout", "git rev-parse HEAD"),
        (
            "working tree",
            ("with uncommitted changes" if dirty else "clean") if commit else "unknown",
            "git status",
        ),
        ("commit date", _git(["log", "-1", "--format=%cs"], repo) or "unknown", "git log"),
        ("build date", str(today or dt.datetime.now(dt.UTC).date()), "system clock (UTC)"),
        ("Python", platform.python_version(), "platform"),
    ]
    for pkg in PACKAGES:
        try:
            rows.append((pkg, metadata.version(pkg), "importlib.metadata"))
        except metadata.PackageNotFoundError:
            rows.append((pkg, "not installed", "importlib.metadata"))
    rows += [
        ("cores given to Snakemake", str(cores) if cores else "unknown", "snakemake --cores"),
        ("cores of the machine", str(os.cpu_count()), "os.cpu_count"),
        ("memory of the machine", _memory_gib(), "/proc/meminfo"),
        ("platform", platform.platform(terse=True), "platform"),
    ]
    return pd.DataFrame(rows, columns=list(ENVIRONMENT_COLUMNS))


_STAMP = re.compile(r"^\[(\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4})\]$")
_RULE = re.compile(r"^(?:local)?rule (\w+):$")
_JOBID = re.compile(r"^\s+jobid: (\d+)$")
_OUTPUT = re.compile(r"^\s+output: (.*)$")
_FINISHED = re.compile(r"^Finished (?:jobid: (\d+)|job (\d+)\.)")


def parse_log(text: str) -> list[dict]:
    """Jobs of one Snakemake run log: rule, outputs, start and end (jobs that did not finish are left out)."""
    started, done = {}, []
    stamp, rule, outputs = None, None, ""
    for line in text.splitlines():
        if m := _STAMP.match(line):
            stamp = dt.datetime.strptime(m.group(1), "%a %b %d %H:%M:%S %Y")
        elif m := _RULE.match(line):
            rule, outputs, start = m.group(1), "", stamp
        elif (m := _OUTPUT.match(line)) and rule:
            outputs = m.group(1)
        elif (m := _JOBID.match(line)) and rule:
            started[m.group(1)] = (rule, outputs, start)
            rule = None
        elif (m := _FINISHED.match(line)) and stamp is not None:
            job = m.group(1) or m.group(2)
            if job in started:
                r, outs, t0 = started.pop(job)
                if t0 is not None:
                    done.append({"rule": r, "outputs": outs, "start": t0, "end": stamp})
    return done


def rule_group(rule: str) -> str:
    """The study (by its letter) or group a rule belongs to: by the study's rule prefix, else
    :data:`OTHER_RULES`, else "paper" for the paper's rules."""
    if rule in OTHER_RULES:
        return OTHER_RULES[rule]
    for letter, study in STUDIES.items():
        if rule.startswith(study["figure_prefix"] + "_"):
            return f"Study {letter}"
    return "paper" if rule.startswith(("paper", "published", "seed")) else "other"


def runtimes(logs: Iterable[str | os.PathLike]) -> pd.DataFrame:
    """Per study: jobs, summed and longest wall time, from the run logs (the latest run of each job)."""
    latest: dict[tuple, dict] = {}
    for path in sorted(map(Path, logs)):
        for job in parse_log(path.read_text(errors="replace")):
            key = (job["rule"], job["outputs"])
            if key not in latest or job["end"] >= latest[key]["end"]:
                latest[key] = job
    rows: dict[str, dict] = {}
    for job in latest.values():
        if job["rule"] == "all":
            continue
        g = rule_group(job["rule"])
        secs = (job["end"] - job["start"]).total_seconds()
        r = rows.setdefault(
            g, {"study": g, "n_jobs": 0, "seconds_total": 0.0, "seconds_longest": -1}
        )
        r["n_jobs"] += 1
        r["seconds_total"] += secs
        if secs > r["seconds_longest"]:
            r["seconds_longest"], r["longest_rule"] = secs, job["rule"]
    out = pd.DataFrame(
        sorted(rows.values(), key=lambda r: r["study"]), columns=list(RUNTIME_COLUMNS)
    )
    out["source"] = "Snakemake run logs (.snakemake/log), start and finish stamps of each job"
    return out


def write_record(cores: int | None, log_dir: str | os.PathLike, out: Mapping[str, str]) -> None:
    """``out['environment']`` and ``out['runtimes']`` (CSV) for this checkout and its run logs."""
    from virality import files

    files.write_csv(environment(cores), out["environment"])
    files.write_csv(runtimes(Path(log_dir).glob("*.snakemake.log")), out["runtimes"])
