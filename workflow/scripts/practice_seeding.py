"""seeding_strategies.csv and its figure (Study E1, rule practice_seeding)."""

from pathlib import Path

from virality import canonical, plots
from virality import files as vfiles
from virality.practice import figures, study

log = vfiles.setup_logging(snakemake.log[0])
inp, out, p = snakemake.input, snakemake.output, snakemake.params
params = study.params(p.cfg, p.seed, threads=snakemake.threads)
real = {}
for dataset, edges, manifest in zip(p.datasets, inp.edges, inp.manifests, strict=True):
    synthetic = bool(canonical.read_manifest(Path(manifest).parent)["synthetic"])
    real[dataset] = (canonical.read_table(Path(edges).parent, "edges"), synthetic)
tables = study.seeding(params, real)
vfiles.write_csv(tables["table"], out.table)
vfiles.write_parquet(tables["runs"], out.runs)
vfiles.write_csv(tables["skipped"], out.skipped)
plots.save(figures.seeding_figure(tables["table"]), out.png, out.pdf)
log.info("%d rows of seeding_strategies", len(tables["table"]))
