"""Thin script (rule skipped_table): every job's skip records -> results/tables/skipped.csv."""

from virality import files, skips

files.setup_logging(snakemake.log[0])  # noqa: F821
files.write_csv(skips.gather(snakemake.input), snakemake.output[0])  # noqa: F821
