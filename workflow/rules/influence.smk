# Study D (influence): Watts & Dodds (2007) threshold cascades, Bakshy et al. (2011) consistency, a MusicLab
# simulation (Salganik, Dodds & Watts 2006) and the survey's three conclusions. See docs/architecture.md.


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
        kind=lambda w: w.kind,
        cfg=INFLUENCE,
        seed=lambda w: vfiles.stable_seed(config["seed"], "influence_simulate", w.kind),
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
        dataset=lambda w: w.dataset,
        synthetic=lambda w: is_synthetic(w.dataset),
        cfg=INFLUENCE,
        seed=lambda w: vfiles.stable_seed(
            config["seed"], "influence_real_graph", w.dataset
        ),
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
        multiplier="results/tables/influence_multiplier.csv",
        window="results/tables/influence_window.csv",
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
        seed=vfiles.stable_seed(config["seed"], "influence_multiplier"),
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
        dataset=lambda w: w.dataset,
        min_items=INFLUENCE["min_items"],
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
        min_items=INFLUENCE["min_items"],
        n_boot=INFLUENCE["n_boot"],
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
        seed=vfiles.stable_seed(config["seed"], "influence_musiclab"),
    script:
        "../scripts/influence_musiclab.py"


# Reads Studies A and B's tables as files (their rules build them); kept separate so that the rest of
# Study D runs without them.
rule influence_survey_conclusions:
    input:
        multiplier="results/tables/influence_multiplier.csv",
        consistency="results/tables/influence_consistency.csv",
        musiclab="results/tables/musiclab.csv",
        attribution="results/tables/attribution.csv",
        prediction_limits="results/tables/prediction_limits.csv",
    output:
        table="results/tables/survey_conclusions.csv",
        png=report(
            "results/figures/influence_mix.png",
            caption="../report/influence_mix.rst",
            category="Study D",
        ),
        pdf="results/figures/influence_mix.pdf",
    log:
        "logs/influence/survey_conclusions.log",
    conda:
        "../envs/virality.yaml"
    script:
        "../scripts/influence_conclusions.py"


FINAL_TARGETS.extend(INFLUENCE_TABLES)
FINAL_TARGETS.extend(
    expand(
        "results/figures/influence_{fig}.{ext}",
        fig=["window", "multiplier", "consistency", "musiclab"],
        ext=["png", "pdf"],
    )
)
# The conclusions need Study A's and Study B's tables: a final target only when their rules produce them.
if {
    "results/tables/attribution.csv",
    "results/tables/prediction_limits.csv",
} <= set(FINAL_TARGETS):
    FINAL_TARGETS.append("results/tables/survey_conclusions.csv")
    FINAL_TARGETS.extend(
        expand("results/figures/influence_mix.{ext}", ext=["png", "pdf"])
    )
