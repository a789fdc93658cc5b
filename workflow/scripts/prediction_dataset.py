"""Study B on one data set: decay, correlation, predictors and limits tables (rule prediction_dataset)."""

import time

from virality import canonical, prediction
from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])  # noqa: F821
inp, out, p = snakemake.input, snakemake.output, snakemake.params  # noqa: F821
cfg = dict(p.cfg)
start = time.perf_counter()
manifest = canonical.read_manifest(inp.manifest.rsplit("/", 1)[0])
events = canonical.read_table(inp.events.rsplit("/", 1)[0], "events")
items = canonical.read_table(inp.item_table.rsplit("/", 1)[0], "items")
log.info(
    "%s: %d events, %d items, time unit %s",
    p.dataset,
    len(events),
    len(items),
    manifest["time_unit"],
)
tables = prediction.run_study(
    events,
    items,
    dataset=p.dataset,
    synthetic=bool(manifest["synthetic"]),
    time_unit=manifest["time_unit"],
    grid_spec=(cfg.get("grids") or {}).get(p.dataset),
    min_final=cfg["min_final"],
    min_items=cfg["min_items"],
    max_items=cfg["max_items"],
    test_fraction=cfg["test_fraction"],
    reference_quantile=cfg["reference_quantile"],
    fractions=tuple(cfg["fractions"]),
    decay_steps=cfg["decay_steps"],
    growth=cfg["growth"],
    n_boot=cfg["n_boot"],
    skip_first_step=cfg["skip_first_step"],
    decay_b_min=cfg["decay_b_min"],
    seismic={**cfg["seismic"], "n_star": (cfg.get("seismic_n_star") or {}).get(p.dataset)},
    gbm=cfg["gbm"],
    seed=p.seed,
    threads=snakemake.threads,  # noqa: F821
)
for part, path in out.items():
    vfiles.write_csv(tables[part], path)
log.info("%s: done in %.1f s", p.dataset, time.perf_counter() - start)
