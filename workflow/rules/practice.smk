# Study E (practice): the practitioners' claims. E1, concentrated vs random vs top-degree seeding under simple
# and complex contagion (Centola 2010); E2, the organic, viral and paid levers of attention (HIP, Rizoiu et
# al. 2017). Package virality.practice; see docs/architecture.md.


validate(config["practice"], "../schemas/practice.schema.yaml")

PRACTICE = config["practice"]
PRACTICE_SEEDING_DATASETS = [
    d
    for d in datasets_with("edges")
    if PRACTICE["seeding_datasets"] is None or d in PRACTICE["seeding_datasets"]
]
PRACTICE_LEVER_DATASETS = [
    d
    for d in sorted(set(datasets_with("events")) | set(datasets_with("items")))
    if PRACTICE["lever_datasets"] is None or d in PRACTICE["lever_datasets"]
]


rule practice_seeding:
    input:
        edges=[canonical(d, "edges") for d in PRACTICE_SEEDING_DATASETS],
        manifests=[
            f"{canonical_dir(d)}/manifest.json" for d in PRACTICE_SEEDING_DATASETS
        ],
    output:
        table="results/tables/seeding_strategies.csv",
        runs="results/practice/seeding_runs.parquet",
        skipped="results/practice/seeding_skipped.csv",
        png=report(
            "results/figures/practice_seeding.png",
            caption="../report/practice_seeding.rst",
            category="Study E",
        ),
        pdf="results/figures/practice_seeding.pdf",
    log:
        "logs/practice/seeding.log",
    benchmark:
        "benchmarks/practice/seeding.tsv"
    conda:
        "../envs/virality.yaml"
    threads: PRACTICE["threads"]
    resources:
        mem_mb=job_resource("practice_seeding", "mem_mb"),
        runtime=job_resource("practice_seeding", "runtime"),
    params:
        datasets=PRACTICE_SEEDING_DATASETS,
        cfg=PRACTICE,
        seed=config["seed"],
    script:
        "../scripts/practice_seeding.py"


rule practice_levers:
    input:
        events=lambda w: canonical(w.dataset, "events"),
        exposures=lambda w: canonical(w.dataset, "exposures"),
        item_table=lambda w: canonical(w.dataset, "items"),
        manifest=lambda w: f"{canonical_dir(w.dataset)}/manifest.json",
    output:
        rows="results/practice/levers/{dataset}/rows.csv",
        fits="results/practice/levers/{dataset}/fits.parquet",
        skipped="results/practice/levers/{dataset}/skipped.csv",
    log:
        "logs/practice/levers_{dataset}.log",
    benchmark:
        "benchmarks/practice/levers_{dataset}.tsv"
    priority: dataset_priority("practice_levers")
    conda:
        "../envs/virality.yaml"
    threads: PRACTICE["threads"]
    resources:
        mem_mb=job_resource("practice_levers", "mem_mb"),
        runtime=job_resource("practice_levers", "runtime"),
    params:
        dataset=lambda w: w.dataset,
        cfg=PRACTICE,
        seed=config["seed"],
    script:
        "../scripts/practice_levers.py"


rule practice_levers_synthetic:
    output:
        rows="results/practice/levers_synthetic/rows.csv",
        fits="results/practice/levers_synthetic/fits.parquet",
        truth="results/practice/levers_synthetic/truth_items.csv",
    log:
        "logs/practice/levers_synthetic.log",
    benchmark:
        "benchmarks/practice/levers_synthetic.tsv"
    conda:
        "../envs/virality.yaml"
    threads: PRACTICE["threads"]
    resources:
        mem_mb=job_resource("practice_levers_synthetic", "mem_mb"),
        runtime=job_resource("practice_levers_synthetic", "runtime"),
    params:
        cfg=PRACTICE,
        seed=config["seed"],
    script:
        "../scripts/practice_levers_synthetic.py"


rule practice_levers_gather:
    input:
        rows=["results/practice/levers_synthetic/rows.csv"]
        + expand(
            "results/practice/levers/{dataset}/rows.csv",
            dataset=PRACTICE_LEVER_DATASETS,
        ),
        skipped=["results/practice/seeding_skipped.csv"]
        + expand(
            "results/practice/levers/{dataset}/skipped.csv",
            dataset=PRACTICE_LEVER_DATASETS,
        ),
    output:
        table="results/tables/visibility_levers.csv",
        skipped="results/practice/skipped.csv",
        png=report(
            "results/figures/practice_levers.png",
            caption="../report/practice_levers.rst",
            category="Study E",
        ),
        pdf="results/figures/practice_levers.pdf",
    log:
        "logs/practice/levers_gather.log",
    benchmark:
        "benchmarks/practice/levers_gather.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("practice_levers_gather", "threads")
    resources:
        mem_mb=job_resource("practice_levers_gather", "mem_mb"),
        runtime=job_resource("practice_levers_gather", "runtime"),
    script:
        "../scripts/practice_levers_gather.py"


FINAL_TARGETS.extend(
    ["results/tables/seeding_strategies.csv", "results/tables/visibility_levers.csv"]
)
FINAL_TARGETS.extend(
    expand(
        "results/figures/practice_{fig}.{ext}",
        fig=["seeding", "levers"],
        ext=["png", "pdf"],
    )
)

SKIP_FILES.append("results/practice/skipped.csv")
