"""Thin script (rule seed_variation): published_vs_reproduced of each seed rerun against the main run."""
# ruff: noqa: F821  (the `snakemake` object is injected by the rule's script: directive)

from virality import files as vfiles
from virality.paper import published, seeds

vfiles.setup_logging(snakemake.log[0])
inp, studies = snakemake.input, snakemake.params.studies
runs = seeds.runs_of(dict(inp.items()))
main = published.from_files(inp.published, runs.pop("main"), studies)
reruns = [
    published.from_files(inp.published, runs[f"seed{k}"], studies) for k in snakemake.params.seeds
]
vfiles.write_csv(seeds.seed_variation(main, reruns), snakemake.output[0])
