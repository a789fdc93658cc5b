# Study C (content): Berger & Milkman (2012) content-emotion features of viral content, with open lexicons,
# VADER and (for its owners) LIWC. Per data set: features (+ coverage) -> models (+ skip records); then one
# gather rule for the tables and one for the figures.
# See src/virality/content/ for every step and src/virality/contracts.py for the tables' columns.
# Each script builds virality.content.Params from the validated section below and the master seed.


validate(config["content"], "../schemas/content.schema.yaml")

CONTENT = config["content"]
CONTENT_DATASETS = [
    d
    for d in datasets_with_column("items", "outcome")
    if CONTENT["datasets"] is None or d in CONTENT["datasets"]
]
CONTENT_LEXICONS = {
    name: f"results/data/lexicons/{name}.parquet"
    for name in [
        CONTENT["emotion_lexicon"],
        *CONTENT["vad_lexicons"],
        CONTENT["liwc_lexicon"],
    ]
    if name in LEXICONS
}
CONTENT_TABLES = [
    "results/tables/content_features.csv",
    "results/tables/content_emotion_odds.csv",
    "results/tables/content_prediction.csv",
    "results/tables/content_ols.csv",
    "results/tables/content_directions.csv",
    "results/tables/content_measure_agreement.csv",
    "results/tables/content_coverage.csv",
    "results/tables/content_robustness.csv",
]
CONTENT_FIGURES = [
    "forest",
    "instruments",
    "synthetic_recovery",
    "distributions",
    "arousal_rank",
]


rule content_features:
    input:
        lexicons=list(CONTENT_LEXICONS.values()),
        item_table=lambda w: canonical(w.dataset, "items"),
        manifest=lambda w: f"{canonical_dir(w.dataset)}/manifest.json",
    output:
        features="results/content/{dataset}/features.parquet",
        coverage="results/content/{dataset}/coverage.csv",
    log:
        "logs/content/features_{dataset}.log",
    benchmark:
        "benchmarks/content/features_{dataset}.tsv"
    priority: dataset_priority("content_features")
    conda:
        "../envs/virality.yaml"
    threads: job_resource("content_features", "threads")
    resources:
        mem_mb=job_resource("content_features", "mem_mb"),
        runtime=job_resource("content_features", "runtime"),
    params:
        cfg=CONTENT,
        seed=config["seed"],
    script:
        "../scripts/content_features.py"


rule content_models:
    input:
        features="results/content/{dataset}/features.parquet",
        item_table=lambda w: canonical(w.dataset, "items"),
        manifest=lambda w: f"{canonical_dir(w.dataset)}/manifest.json",
    output:
        odds="results/content/{dataset}/odds.csv",
        ols="results/content/{dataset}/ols.csv",
        prediction="results/content/{dataset}/prediction.csv",
        agreement="results/content/{dataset}/agreement.csv",
        notes="results/content/{dataset}/notes.json",
        skipped="results/content/{dataset}/skipped.csv",
    log:
        "logs/content/models_{dataset}.log",
    benchmark:
        "benchmarks/content/models_{dataset}.tsv"
    priority: dataset_priority("content_models")
    conda:
        "../envs/virality.yaml"
    threads: job_resource("content_models", "threads")
    resources:
        mem_mb=job_resource("content_models", "mem_mb"),
        runtime=job_resource("content_models", "runtime"),
    params:
        cfg=CONTENT,
        seed=config["seed"],
    script:
        "../scripts/content_models.py"


rule content_tables:
    input:
        features=expand(
            "results/content/{dataset}/features.parquet", dataset=CONTENT_DATASETS
        ),
        odds=expand("results/content/{dataset}/odds.csv", dataset=CONTENT_DATASETS),
        ols=expand("results/content/{dataset}/ols.csv", dataset=CONTENT_DATASETS),
        prediction=expand(
            "results/content/{dataset}/prediction.csv", dataset=CONTENT_DATASETS
        ),
        agreement=expand(
            "results/content/{dataset}/agreement.csv", dataset=CONTENT_DATASETS
        ),
        coverage=expand(
            "results/content/{dataset}/coverage.csv", dataset=CONTENT_DATASETS
        ),
    output:
        features="results/tables/content_features.csv",
        odds="results/tables/content_emotion_odds.csv",
        prediction="results/tables/content_prediction.csv",
        ols="results/tables/content_ols.csv",
        directions="results/tables/content_directions.csv",
        agreement="results/tables/content_measure_agreement.csv",
        coverage="results/tables/content_coverage.csv",
        robustness="results/tables/content_robustness.csv",
    log:
        "logs/content/tables.log",
    benchmark:
        "benchmarks/content/tables.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("content_tables", "threads")
    resources:
        mem_mb=job_resource("content_tables", "mem_mb"),
        runtime=job_resource("content_tables", "runtime"),
    params:
        cfg=CONTENT,
        seed=config["seed"],
    script:
        "../scripts/content_tables.py"


rule content_figures:
    input:
        features="results/tables/content_features.csv",
        odds="results/tables/content_emotion_odds.csv",
        manifests=expand(
            "results/data/{dataset}/manifest.json", dataset=CONTENT_DATASETS
        ),
    output:
        **{
            f"{name}_{ext}": report(
                f"results/figures/content_{name}.{ext}",
                caption=f"../report/content_{name}.rst",
                category="Study C",
            )
            for name in CONTENT_FIGURES
            for ext in ("png", "pdf")
        },
    log:
        "logs/content/figures.log",
    benchmark:
        "benchmarks/content/figures.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("content_figures", "threads")
    resources:
        mem_mb=job_resource("content_figures", "mem_mb"),
        runtime=job_resource("content_figures", "runtime"),
    params:
        cfg=CONTENT,
        seed=config["seed"],
    script:
        "../scripts/content_figures.py"


SKIP_FILES.extend(
    expand("results/content/{dataset}/skipped.csv", dataset=CONTENT_DATASETS)
)
FINAL_TARGETS.extend(CONTENT_TABLES)
FINAL_TARGETS.extend(
    f"results/figures/content_{name}.{ext}"
    for name in CONTENT_FIGURES
    for ext in ("png", "pdf")
)
