"""Study E2 on the world of known lever shares (rule practice_levers_synthetic)."""

from virality import files as vfiles
from virality.practice import study

log = vfiles.setup_logging(snakemake.log[0])
out, p = snakemake.output, snakemake.params
params = study.params(p.cfg, p.seed, threads=snakemake.threads)
result = study.synthetic_levers(params)
vfiles.write_csv(result["rows"], out.rows)
vfiles.write_parquet(result["fits"], out.fits)
vfiles.write_csv(result["truth_items"], out.truth)
log.info("synthetic levers: %s", result["rows"].filter(like="_share").round(3).to_dict("records"))
