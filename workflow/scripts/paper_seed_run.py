"""Thin script (rule seed_run): the study tables rebuilt in results/seeds/<k>/ with another master seed."""
# ruff: noqa: F821  (the `snakemake` object is injected by the rule's script: directive)

import subprocess
from pathlib import Path

from virality import files as vfiles
from virality.paper import seeds

log = vfiles.setup_logging(snakemake.log[0])
workdir = Path(f"results/seeds/{snakemake.wildcards.k}")
seeds.prepare_run(".", workdir, snakemake.params.cfg, snakemake.params.seed)
cmd = seeds.snakemake_command(workdir, snakemake.params.targets, snakemake.threads)
log.info("seed %d: %s", snakemake.params.seed, " ".join(cmd))
with open(snakemake.log[0], "a") as out:
    done = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=False)
if done.returncode != 0:
    raise SystemExit(f"seed rerun {snakemake.wildcards.k} failed; see {snakemake.log[0]}")
