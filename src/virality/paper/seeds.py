"""How much the headline values move with the seed: the studies rerun with other seeds, compared.

:func:`prepare_run` lays out ``results/seeds/<k>/``: a working folder whose ``Snakefile``, ``workflow``,
``paper`` and ``data`` link to the checkout's, whose ``results/data`` links to the canonical data already
built (real data do not depend on the seed; synthetic stand-ins keep the main run's draw), and whose
``config/config.yaml`` is the run's configuration with another master seed. :func:`snakemake_command`
reruns there every study table the published values are read from (a nested Snakemake run, so each study's
own rules do the work). :func:`seed_variation` then sets each headline value of the main run beside its
range over the seeds, and says whether its verdict changes.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import yaml

from virality import contracts
from virality.files import stable_seed
from virality.paper.published import OUTCOMES

#: Checkout entries the seed's working folder links to.
LINKED = ("Snakefile", "workflow", "paper", "data", "src")


def seed_of(master: int, k: int) -> int:
    """The master seed of rerun ``k`` (1, 2, ...), derived from the main run's."""
    return stable_seed(master, "seed_check", k)


def prepare_run(root: str | os.PathLike, workdir: str | os.PathLike, config: Mapping, seed: int):
    """The working folder of one rerun (see the module's docstring); data folders made absolute."""
    root, workdir = Path(root).resolve(), Path(workdir)
    (workdir / "config").mkdir(parents=True, exist_ok=True)
    (workdir / "results").mkdir(exist_ok=True)
    for name in LINKED:
        link = workdir / name
        if (root / name).exists() and not link.is_symlink():
            link.symlink_to(os.path.relpath(root / name, workdir))
    data = workdir / "results" / "data"
    if not data.is_symlink():
        data.symlink_to(os.path.relpath(root / "results" / "data", data.parent))
    cfg = dict(config)
    cfg["seed"] = int(seed)
    cfg["data_dirs"] = [str((root / d).resolve()) for d in config.get("data_dirs", [])]
    cfg["paper"] = {**dict(config.get("paper") or {}), "seed_check": {"seeds": 0}}
    (workdir / "config" / "config.yaml").write_text(yaml.safe_dump(cfg, sort_keys=True))


def snakemake_command(workdir: str | os.PathLike, targets: Sequence[str], cores: int) -> list[str]:
    """The nested Snakemake run that rebuilds ``targets`` in ``workdir`` (existing data kept by mtime)."""
    exe = Path(sys.executable).with_name("snakemake")
    return [
        str(exe),
        "--cores",
        str(cores),
        "--directory",
        str(workdir),
        "--snakefile",
        str(Path(workdir) / "Snakefile"),
        "--rerun-triggers",
        "mtime",
        "--quiet",
        "rules",
        "--",
        *targets,
    ]


def runs_of(inputs: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Rule seed_variation's named inputs split by run: ``seed<k>_<table>`` → run ``seed<k>``, any other
    name (``seeding_strategies`` included) → run ``main``; ``published`` is left out."""
    runs: dict[str, dict[str, str]] = {}
    for name, path in inputs.items():
        if name == "published":
            continue
        m = re.fullmatch(r"(seed\d+)_(\w+)", name)
        tag, table = (m[1], m[2]) if m else ("main", name)
        runs.setdefault(tag, {})[table] = path
    return runs


def _rows(pvr: pd.DataFrame) -> pd.DataFrame:
    keep = pvr[pvr["counted"].astype(bool) & pvr["kind"].isin(["data", "mechanism"])]
    return keep.set_index(["id", "dataset"])


def seed_variation(main: pd.DataFrame, reruns: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Each counted headline value of the main run (data and mechanism rows) beside its range over the
    reruns (main run included): smallest and largest estimate, the verdicts seen and whether they differ."""
    base = _rows(main)
    others = [_rows(r) for r in reruns]
    rows = []
    for key, r in base.iterrows():
        ests = [r["estimate"]] + [o.loc[key, "estimate"] for o in others if key in o.index]
        verdicts = [r["verdict"]] + [o.loc[key, "verdict"] for o in others if key in o.index]
        vals = pd.to_numeric(pd.Series(ests), errors="coerce")
        seen = sorted(set(verdicts), key=lambda v: (v not in OUTCOMES, v))
        rows.append(
            {
                "id": key[0],
                "study": r["study"],
                "dataset": key[1],
                "kind": r["kind"],
                "n_seeds": len(ests),
                "estimate_main": r["estimate"],
                "estimate_min": vals.min(),
                "estimate_max": vals.max(),
                "verdict_main": r["verdict"],
                "verdicts": "; ".join(seen),
                "verdict_changes": len(seen) > 1,
            }
        )
    return contracts.frame(rows, "seed_variation")
