"""Running the workflow as a user does, in a temporary copy of the repository (tests/workflow/).

``workdir(config_text)`` copies the workflow files, the example data and ``paper/`` into a fresh folder
with ``config_text`` as ``config/config.yaml``; ``run(folder, *args)`` runs snakemake there on 2 cores with
the shared real data reachable as ``shared-data``.
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

ROOT = Path(__file__).resolve().parents[2]
SHARED = (ROOT.parent / "shared" / "data").resolve()
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
COPY = ("Snakefile", "workflow", "config", "data", "paper", ".test")


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group(name="e2e"))


@pytest.fixture
def workdir(tmp_path):
    def make(config_text: str, name: str = "wd") -> Path:
        wd = tmp_path / name
        wd.mkdir(parents=True)
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

    return make


def run(wd: Path, *args: str, cores: int = 2, timeout: int = 900) -> subprocess.CompletedProcess:
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
        if not m:
            continue
        w = re.search(r"wildcards: .*?\bdataset=([\w]+)", block)
        jobs.append((m[1], w[1] if w else ""))
    return jobs


@pytest.fixture
def snake():
    return run


@pytest.fixture
def jobs_of():
    return planned_jobs


@pytest.fixture
def digest_of():
    return digest
