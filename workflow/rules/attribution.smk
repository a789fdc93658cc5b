# Study A: word of mouth versus editorial exposure (Cha, Mislove & Gummadi 2009). See docs/architecture.md.


validate(config["attribution"], "../schemas/attribution.schema.yaml")

ATTR = config["attribution"]
#: social attribution, time-shuffle null, trajectories: data sets with a graph
ATTR_GRAPH = [
    d for d in datasets_with("events", "edges") if d not in ATTR["exclude_graph"]
]
#: Bass and Hawkes: data sets with exposures (a known shock) plus the graph ones
ATTR_TS = sorted(set(datasets_with("events", "exposures")) | set(ATTR_GRAPH))
#: broadcast versus person-to-person: retweet trees with explicit parents
ATTR_TREES = datasets_with_column("events", "parent_user_id")


def _attr_seed(step):
    return lambda w: vio.stable_seed(config["seed"], step, w.dataset)


rule attribution_social:
    input:
        events=canonical("{dataset}", "events"),
        edges=canonical("{dataset}", "edges"),
        items_table=canonical("{dataset}", "items"),
    output:
        adoptions="results/attribution/{dataset}/adoptions.parquet",
        per_item="results/attribution/{dataset}/items.parquet",
        summary="results/attribution/{dataset}/wom.json",
    params:
        cfg=ATTR,
        seed=_attr_seed("attribution"),
    threads: ATTR["threads"]
    log:
        "logs/attribution/{dataset}/social.log",
    script:
        "../scripts/attribution_social.py"


rule attribution_trajectories:
    input:
        adoptions="results/attribution/{dataset}/adoptions.parquet",
        exposures=canonical("{dataset}", "exposures"),
    output:
        per_item="results/attribution/{dataset}/trajectories.parquet",
        summary="results/attribution/{dataset}/trajectories.csv",
    params:
        cfg=ATTR["trajectory"],
    log:
        "logs/attribution/{dataset}/trajectories.log",
    script:
        "../scripts/attribution_trajectories.py"


rule attribution_timeseries:
    input:
        events=canonical("{dataset}", "events"),
        items_table=canonical("{dataset}", "items"),
        exposures=canonical("{dataset}", "exposures"),
    output:
        per_item="results/attribution/{dataset}/external.parquet",
        summary="results/attribution/{dataset}/external.json",
    params:
        cfg=ATTR["timeseries"],
        seed=_attr_seed("attribution_timeseries"),
    log:
        "logs/attribution/{dataset}/timeseries.log",
    script:
        "../scripts/attribution_timeseries.py"


rule attribution_trees:
    input:
        events=canonical("{dataset}", "events"),
    output:
        "results/attribution/{dataset}/trees.parquet",
    log:
        "logs/attribution/{dataset}/trees.log",
    script:
        "../scripts/attribution_trees.py"


rule attribution_table:
    input:
        wom=expand("results/attribution/{dataset}/wom.json", dataset=ATTR_GRAPH),
        external=expand("results/attribution/{dataset}/external.json", dataset=ATTR_TS),
        manifests=expand(
            "results/data/{dataset}/manifest.json",
            dataset=sorted(set(ATTR_GRAPH) | set(ATTR_TS)),
        ),
    output:
        "results/tables/attribution.csv",
    params:
        graph=ATTR_GRAPH,
        timeseries=ATTR_TS,
        datasets=sorted(set(ATTR_GRAPH) | set(ATTR_TS)),
    log:
        "logs/attribution/table.log",
    script:
        "../scripts/attribution_table.py"


rule attribution_trajectories_table:
    input:
        summaries=expand(
            "results/attribution/{dataset}/trajectories.csv", dataset=ATTR_GRAPH
        ),
        manifests=expand("results/data/{dataset}/manifest.json", dataset=ATTR_GRAPH),
    output:
        "results/tables/trajectories.csv",
    params:
        datasets=ATTR_GRAPH,
    log:
        "logs/attribution/trajectories_table.log",
    script:
        "../scripts/attribution_trajectories_table.py"


rule attribution_broadcast_table:
    input:
        trees=expand("results/attribution/{dataset}/trees.parquet", dataset=ATTR_TREES),
        manifests=expand("results/data/{dataset}/manifest.json", dataset=ATTR_TREES),
    output:
        "results/tables/broadcast_vs_viral.csv",
    params:
        datasets=ATTR_TREES,
        size_bins=ATTR["size_bins"],
    log:
        "logs/attribution/broadcast_table.log",
    script:
        "../scripts/attribution_broadcast_table.py"


rule attribution_figure_wom:
    input:
        table="results/tables/attribution.csv",
        wom=expand("results/attribution/{dataset}/wom.json", dataset=ATTR_GRAPH),
    output:
        png=report(
            "results/figures/attribution_wom_share.png",
            caption="../report/attribution_wom_share.rst",
            category="Study A",
        ),
        pdf="results/figures/attribution_wom_share.pdf",
    params:
        graph=ATTR_GRAPH,
    log:
        "logs/attribution/figure_wom.log",
    script:
        "../scripts/attribution_figure_wom.py"


rule attribution_figure_trajectories:
    input:
        adoptions=expand(
            "results/attribution/{dataset}/adoptions.parquet", dataset=ATTR_GRAPH
        ),
        classes=expand(
            "results/attribution/{dataset}/trajectories.parquet", dataset=ATTR_GRAPH
        ),
        manifests=expand("results/data/{dataset}/manifest.json", dataset=ATTR_GRAPH),
    output:
        png=report(
            "results/figures/attribution_trajectories.png",
            caption="../report/attribution_trajectories.rst",
            category="Study A",
        ),
        pdf="results/figures/attribution_trajectories.pdf",
    params:
        datasets=ATTR_GRAPH,
    log:
        "logs/attribution/figure_trajectories.log",
    script:
        "../scripts/attribution_figure_trajectories.py"


rule attribution_figure_virality:
    input:
        trees=expand("results/attribution/{dataset}/trees.parquet", dataset=ATTR_TREES),
        manifests=expand("results/data/{dataset}/manifest.json", dataset=ATTR_TREES),
    output:
        png=report(
            "results/figures/attribution_structural_virality.png",
            caption="../report/attribution_structural_virality.rst",
            category="Study A",
        ),
        pdf="results/figures/attribution_structural_virality.pdf",
    params:
        datasets=ATTR_TREES,
    log:
        "logs/attribution/figure_virality.log",
    script:
        "../scripts/attribution_figure_virality.py"


FINAL_TARGETS.extend(
    [
        "results/tables/attribution.csv",
        "results/tables/trajectories.csv",
        "results/tables/broadcast_vs_viral.csv",
        "results/figures/attribution_wom_share.png",
        "results/figures/attribution_wom_share.pdf",
        "results/figures/attribution_trajectories.png",
        "results/figures/attribution_trajectories.pdf",
        "results/figures/attribution_structural_virality.png",
        "results/figures/attribution_structural_virality.pdf",
    ]
)
