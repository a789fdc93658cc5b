"""Cluster readiness: every rule asks for threads, memory and wall time and writes a benchmark file; the
profiles parse and name only options snakemake knows; the SLURM profile plans the workflow when the
optional plugin (``pip install -e .[cluster]``) is importable."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
RULES = sorted((ROOT / "workflow" / "rules").glob("*.smk"))


def _snakemake(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    return subprocess.run(
        [SNAKEMAKE, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def _rule_blocks() -> dict[str, str]:
    """Rule name → its directives, from every .smk file."""
    blocks = {}
    for path in RULES:
        text = path.read_text()
        for m in re.finditer(r"^rule (\w+):\n((?:[ \t]+.*\n|\n)*)", text, re.M):
            blocks[m.group(1)] = m.group(2)
    return blocks


def test_the_sources_hold_every_rule_snakemake_lists():
    listed = _snakemake("--list-rules")
    assert listed.returncode == 0, listed.stderr
    names = {line.split()[0] for line in listed.stdout.splitlines() if line.strip()}
    assert names - {"all"} == set(_rule_blocks()), "rules not parsed from workflow/rules/*.smk"


@pytest.mark.parametrize("name", sorted(_rule_blocks()))
def test_every_rule_asks_for_threads_memory_runtime_and_writes_a_benchmark(name):
    block = _rule_blocks()[name]
    assert re.search(r"^    threads: \S", block, re.M), f"rule {name} has no threads"
    resources = re.search(r"^    resources:\n((?:        .*\n)+)", block, re.M)
    assert resources, f"rule {name} has no resources"
    keys = dict(re.findall(r"^        (\w+)=(.*),$", resources.group(1), re.M))
    assert set(keys) == {"mem_mb", "runtime"}, f"rule {name}: resources {sorted(keys)}"
    # read from the config's resources: section under the rule's own name (not another rule's)
    for key, value in keys.items():
        assert value == f'job_resource("{name}", "{key}")', f"rule {name}: {key}={value}"
    bench = re.search(r'^    benchmark:\n        "(benchmarks/[^"]+\.tsv)"', block, re.M)
    assert bench, f"rule {name} has no benchmark file under benchmarks/"


def _writes_per_data_set(block: str) -> bool:
    out = re.search(r"^    output:\n((?:        .*\n)+)", block, re.M)
    return bool(out) and "{dataset}" in out.group(1)


def test_every_rule_of_a_data_set_takes_its_priority_and_no_other_rule_has_one():
    blocks = _rule_blocks()
    per_data_set = {n for n, b in blocks.items() if _writes_per_data_set(b)}
    assert {"canonical_tables", "attribution_social", "prediction_dataset"} <= per_data_set
    with_priority = {n for n, b in blocks.items() if re.search(r"^    priority: ", b, re.M)}
    assert with_priority == per_data_set
    for name in per_data_set:
        assert f'\n    priority: dataset_priority("{name}")\n' in blocks[name], name


def test_resources_first_starts_that_data_sets_jobs_first(tmp_path):
    cfg = tmp_path / "first.yaml"
    cfg.write_text("resources:\n  first: [flickr_synth]\n")
    plan = _snakemake("-n", "--forceall", "--configfile", str(cfg))
    assert plan.returncode == 0, plan.stderr[-2000:]
    jobs = re.findall(r"^rule (\w+):\n((?:    .*\n)+)", plan.stdout, re.M)
    first = {
        (r, re.search(r"dataset=(\w+)", b).group(1), int(re.search(r"priority: (\d+)", b).group(1)))
        for r, b in jobs
        if "priority: " in b
    }
    # its jobs by the runtime their rules ask for (minutes): the longest start first
    assert ("canonical_tables", "flickr_synth", 30) in first
    assert ("attribution_social", "flickr_synth", 60) in first
    assert {d for _, d, _ in first} == {"flickr_synth"}
    cfg.write_text("resources:\n  first: [flickr_synht]\n")
    bad = _snakemake("-n", "--configfile", str(cfg))
    assert bad.returncode != 0
    assert "config resources.first: no data set named flickr_synht (datasets: digg2009, " in (
        bad.stdout + bad.stderr
    )


def test_resource_defaults_of_the_schema_name_real_rules_and_every_key_is_described():
    schema = yaml.safe_load((ROOT / "workflow/schemas/config.schema.yaml").read_text())
    res = schema["properties"]["resources"]
    named = set(res["properties"]["rules"]["properties"])
    assert named - set(_rule_blocks()) == set(), "resources.rules names an unknown rule"
    assert res["properties"]["default"]["properties"]["mem_mb"]["default"] == 2000
    assert res["properties"]["rules"]["properties"]["attribution_social"]["properties"]["mem_mb"][
        "default"
    ] == (10000)


def _known_options() -> set[str]:
    help_text = _snakemake("--help").stdout
    return {o[2:] for o in re.findall(r"--[a-z][a-z0-9-]+", help_text)}


@pytest.mark.parametrize("profile", ["default", "slurm"])
def test_profile_parses_and_names_known_options(profile):
    config = yaml.safe_load((ROOT / "profiles" / profile / "config.yaml").read_text())
    assert isinstance(config, dict) and config
    unknown = set(config) - _known_options()
    assert unknown == set(), f"profiles/{profile}: unknown snakemake options {sorted(unknown)}"
    if profile == "slurm":
        assert config["executor"] == "slurm"
        assert {"mem_mb", "runtime"} <= set(config["default-resources"])


def test_the_cluster_extra_pins_the_slurm_plugin_outside_the_default_environment():
    text = (ROOT / "pyproject.toml").read_text()
    assert 'cluster = ["snakemake-executor-plugin-slurm==2.8.0"]' in text
    assert "snakemake-executor-plugin-slurm" not in (ROOT / "requirements.lock").read_text()


def test_slurm_profile_plans_the_workflow():
    if importlib.util.find_spec("snakemake_executor_plugin_slurm") is None:
        pytest.skip(
            "snakemake-executor-plugin-slurm is not installed (pip install -e .[cluster]); "
            "the SLURM profile is checked for parsing only"
        )
    planned = _snakemake("--profile", "profiles/slurm", "-n", "--quiet", "rules")
    assert planned.returncode == 0, planned.stderr[-2000:]
    total = re.search(r"^total\s+(\d+)$", planned.stdout + planned.stderr, re.M)
    assert total and int(total.group(1)) > 0, planned.stdout[-2000:]
