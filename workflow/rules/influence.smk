# Study D (influence): Watts & Dodds (2007) threshold cascades, Bakshy et al. (2011) consistency and a MusicLab
# simulation (Salganik, Dodds & Watts 2006); virality.influence.study, one entry point per rule, each given the
# whole validated section and the workflow seed. The survey's conclusions are in conclusions.smk.


validate(config["influence"], "../schemas/influence.schema.yaml")

INFLUENCE = config["influence"]
# like the other studies, Study D follows the tables a data set has: its graph (edges) feeds the threshold
# model, its cascades (events) the consistency analysis; one job per data set writes both and its skip rows
INFLUENCE_GRAPH = [
    d for d in datasets_with("edges") if d not in INFLUENCE["exclude_graph"]
]
INFLUENCE_EVENTS = [
    d for d in datasets_with("events") if d not in INFLUENCE["exclude_events"]
]
INFLUENCE_DATASETS = sorted(set(INFLUENCE_GRAPH) | set(INFLUENCE_EVENTS))
SKIP_FILES.extend(
    expand("results/influence/{dataset}/skipped.csv", dataset=INFLUENCE_DATASETS)
)
INFLUENCE_TABLES = [
    "results/tables/influentials.csv",
    "results/tables/influence_multiplier.csv",
    "results/tables/influence_window.csv",
    "results/tables/influence_consistency.csv",
    "results/tables/musiclab.csv",
]


wildcard_constraints:
    kind="erdos_renyi|heavy_tailed",


# resources.shards > 1: the (mean degree, graph) cells of a graph family's grid split into that many jobs,
# which rule influence_simulate gathers (the same runs as unsplit: every cell has its own seed)
rule influence_simulate_shard:
    output:
        temp("results/influence/simulation/{kind}/shard_{shard}.parquet"),
    log:
        "logs/influence/simulate_{kind}_{shard}.log",
    benchmark:
        "benchmarks/influence/simulate_{kind}_{shard}.tsv"
    wildcard_constraints:
        shard=r"\d+of\d+",
    conda:
        "../envs/virality.yaml"
    threads: job_resource("influence_simulate_shard", "threads")
    resources:
        mem_mb=job_resource("influence_simulate_shard", "mem_mb"),
        runtime=job_resource("influence_simulate_shard", "runtime"),
    params:
        cfg=INFLUENCE,
        seed=config["seed"],
    script:
        "../scripts/influence_simulate.py"


rule influence_simulate:
    input:
        lambda w: expand(
            "results/influence/simulation/{kind}/shard_{shard}.parquet",
            kind=w.kind,
            shard=shard_names(),
        ),
    output:
        "results/influence/simulation/{kind}.parquet",
    log:
        "logs/influence/simulate_{kind}.log",
    benchmark:
        "benchmarks/influence/simulate_{kind}.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("influence_simulate", "threads")
    resources:
        mem_mb=job_resource("influence_simulate", "mem_mb"),
        runtime=job_resource("influence_simulate", "runtime"),
    params:
        cfg=INFLUENCE,
        seed=config["seed"],
    script:
        "../scripts/influence_simulate.py"


rule influence_dataset:
    input:
        events=canonical("{dataset}", "events"),
        edges=canonical("{dataset}", "edges"),
        item_table=canonical("{dataset}", "items"),
    output:
        runs="results/influence/{dataset}/threshold_runs.parquet",
        pairs="results/influence/{dataset}/consistency_pairs.parquet",
        skipped="results/influence/{dataset}/skipped.csv",
    log:
        "logs/influence/dataset_{dataset}.log",
    benchmark:
        "benchmarks/influence/dataset_{dataset}.tsv"
    wildcard_constraints:
        dataset=_alternatives(INFLUENCE_DATASETS),
    priority: dataset_priority("influence_dataset")
    conda:
        "../envs/virality.yaml"
    threads: job_resource("influence_dataset", "threads")
    resources:
        mem_mb=job_resource("influence_dataset", "mem_mb"),
        runtime=job_resource("influence_dataset", "runtime"),
    params:
        graph=lambda w: w.dataset in INFLUENCE_GRAPH,
        events=lambda w: w.dataset in INFLUENCE_EVENTS,
        synthetic=lambda w: is_synthetic(w.dataset),
        cfg=INFLUENCE,
        seed=config["seed"],
    script:
        "../scripts/influence_dataset.py"


rule influence_gather:
    input:
        runs=expand(
            "results/influence/simulation/{kind}.parquet",
            kind=INFLUENCE["graph_kinds"],
        )
        + expand(
            "results/influence/{dataset}/threshold_runs.parquet",
            dataset=INFLUENCE_GRAPH,
        ),
    output:
        influentials="results/tables/influentials.csv",
        influence_multiplier="results/tables/influence_multiplier.csv",
        influence_window="results/tables/influence_window.csv",
    log:
        "logs/influence/gather.log",
    benchmark:
        "benchmarks/influence/gather.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("influence_gather", "threads")
    resources:
        mem_mb=job_resource("influence_gather", "mem_mb"),
        runtime=job_resource("influence_gather", "runtime"),
    params:
        cfg=INFLUENCE,
        seed=config["seed"],
    script:
        "../scripts/influence_gather.py"


# the figures are a job of their own: a run that asks for the tables only draws nothing
rule influence_figures:
    input:
        influentials="results/tables/influentials.csv",
        influence_multiplier="results/tables/influence_multiplier.csv",
        influence_window="results/tables/influence_window.csv",
    output:
        window_png=report(
            "results/figures/influence_window.png",
            caption="../report/influence_window.rst",
            category="Study D",
        ),
        window_pdf="results/figures/influence_window.pdf",
        multiplier_png=report(
            "results/figures/influence_multiplier.png",
            caption="../report/influence_multiplier.rst",
            category="Study D",
        ),
        multiplier_pdf="results/figures/influence_multiplier.pdf",
    log:
        "logs/influence/figures.log",
    benchmark:
        "benchmarks/influence/figures.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("influence_figures", "threads")
    resources:
        mem_mb=job_resource("influence_figures", "mem_mb"),
        runtime=job_resource("influence_figures", "runtime"),
    script:
        "../scripts/influence_figures.py"


rule influence_consistency:
    input:
        pairs=expand(
            "results/influence/{dataset}/consistency_pairs.parquet",
            dataset=INFLUENCE_EVENTS,
        ),
    output:
        table="results/tables/influence_consistency.csv",
        png=report(
            "results/figures/influence_consistency.png",
            caption="../report/influence_consistency.rst",
            category="Study D",
        ),
        pdf="results/figures/influence_consistency.pdf",
    log:
        "logs/influence/consistency.log",
    benchmark:
        "benchmarks/influence/consistency.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("influence_consistency", "threads")
    resources:
        mem_mb=job_resource("influence_consistency", "mem_mb"),
        runtime=job_resource("influence_consistency", "runtime"),
    params:
        datasets=INFLUENCE_EVENTS,
        synthetic={d: is_synthetic(d) for d in INFLUENCE_EVENTS},
        cfg=INFLUENCE,
        seed=config["seed"],
    script:
        "../scripts/influence_consistency.py"


rule influence_musiclab:
    output:
        markets="results/influence/musiclab_markets.parquet",
        table="results/tables/musiclab.csv",
        png=report(
            "results/figures/influence_musiclab.png",
            caption="../report/influence_musiclab.rst",
            category="Study D",
        ),
        pdf="results/figures/influence_musiclab.pdf",
    log:
        "logs/influence/musiclab.log",
    benchmark:
        "benchmarks/influence/musiclab.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("influence_musiclab", "threads")
    resources:
        mem_mb=job_resource("influence_musiclab", "mem_mb"),
        runtime=job_resource("influence_musiclab", "runtime"),
    params:
        cfg=INFLUENCE,
        seed=config["seed"],
    script:
        "../scripts/influence_musiclab.py"


FINAL_TARGETS.extend(INFLUENCE_TABLES)
FINAL_TARGETS.extend(
    expand(
        "results/figures/influence_{fig}.{ext}",
        fig=["window", "multiplier", "consistency", "musiclab"],
        ext=["png", "pdf"],
    )
)
