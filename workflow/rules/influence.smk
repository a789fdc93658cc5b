# Study D (influence): Watts & Dodds (2007) threshold cascades, Bakshy et al. (2011) consistency and a MusicLab
# simulation (Salganik, Dodds & Watts 2006); virality.influence.study, one entry point per rule, each given the
# whole validated section and the workflow seed. The survey's conclusions are in conclusions.smk.


validate(config["influence"], "../schemas/influence.schema.yaml")

INFLUENCE = config["influence"]
INFLUENCE_EDGE_DATASETS = [
    d
    for d in datasets_with("edges")
    if INFLUENCE["edge_datasets"] is None or d in INFLUENCE["edge_datasets"]
]
INFLUENCE_EVENT_DATASETS = [
    d
    for d in datasets_with("events")
    if INFLUENCE["consistency_datasets"] is None
    or d in INFLUENCE["consistency_datasets"]
]
INFLUENCE_TABLES = [
    "results/tables/influentials.csv",
    "results/tables/influence_multiplier.csv",
    "results/tables/influence_window.csv",
    "results/tables/influence_consistency.csv",
    "results/tables/musiclab.csv",
]


wildcard_constraints:
    kind="erdos_renyi|heavy_tailed",


rule influence_simulate:
    output:
        "results/influence/simulation/{kind}.parquet",
    log:
        "logs/influence/simulate_{kind}.log",
    conda:
        "../envs/virality.yaml"
    params:
        cfg=INFLUENCE,
        seed=config["seed"],
    script:
        "../scripts/influence_simulate.py"


rule influence_real_graph:
    input:
        edges=lambda w: canonical(w.dataset, "edges"),
    output:
        "results/influence/{dataset}/threshold_runs.parquet",
    log:
        "logs/influence/real_graph_{dataset}.log",
    conda:
        "../envs/virality.yaml"
    params:
        synthetic=lambda w: is_synthetic(w.dataset),
        cfg=INFLUENCE,
        seed=config["seed"],
    script:
        "../scripts/influence_real_graph.py"


rule influence_gather:
    input:
        runs=expand(
            "results/influence/simulation/{kind}.parquet",
            kind=INFLUENCE["graph_kinds"],
        )
        + expand(
            "results/influence/{dataset}/threshold_runs.parquet",
            dataset=INFLUENCE_EDGE_DATASETS,
        ),
    output:
        influentials="results/tables/influentials.csv",
        influence_multiplier="results/tables/influence_multiplier.csv",
        influence_window="results/tables/influence_window.csv",
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
        "logs/influence/gather.log",
    conda:
        "../envs/virality.yaml"
    params:
        cfg=INFLUENCE,
        seed=config["seed"],
    script:
        "../scripts/influence_gather.py"


rule influence_consistency_pairs:
    input:
        events=lambda w: canonical(w.dataset, "events"),
        item_table=lambda w: canonical(w.dataset, "items"),
    output:
        "results/influence/{dataset}/consistency_pairs.parquet",
    log:
        "logs/influence/consistency_pairs_{dataset}.log",
    conda:
        "../envs/virality.yaml"
    params:
        cfg=INFLUENCE,
        seed=config["seed"],
    script:
        "../scripts/influence_consistency_pairs.py"


rule influence_consistency:
    input:
        pairs=expand(
            "results/influence/{dataset}/consistency_pairs.parquet",
            dataset=INFLUENCE_EVENT_DATASETS,
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
    conda:
        "../envs/virality.yaml"
    params:
        datasets=INFLUENCE_EVENT_DATASETS,
        synthetic={d: is_synthetic(d) for d in INFLUENCE_EVENT_DATASETS},
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
    conda:
        "../envs/virality.yaml"
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
