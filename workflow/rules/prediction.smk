# Study B (prediction): Wu & Huberman (2007) novelty decay and log-normal popularity, Szabo & Huberman (2010)
# early-to-late prediction (LN, CS, GP), SEISMIC (Zhao et al. 2015), gradient boosting on early features, and
# the limits of prediction. Runs on every data set with an events table. See docs/architecture.md.


from virality import contracts
from virality.prediction.parts import FIGURE_PARTS as PREDICTION_FIGURE_PARTS
from virality.prediction.parts import PARTS as PREDICTION_ALL_PARTS

validate(config["prediction"], "../schemas/prediction.schema.yaml")

PREDICTION = config["prediction"]
PREDICTION_DATASETS = [
    d
    for d in datasets_with("events")
    if PREDICTION["datasets"] is None or d in PREDICTION["datasets"]
]
# the per-data-set parts the gathering step stacks (skipped.csv goes to rule skipped_table)
PREDICTION_PARTS = [p for p in PREDICTION_ALL_PARTS if p != "skipped"]
# the results tables of Study B: every table of its contract (virality.contracts)
PREDICTION_TABLES = contracts.of_study("B")
PREDICTION_FIGURES = ["scatter", "correlation", "error", "decay", "lognormal"]
PREDICTION_FIGURES += ["popularity", "seismic"]


rule prediction_dataset:
    input:
        events=lambda w: canonical(w.dataset, "events"),
        item_table=lambda w: canonical(w.dataset, "items"),
        exposures=lambda w: canonical(w.dataset, "exposures"),
        manifest=lambda w: f"{canonical_dir(w.dataset)}/manifest.json",
    output:
        **{
            part: f"results/prediction/{{dataset}}/{part}.csv"
            for part in PREDICTION_ALL_PARTS
        },
    log:
        "logs/prediction/{dataset}.log",
    benchmark:
        "benchmarks/prediction/{dataset}.tsv"
    priority: dataset_priority("prediction_dataset")
    conda:
        "../envs/virality.yaml"
    threads: PREDICTION["threads"]
    resources:
        mem_mb=job_resource("prediction_dataset", "mem_mb"),
        runtime=job_resource("prediction_dataset", "runtime"),
    params:
        dataset=lambda w: w.dataset,
        cfg=PREDICTION,
        seed=lambda w: vfiles.stable_seed(config["seed"], "prediction", w.dataset),
    script:
        "../scripts/prediction_dataset.py"


rule prediction_gather:
    input:
        **{
            part: expand(
                "results/prediction/{dataset}/{part}.csv",
                dataset=PREDICTION_DATASETS,
                part=[part],
            )
            for part in PREDICTION_PARTS
        },
    output:
        **{t: f"results/tables/{t}.csv" for t in PREDICTION_TABLES},
    log:
        "logs/prediction/gather.log",
    benchmark:
        "benchmarks/prediction/gather.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("prediction_gather", "threads")
    resources:
        mem_mb=job_resource("prediction_gather", "mem_mb"),
        runtime=job_resource("prediction_gather", "runtime"),
    script:
        "../scripts/prediction_gather.py"


# the figures are a job of their own: a run that asks for the tables only draws nothing
rule prediction_figures:
    input:
        **{
            part: expand(
                "results/prediction/{dataset}/{part}.csv",
                dataset=PREDICTION_DATASETS,
                part=[part],
            )
            for part in PREDICTION_FIGURE_PARTS
        },
    output:
        **{
            f"{fig}_png": report(
                f"results/figures/prediction_{fig}.png",
                caption=f"../report/prediction_{fig}.rst",
                category="Study B",
            )
            for fig in PREDICTION_FIGURES
        },
        **{
            f"{fig}_pdf": f"results/figures/prediction_{fig}.pdf"
            for fig in PREDICTION_FIGURES
        },
    log:
        "logs/prediction/figures.log",
    benchmark:
        "benchmarks/prediction/figures.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("prediction_figures", "threads")
    resources:
        mem_mb=job_resource("prediction_figures", "mem_mb"),
        runtime=job_resource("prediction_figures", "runtime"),
    script:
        "../scripts/prediction_figures.py"


SKIP_FILES.extend(
    expand("results/prediction/{dataset}/skipped.csv", dataset=PREDICTION_DATASETS)
)
FINAL_TARGETS.extend(expand("results/tables/{t}.csv", t=PREDICTION_TABLES))
FINAL_TARGETS.extend(
    expand(
        "results/figures/prediction_{fig}.{ext}",
        fig=PREDICTION_FIGURES,
        ext=["png", "pdf"],
    )
)
