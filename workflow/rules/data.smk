# Data layer: every configured data set -> canonical tables results/data/{dataset}/*.parquet.


wildcard_constraints:
    dataset=_alternatives(AVAILABLE),
    lexicon=_alternatives(LEXICONS),


rule canonical_tables:
    input:
        unpack(dataset_inputs),
    output:
        # in the order of virality.canonical.TABLES ("items" is a reserved name for a named output)
        "results/data/{dataset}/events.parquet",
        "results/data/{dataset}/edges.parquet",
        "results/data/{dataset}/exposures.parquet",
        "results/data/{dataset}/items.parquet",
        "results/data/{dataset}/manifest.json",
    log:
        "logs/data/{dataset}.log",
    conda:
        "../envs/virality.yaml"
    params:
        name=lambda w: w.dataset,
        entry=lambda w: config["datasets"][w.dataset],
        seed=lambda w: vfiles.stable_seed(config["seed"], "dataset", w.dataset),
    script:
        "../scripts/canonical.py"


rule lexicon_table:
    input:
        unpack(lexicon_inputs),
    output:
        "results/data/lexicons/{lexicon}.parquet",
    log:
        "logs/data/lexicon_{lexicon}.log",
    conda:
        "../envs/virality.yaml"
    params:
        name=lambda w: w.lexicon,
        entry=lambda w: config["lexicons"][w.lexicon],
    script:
        "../scripts/lexicon.py"


rule download:
    output:
        "data/external/{dsdir}/{fname}",
    log:
        "logs/download/{dsdir}/{fname}.log",
    conda:
        "../envs/virality.yaml"
    params:
        url=lambda w: _download_url(w.dsdir, w.fname),
        sha256=lambda w: _download_sha(w.dsdir, w.fname),
    script:
        "../scripts/download.py"


FINAL_TARGETS.extend(
    expand("results/data/{dataset}/manifest.json", dataset=sorted(AVAILABLE))
)
