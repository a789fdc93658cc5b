"""Study E2 on one data set: its rows of visibility_levers, per-item fits, skipped steps (rule practice_levers)."""

from pathlib import Path

from virality import canonical
from virality import files as vfiles
from virality.practice import study

log = vfiles.setup_logging(snakemake.log[0])
inp, out, p = snakemake.input, snakemake.output, snakemake.params
params = study.params(p.cfg, p.seed, threads=snakemake.threads)
folder = Path(inp.manifest).parent
synthetic = bool(canonical.read_manifest(folder)["synthetic"])
tables = {t: canonical.read_table(folder, t) for t in ("events", "exposures", "items")}
log.info("%s: %s", p.dataset, {t: len(df) for t, df in tables.items()})
result = study.levers(params, tables, p.dataset, synthetic)
vfiles.write_csv(result["rows"], out.rows)
vfiles.write_parquet(result["fits"], out.fits)
vfiles.write_csv(result["skipped"], out.skipped)
