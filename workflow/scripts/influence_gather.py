"""influentials.csv, influence_multiplier.csv and influence_window.csv (Study D; rule influence_gather)."""

import pandas as pd

from virality import files
from virality.influence import study

files.setup_logging(snakemake.log[0])  # noqa: F821
sm = snakemake  # noqa: F821
p = study.params(sm.params.cfg, sm.params.seed)
frames = [pd.read_parquet(f) for f in sm.input.runs]  # a skipped data set's runs are empty
frames = [f for f in frames if len(f)]
runs = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
tables = study.gather(p, runs)
for name, table in tables.items():
    files.write_csv(table, sm.output[name])
