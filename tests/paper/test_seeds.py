"""The seed check: the rerun's folder and configuration, and the comparison with the main run."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import yaml

from virality.paper.seeds import prepare_run, seed_of, seed_variation, snakemake_command

ROOT = Path(__file__).resolve().parents[2]
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))


def pvr(est, verdict):
    return pd.DataFrame(
        {
            "id": ["A1", "A2", "D2"],
            "study": ["A", "A", "D"],
            "dataset": ["tw", "tw", "sim"],
            "kind": ["data", "data", "mechanism"],
            "counted": [True, False, True],
            "estimate": [est, est, 0.27],
            "verdict": [verdict, "not reproduced", "mechanism reproduced"],
        }
    )


def test_variation_over_seeds_and_verdict_changes():
    out = seed_variation(pvr(0.51, "partly"), [pvr(0.49, "not reproduced"), pvr(0.53, "partly")])
    a1 = out.set_index("id").loc["A1"]
    assert (a1.n_seeds, a1.estimate_min, a1.estimate_max) == (3, 0.49, 0.53)
    assert a1.verdict_changes and a1.verdicts == "not reproduced; partly"
    assert "A2" not in set(out["id"])  # not counted: not a headline value
    assert not out.set_index("id").loc["D2", "verdict_changes"]


def test_rerun_folder_links_the_checkout_and_changes_only_the_seed(tmp_path):
    root = tmp_path / "repo"
    for d in ("workflow", "paper", "results/data"):
        (root / d).mkdir(parents=True)
    (root / "Snakefile").write_text("")
    work = root / "results" / "seeds" / "1"
    cfg = {"seed": 7, "data_dirs": ["data/external"], "paper": {"studies": ["A"]}}
    prepare_run(root, work, cfg, seed_of(7, 1))
    new = yaml.safe_load((work / "config" / "config.yaml").read_text())
    assert new["seed"] == seed_of(7, 1) != 7
    assert new["paper"] == {"studies": ["A"], "seed_check": {"seeds": 0}}  # no recursion
    assert new["data_dirs"] == [str((root / "data" / "external").resolve())]
    assert (work / "results" / "data").resolve() == (root / "results" / "data").resolve()
    assert (work / "workflow").is_symlink() and (work / "Snakefile").is_symlink()
    cmd = snakemake_command(work, ["results/tables/attribution.csv"], 1)
    assert cmd[-2:] == ["--", "results/tables/attribution.csv"]
    assert cmd[cmd.index("--directory") + 1] == str(work)


def test_make_reproduce_plans_the_seed_check_with_four_reruns():
    """``make reproduce`` passes config/seed_check.yaml, merged over the default config: the workflow then
    plans four reruns and their comparison (this once failed: the reruns shared one benchmark file)."""
    recipe = (ROOT / "Makefile").read_text().split("\nreproduce:", 1)[1].split("\n\n", 1)[0]
    assert "--configfile config/seed_check.yaml" in recipe
    assert yaml.safe_load((ROOT / "config" / "seed_check.yaml").read_text()) == {
        "paper": {"seed_check": {"seeds": 4}}
    }
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    plan = subprocess.run(
        [SNAKEMAKE, "-n", "--quiet", "rules", "--configfile", "config/seed_check.yaml"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert plan.returncode == 0, plan.stderr[-3000:]
    counts = dict(re.findall(r"^(\w+)\s+(\d+)$", plan.stdout, re.M))
    tail = plan.stdout[-3000:]
    assert counts.get("seed_run") == "4" and counts.get("seed_variation") == "1", tail


def test_inputs_split_by_run_keep_a_main_table_whose_name_starts_with_seed():
    """make reproduce stopped: the main run's ``seeding_strategies`` was read as run "seeding"'s table."""
    from virality.paper.seeds import runs_of

    runs = runs_of(
        {
            "published": "paper/published.yaml",
            "seeding_strategies": "results/tables/seeding_strategies.csv",
            "attribution": "results/tables/attribution.csv",
            "seed1_seeding_strategies": "results/seeds/1/results/tables/seeding_strategies.csv",
            "seed12_attribution": "results/seeds/12/results/tables/attribution.csv",
        }
    )
    assert runs == {
        "main": {
            "seeding_strategies": "results/tables/seeding_strategies.csv",
            "attribution": "results/tables/attribution.csv",
        },
        "seed1": {"seeding_strategies": "results/seeds/1/results/tables/seeding_strategies.csv"},
        "seed12": {"attribution": "results/seeds/12/results/tables/attribution.csv"},
    }
