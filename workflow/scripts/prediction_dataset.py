"""Study B on one data set: decay, correlation, predictors and limits tables (rule prediction_dataset)."""

import time
from pathlib import Path

from virality import canonical, settings
from virality import files as vfiles
from virality.prediction import study

log = vfiles.setup_logging(snakemake.log[0])
inp, out, p = snakemake.input, snakemake.output, snakemake.params
start = time.perf_counter()
params = settings.from_config(
    study.Params, p.cfg, where="prediction", seed=p.seed, threads=snakemake.threads
)
manifest = canonical.read_manifest(Path(inp.manifest).parent)
events = canonical.read_table(Path(inp.events).parent, "events")
items = canonical.read_table(Path(inp.item_table).parent, "items")
exposures = canonical.read_table(Path(inp.exposures).parent, "exposures")
log.info(
    "%s: %d events, %d items, time unit %s",
    p.dataset,
    len(events),
    len(items),
    manifest["time_unit"],
)
synthetic, time_unit = bool(manifest["synthetic"]), manifest["time_unit"]
tables = study.run(events, items, p.dataset, synthetic, time_unit, params, exposures)
for part, path in out.items():
    vfiles.write_csv(tables[part], path)
log.info("%s: done in %.1f s", p.dataset, time.perf_counter() - start)
