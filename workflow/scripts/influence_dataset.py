"""One data set's Study D job: threshold cascades on its graph, its creators' past/next pairs, skip rows."""

import pandas as pd

from virality import files, skips
from virality.influence import study

files.setup_logging(snakemake.log[0])  # noqa: F821
sm = snakemake  # noqa: F821
p = study.params(sm.params.cfg, sm.params.seed)
tables = {t: pd.read_parquet(sm.input[t]) for t in ("events", "edges")}
tables["items"] = pd.read_parquet(sm.input.item_table)
runs, pairs, rows = study.run_dataset(
    p, tables, sm.wildcards.dataset, sm.params.synthetic, sm.params.graph, sm.params.events
)
files.write_parquet(runs, sm.output.runs)
files.write_parquet(pairs, sm.output.pairs)
files.write_csv(skips.frame(rows), sm.output.skipped)
