# Study A: word of mouth versus editorial exposure (Cha, Mislove & Gummadi 2009). Library:
# src/virality/attribution/ (study.py: one run_* per job kind, the tables; figures.py). See docs/architecture.md.


validate(config["attribution"], "../schemas/attribution.schema.yaml")

ATTR = config["attribution"]
#: social attribution, time-shuffle null, trajectories: data sets with a graph
ATTR_GRAPH = [
    d for d in datasets_with("events", "edges") if d not in ATTR["exclude_graph"]
]
#: broadcast versus person-to-person: retweet trees with explicit parents
ATTR_TREES = datasets_with_column("events", "parent_user_id")
#: Bass and Hawkes: data sets with exposures (a known shock), the graph ones and the tree ones (whose
#: broadcast share the external share can be set against; big ones capped by timeseries.max_items_by_dataset)
ATTR_TS = sorted(
    set(datasets_with("events", "exposures")) | set(ATTR_GRAPH) | set(ATTR_TREES)
)
#: the attribution also on the graph as listed in the file (the reader writes each tie both ways)
ATTR_LISTED = [d for d in ATTR["graph_as_listed"] if d in ATTR_GRAPH]
#: trajectories also on trees without a graph: depth 1 (from the source) is broadcast, deeper is social
ATTR_TREES_ONLY = [d for d in ATTR_TREES if d not in ATTR_GRAPH]
ATTR_TRAJ = sorted(set(ATTR_GRAPH) | set(ATTR_TREES_ONLY))


rule attribution_social:
    input:
        events=canonical("{dataset}", "events"),
        edges=canonical("{dataset}", "edges"),
        items_table=canonical("{dataset}", "items"),
        nulls=lambda w: expand(
            "results/attribution/{dataset}/shards/nulls_{shard}.npz",
            dataset=w.dataset,
            shard=shard_names(),
        ),
    output:
        adoptions="results/attribution/{dataset}/adoptions.parquet",
        per_item="results/attribution/{dataset}/items.parquet",
        summary="results/attribution/{dataset}/wom.json",
        skipped="results/attribution/{dataset}/skipped_social.csv",
    log:
        "logs/attribution/{dataset}/social.log",
    benchmark:
        "benchmarks/attribution/{dataset}/social.tsv"
    wildcard_constraints:
        dataset=_alternatives(ATTR_GRAPH),
    priority: dataset_priority("attribution_social")
    conda:
        "../envs/virality.yaml"
    threads: ATTR["threads"]
    resources:
        mem_mb=job_resource("attribution_social", "mem_mb"),
        runtime=job_resource("attribution_social", "runtime"),
    params:
        cfg=ATTR,
        seed=lambda w: vfiles.stable_seed(config["seed"], "attribution", w.dataset),
    script:
        "../scripts/attribution_social.py"


# resources.shards > 1: the time-shuffle and placebo draws of a data set split into that many jobs, which
# rule attribution_social merges (the same tables as unsplit)
rule attribution_nulls_shard:
    input:
        events=canonical("{dataset}", "events"),
        edges=canonical("{dataset}", "edges"),
        items_table=canonical("{dataset}", "items"),
    output:
        temp("results/attribution/{dataset}/shards/nulls_{shard}.npz"),
    log:
        "logs/attribution/{dataset}/nulls_{shard}.log",
    benchmark:
        "benchmarks/attribution/{dataset}/nulls_{shard}.tsv"
    wildcard_constraints:
        dataset=_alternatives(ATTR_GRAPH),
        shard=r"\d+of\d+",
    priority: dataset_priority("attribution_nulls_shard")
    conda:
        "../envs/virality.yaml"
    threads: ATTR["threads"]
    resources:
        mem_mb=job_resource("attribution_nulls_shard", "mem_mb"),
        runtime=job_resource("attribution_nulls_shard", "runtime"),
    params:
        cfg=ATTR,
        seed=lambda w: vfiles.stable_seed(config["seed"], "attribution", w.dataset),
    script:
        "../scripts/attribution_nulls_shard.py"


rule attribution_social_as_listed:
    input:
        raw=dataset_inputs,
        events=canonical("{dataset}", "events"),
        items_table=canonical("{dataset}", "items"),
    output:
        summary="results/attribution/{dataset}/as_listed/wom.json",
        skipped="results/attribution/{dataset}/skipped_social_as_listed.csv",
    log:
        "logs/attribution/{dataset}/social_as_listed.log",
    benchmark:
        "benchmarks/attribution/{dataset}/social_as_listed.tsv"
    wildcard_constraints:
        dataset=_alternatives(ATTR_LISTED),
    priority: dataset_priority("attribution_social_as_listed")
    conda:
        "../envs/virality.yaml"
    threads: ATTR["threads"]
    resources:
        mem_mb=job_resource("attribution_social_as_listed", "mem_mb"),
        runtime=job_resource("attribution_social_as_listed", "runtime"),
    params:
        cfg=ATTR,
        entry=lambda w: config["datasets"][w.dataset],
        roles=dataset_roles,
        seed=lambda w: vfiles.stable_seed(config["seed"], "attribution", w.dataset),
        data_seed=lambda w: vfiles.stable_seed(config["seed"], "dataset", w.dataset),
    script:
        "../scripts/attribution_social.py"


rule attribution_tree_adoptions:
    input:
        events=canonical("{dataset}", "events"),
        items_table=canonical("{dataset}", "items"),
    output:
        adoptions="results/attribution/{dataset}/adoptions.parquet",
        skipped="results/attribution/{dataset}/skipped_tree_adoptions.csv",
    log:
        "logs/attribution/{dataset}/tree_adoptions.log",
    benchmark:
        "benchmarks/attribution/{dataset}/tree_adoptions.tsv"
    wildcard_constraints:
        dataset=_alternatives(ATTR_TREES_ONLY),
    priority: dataset_priority("attribution_tree_adoptions")
    conda:
        "../envs/virality.yaml"
    threads: job_resource("attribution_tree_adoptions", "threads")
    resources:
        mem_mb=job_resource("attribution_tree_adoptions", "mem_mb"),
        runtime=job_resource("attribution_tree_adoptions", "runtime"),
    script:
        "../scripts/attribution_tree_adoptions.py"


rule attribution_trajectories:
    input:
        adoptions="results/attribution/{dataset}/adoptions.parquet",
        exposures=canonical("{dataset}", "exposures"),
    output:
        per_item="results/attribution/{dataset}/trajectories.parquet",
        summary="results/attribution/{dataset}/trajectories.csv",
        skipped="results/attribution/{dataset}/skipped_trajectories.csv",
    log:
        "logs/attribution/{dataset}/trajectories.log",
    benchmark:
        "benchmarks/attribution/{dataset}/trajectories.tsv"
    priority: dataset_priority("attribution_trajectories")
    conda:
        "../envs/virality.yaml"
    threads: job_resource("attribution_trajectories", "threads")
    resources:
        mem_mb=job_resource("attribution_trajectories", "mem_mb"),
        runtime=job_resource("attribution_trajectories", "runtime"),
    params:
        cfg=ATTR,
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
        skipped="results/attribution/{dataset}/skipped_timeseries.csv",
    log:
        "logs/attribution/{dataset}/timeseries.log",
    benchmark:
        "benchmarks/attribution/{dataset}/timeseries.tsv"
    priority: dataset_priority("attribution_timeseries")
    conda:
        "../envs/virality.yaml"
    threads: job_resource("attribution_timeseries", "threads")
    resources:
        mem_mb=job_resource("attribution_timeseries", "mem_mb"),
        runtime=job_resource("attribution_timeseries", "runtime"),
    params:
        cfg=ATTR,
        seed=lambda w: vfiles.stable_seed(
            config["seed"], "attribution_timeseries", w.dataset
        ),
    script:
        "../scripts/attribution_timeseries.py"


rule attribution_trees:
    input:
        events=canonical("{dataset}", "events"),
    output:
        trees="results/attribution/{dataset}/trees.parquet",
        skipped="results/attribution/{dataset}/skipped_trees.csv",
    log:
        "logs/attribution/{dataset}/trees.log",
    benchmark:
        "benchmarks/attribution/{dataset}/trees.tsv"
    priority: dataset_priority("attribution_trees")
    conda:
        "../envs/virality.yaml"
    threads: job_resource("attribution_trees", "threads")
    resources:
        mem_mb=job_resource("attribution_trees", "mem_mb"),
        runtime=job_resource("attribution_trees", "runtime"),
    script:
        "../scripts/attribution_trees.py"


rule attribution_table:
    input:
        wom=expand("results/attribution/{dataset}/wom.json", dataset=ATTR_GRAPH),
        as_listed=expand(
            "results/attribution/{dataset}/as_listed/wom.json", dataset=ATTR_LISTED
        ),
        external=expand("results/attribution/{dataset}/external.json", dataset=ATTR_TS),
        manifests=expand(
            "results/data/{dataset}/manifest.json",
            dataset=sorted(set(ATTR_GRAPH) | set(ATTR_TS)),
        ),
    output:
        attribution="results/tables/attribution.csv",
        estimators="results/tables/attribution_estimators.csv",
    log:
        "logs/attribution/table.log",
    benchmark:
        "benchmarks/attribution/table.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("attribution_table", "threads")
    resources:
        mem_mb=job_resource("attribution_table", "mem_mb"),
        runtime=job_resource("attribution_table", "runtime"),
    script:
        "../scripts/attribution_table.py"


rule attribution_trajectories_table:
    input:
        summaries=expand(
            "results/attribution/{dataset}/trajectories.csv", dataset=ATTR_TRAJ
        ),
        manifests=expand("results/data/{dataset}/manifest.json", dataset=ATTR_TRAJ),
    output:
        "results/tables/trajectories.csv",
    log:
        "logs/attribution/trajectories_table.log",
    benchmark:
        "benchmarks/attribution/trajectories_table.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("attribution_trajectories_table", "threads")
    resources:
        mem_mb=job_resource("attribution_trajectories_table", "mem_mb"),
        runtime=job_resource("attribution_trajectories_table", "runtime"),
    script:
        "../scripts/attribution_trajectories_table.py"


rule attribution_broadcast_table:
    input:
        trees=expand("results/attribution/{dataset}/trees.parquet", dataset=ATTR_TREES),
        manifests=expand("results/data/{dataset}/manifest.json", dataset=ATTR_TREES),
    output:
        "results/tables/broadcast_vs_viral.csv",
    log:
        "logs/attribution/broadcast_table.log",
    benchmark:
        "benchmarks/attribution/broadcast_table.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("attribution_broadcast_table", "threads")
    resources:
        mem_mb=job_resource("attribution_broadcast_table", "mem_mb"),
        runtime=job_resource("attribution_broadcast_table", "runtime"),
    params:
        cfg=ATTR,
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
    log:
        "logs/attribution/figure_wom.log",
    benchmark:
        "benchmarks/attribution/figure_wom.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("attribution_figure_wom", "threads")
    resources:
        mem_mb=job_resource("attribution_figure_wom", "mem_mb"),
        runtime=job_resource("attribution_figure_wom", "runtime"),
    script:
        "../scripts/attribution_figure_wom.py"


rule attribution_figure_estimators:
    input:
        table="results/tables/attribution_estimators.csv",
    output:
        png=report(
            "results/figures/attribution_estimators.png",
            caption="../report/attribution_estimators.rst",
            category="Study A",
        ),
        pdf="results/figures/attribution_estimators.pdf",
    log:
        "logs/attribution/figure_estimators.log",
    benchmark:
        "benchmarks/attribution/figure_estimators.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("attribution_figure_estimators", "threads")
    resources:
        mem_mb=job_resource("attribution_figure_estimators", "mem_mb"),
        runtime=job_resource("attribution_figure_estimators", "runtime"),
    script:
        "../scripts/attribution_figure_estimators.py"


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
    log:
        "logs/attribution/figure_trajectories.log",
    benchmark:
        "benchmarks/attribution/figure_trajectories.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("attribution_figure_trajectories", "threads")
    resources:
        mem_mb=job_resource("attribution_figure_trajectories", "mem_mb"),
        runtime=job_resource("attribution_figure_trajectories", "runtime"),
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
    log:
        "logs/attribution/figure_virality.log",
    benchmark:
        "benchmarks/attribution/figure_virality.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("attribution_figure_virality", "threads")
    resources:
        mem_mb=job_resource("attribution_figure_virality", "mem_mb"),
        runtime=job_resource("attribution_figure_virality", "runtime"),
    script:
        "../scripts/attribution_figure_virality.py"


SKIP_FILES.extend(
    expand("results/attribution/{dataset}/skipped_social.csv", dataset=ATTR_GRAPH)
    + expand(
        "results/attribution/{dataset}/skipped_social_as_listed.csv",
        dataset=ATTR_LISTED,
    )
    + expand(
        "results/attribution/{dataset}/skipped_tree_adoptions.csv",
        dataset=ATTR_TREES_ONLY,
    )
    + expand(
        "results/attribution/{dataset}/skipped_trajectories.csv", dataset=ATTR_TRAJ
    )
    + expand("results/attribution/{dataset}/skipped_timeseries.csv", dataset=ATTR_TS)
    + expand("results/attribution/{dataset}/skipped_trees.csv", dataset=ATTR_TREES)
)

FINAL_TARGETS.extend(
    [
        "results/tables/attribution.csv",
        "results/tables/attribution_estimators.csv",
        "results/figures/attribution_estimators.png",
        "results/figures/attribution_estimators.pdf",
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
