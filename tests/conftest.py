"""Shared by the whole suite: the Hypothesis profiles, the xdist groups, and running the workflow as a user
does in a temporary copy of the repository.

Hypothesis: the ``ci`` profile (the default) bounds every property test to ``VIRALITY_FUZZ_EXAMPLES``
examples (default 40) with no deadline; ``HYPOTHESIS_PROFILE=fuzz VIRALITY_FUZZ_EXAMPLES=5000`` hunts longer.

Workflow: ``workdir(config_text)`` copies the workflow files, the example data and ``paper/`` into a fresh
folder with ``config_text`` as ``config/config.yaml``; ``snake(folder, *args)`` runs snakemake there on 2
cores with the shared real data reachable as ``shared-data``. ``two_runs`` is the tiny configuration in
``.test/`` built twice from scratch, once per session (per xdist worker: its tests share one xdist group).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT.parent / "shared" / "data").resolve()
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
COPY = ("Snakefile", "workflow", "config", "data", "paper", ".test")

_EXAMPLES = int(os.environ.get("VIRALITY_FUZZ_EXAMPLES", "40"))
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile("ci", max_examples=_EXAMPLES, deadline=None, suppress_health_check=_QUIET)
settings.register_profile(
    "fuzz", max_examples=max(_EXAMPLES, 1000), deadline=None, suppress_health_check=_QUIET
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """``--dist loadgroup`` under pytest 9.2 (pytest-xdist#1386): xdist 3.8 writes the group suffix into
    a field pytest no longer reads, so every test became its own group and a workflow run shared by a
    group ran once per worker. Write the suffix where pytest reads it; a no-op once xdist does it."""
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        names = sorted(
            {
                str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                for m in item.iter_markers("xdist_group")
            }
        )
        suffix = "@" + "_".join(names)
        if names and not item.nodeid.endswith(suffix):
            try:
                from _pytest.nodeid import coerce_node_id
            except ImportError:  # pytest before 9.2, where xdist's own suffix works
                return
            item._id = coerce_node_id(item.nodeid + suffix)


def make_workdir(wd: Path, config_text: str) -> Path:
    """A fresh copy of the repository's workflow in ``wd`` with ``config_text`` as its configuration."""
    wd.mkdir(parents=True, exist_ok=True)
    for item in COPY:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(
                src,
                wd / item,
                ignore=shutil.ignore_patterns("build", "external", "downloads", "__pycache__"),
            )
        elif src.exists():
            shutil.copy2(src, wd / item)
    (wd / "config" / "config.yaml").write_text(config_text)
    if SHARED.exists():
        (wd / "shared-data").symlink_to(SHARED, target_is_directory=True)
    return wd


def run(wd: Path, *args: str, cores: int = 2, timeout: int = 1800) -> subprocess.CompletedProcess:
    """snakemake in ``wd``; data folders relative, as in a checkout (a moved copy finds them again)."""
    env = dict(os.environ)
    env["VIRALITY_DATA"] = os.pathsep.join(["data/external", "shared-data"])
    env.setdefault("MPLBACKEND", "Agg")
    return subprocess.run(
        [SNAKEMAKE, "--cores", str(cores), *args],
        cwd=wd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def planned_jobs(dry_run_output: str) -> list[tuple[str, str]]:
    """(rule, dataset wildcard or "") of each job in ``snakemake -n`` output."""
    jobs = []
    for block in re.split(r"\n(?=(?:local)?rule \w+:)", dry_run_output):
        m = re.match(r"(?:local)?rule (\w+):", block.strip())
        if m:
            w = re.search(r"wildcards: .*?\bdataset=(\w+)", block)
            jobs.append((m[1], w[1] if w else ""))
    return jobs


@pytest.fixture
def workdir(tmp_path):
    def make(config_text: str, name: str = "wd") -> Path:
        return make_workdir(tmp_path / name, config_text)

    return make


@pytest.fixture(scope="session")
def session_workdir(tmp_path_factory):
    """:func:`make_workdir` in a fresh folder kept for the session (for runs that tests share)."""

    def make(config_text: str, name: str = "wd") -> Path:
        return make_workdir(tmp_path_factory.mktemp(name), config_text)

    return make


@pytest.fixture(scope="session")
def snake():
    return run


@pytest.fixture(scope="session")
def jobs_of():
    return planned_jobs


@pytest.fixture(scope="session")
def digest_of():
    return digest


@pytest.fixture(scope="session")
def two_runs(session_workdir):
    """The workflow on ``.test/config.yaml`` built from scratch twice (copy them before changing them): the
    first run builds everything; the second only what the first wrote under results/tables (and so every
    data set under results/data), as that is all the two are compared on: no figure, no paper."""
    config = (ROOT / ".test" / "config.yaml").read_text()
    first = session_workdir(config, "run1")
    proc = run(first)
    assert proc.returncode == 0, f"workflow failed in {first}:\n{proc.stderr[-6000:]}"
    second = session_workdir(config, "run2")
    tables = sorted(str(p.relative_to(first)) for p in (first / "results" / "tables").glob("*.csv"))
    proc = run(second, *tables)
    assert proc.returncode == 0, f"workflow failed in {second}:\n{proc.stderr[-6000:]}"
    return [first, second]
