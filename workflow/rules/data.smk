# Data layer: every configured data set -> canonical tables results/data/{dataset}/*.parquet.


wildcard_constraints:
    dataset=_alternatives(AVAILABLE),
    lexicon=_alternatives(LEXICONS),


rule canonical_tables:
    input:
        dataset_inputs,
    output:
        # in the order of virality.canonical.TABLES ("items" is a reserved name for a named output)
        "results/data/{dataset}/events.parquet",
        "results/data/{dataset}/edges.parquet",
        "results/data/{dataset}/exposures.parquet",
        "results/data/{dataset}/items.parquet",
        "results/data/{dataset}/manifest.json",
    log:
        "logs/data/{dataset}.log",
    benchmark:
        "benchmarks/data/{dataset}.tsv"
    priority: dataset_priority("canonical_tables")
    conda:
        "../envs/virality.yaml"
    threads: job_resource("canonical_tables", "threads")
    resources:
        mem_mb=job_resource("canonical_tables", "mem_mb"),
        runtime=job_resource("canonical_tables", "runtime"),
    params:
        name=lambda w: w.dataset,
        roles=dataset_roles,
        entry=lambda w: config["datasets"][w.dataset],
        seed=lambda w: vfiles.stable_seed(config["seed"], "dataset", w.dataset),
    script:
        "../scripts/canonical.py"


rule lexicon_table:
    input:
        lexicon_inputs,
    output:
        "results/data/lexicons/{lexicon}.parquet",
    log:
        "logs/data/lexicon_{lexicon}.log",
    benchmark:
        "benchmarks/data/lexicon_{lexicon}.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("lexicon_table", "threads")
    resources:
        mem_mb=job_resource("lexicon_table", "mem_mb"),
        runtime=job_resource("lexicon_table", "runtime"),
    params:
        name=lambda w: w.lexicon,
        roles=lexicon_roles,
        entry=lambda w: config["lexicons"][w.lexicon],
    script:
        "../scripts/lexicon.py"


# Only the files to download in this run (config download: true, a url, not found): once downloaded, a file
# is an input like any other, so that `snakemake -F` or `--delete-all-output` never delete it.
if DOWNLOADS:

    rule download:
        output:
            f"{DOWNLOAD_DIR}/{{download}}",
        log:
            "logs/download/{download}.log",
        wildcard_constraints:
            download=_regex_alternatives(DOWNLOADS),
        conda:
            "../envs/virality.yaml"
        params:
            url=lambda w: DOWNLOADS[w.download]["url"],
            sha256=lambda w: DOWNLOADS[w.download].get("sha256", ""),
        script:
            "../scripts/download.py"


FINAL_TARGETS.extend(
    expand("results/data/{dataset}/manifest.json", dataset=sorted(AVAILABLE))
)
