"""survey_conclusions.csv and the mix-of-influences figure, from Studies A, B and D's tables."""

from virality import conclusions, files, plots

files.setup_logging(snakemake.log[0])  # noqa: F821
sm = snakemake  # noqa: F821
table = conclusions.run({name: sm.input[name] for name in conclusions.INPUTS})
files.write_csv(table, sm.output.table)
plots.save(conclusions.mix_figure(table), sm.output.png, sm.output.pdf)
