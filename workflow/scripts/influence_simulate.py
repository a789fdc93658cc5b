"""Threshold cascades on random graphs of one kind (Study D, Watts & Dodds 2007): rule influence_simulate
(the whole grid, or the gathering of its shards when there are any) and rule influence_simulate_shard
(wildcard ``{i}of{n}``: cells i, i + n, … of the grid)."""

import pandas as pd

from virality import files
from virality.influence import study

files.setup_logging(snakemake.log[0])  # noqa: F821
p = study.params(snakemake.params.cfg, snakemake.params.seed)  # noqa: F821
kind, shards = snakemake.wildcards.kind, list(snakemake.input)  # noqa: F821
if "shard" in snakemake.wildcards.keys():  # noqa: F821
    shard, n_shards = (int(x) for x in snakemake.wildcards.shard.split("of"))  # noqa: F821
    runs = study.simulate(p, kind, shard, n_shards)
elif shards:
    runs = study.gather_simulations([pd.read_parquet(f) for f in shards])
else:
    runs = study.simulate(p, kind)
files.write_parquet(runs, snakemake.output[0])  # noqa: F821
