"""musiclab.csv and its figure: simulated cultural markets (Salganik, Dodds & Watts 2006)."""

from virality import files, plots
from virality.influence import figures, study

files.setup_logging(snakemake.log[0])  # noqa: F821
sm = snakemake  # noqa: F821
markets, table = study.musiclab(study.params(sm.params.cfg, sm.params.seed))
files.write_parquet(markets, sm.output.markets)
files.write_csv(table, sm.output.table)
plots.save(figures.musiclab(table), sm.output.png, sm.output.pdf)
