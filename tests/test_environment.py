"""The pip lock (requirements.lock) and the conda environment (environment.yml) pin the same versions."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: {line!r} is not pinned with =="
            pins[_norm(name)] = version
    return pins


def _conda(path: str = "environment.yml") -> dict[str, str]:
    env = yaml.safe_load((ROOT / path).read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for p in dep.get("pip", []):
                if "==" in p:
                    name, _, version = p.partition("==")
                    pins[_norm(name)] = version
        elif "=" in dep:
            name, _, version = dep.partition("=")
            pins[_norm(name)] = version
    return pins


@pytest.mark.parametrize("path", ["environment.yml", "workflow/envs/virality.yaml"])
def test_every_conda_pin_matches_the_lock(path):
    lock, conda = _lock(), _conda(path)
    conda.pop("python")
    assert conda, "environment.yml pins nothing"
    mismatched = {n: (v, lock.get(n)) for n, v in conda.items() if lock.get(n) != v}
    assert mismatched == {}, f"environment.yml vs requirements.lock (conda, lock): {mismatched}"


def test_every_direct_dependency_is_pinned_in_both():
    text = (ROOT / "pyproject.toml").read_text()
    block = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    direct = {
        _norm(re.split(r"[<>=!~ ]", d.strip().strip('",'))[0])
        for d in block.splitlines()
        if d.strip()
    }
    lock, conda = _lock(), _conda()
    assert direct - set(lock) == set(), "direct dependencies missing from requirements.lock"
    assert direct - set(conda) == set(), "direct dependencies missing from environment.yml"


def test_python_version_agrees():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    assert 'requires-python = ">=3.11"' in (ROOT / "pyproject.toml").read_text()
