# Why a study step did not run on a data set: every job's skip records in one table (virality.skips).
# Included after the studies, so that SKIP_FILES holds every study's records.


rule skipped_table:
    input:
        SKIP_FILES,
    output:
        "results/tables/skipped.csv",
    log:
        "logs/skipped_table.log",
    benchmark:
        "benchmarks/skipped_table.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("skipped_table", "threads")
    resources:
        mem_mb=job_resource("skipped_table", "mem_mb"),
        runtime=job_resource("skipped_table", "runtime"),
    script:
        "../scripts/skipped_table.py"


FINAL_TARGETS.append("results/tables/skipped.csv")
