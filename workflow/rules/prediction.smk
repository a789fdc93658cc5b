# Study B (prediction): Wu & Huberman (2007) novelty decay and log-normal popularity, Szabo & Huberman (2010)
# early-to-late prediction (LN, CS, GP), SEISMIC (Zhao et al. 2015), gradient boosting on early features, and
# the limits of prediction. Runs on every data set with an events table. See docs/architecture.md.


validate(config["prediction"], "../schemas/prediction.schema.yaml")

PREDICTION = config["prediction"]
PREDICTION_DATASETS = [
    d
    for d in datasets_with("events")
    if PREDICTION["datasets"] is None or d in PREDICTION["datasets"]
]
PREDICTION_PARTS = ["novelty", "novelty_ci", "decay_points", "final", "correlation"]
PREDICTION_PARTS += ["scatter", "error", "limits", "grid", "clock", "seismic_check"]
PREDICTION_TABLES = [
    "results/tables/novelty_decay.csv",
    "results/tables/novelty_decay_ci.csv",
    "results/tables/prediction_correlation.csv",
    "results/tables/prediction_error.csv",
    "results/tables/prediction_limits.csv",
    "results/tables/prediction_grids.csv",
    "results/tables/prediction_clock.csv",
]
PREDICTION_FIGURES = ["scatter", "correlation", "error", "decay", "lognormal"]
PREDICTION_FIGURES += ["popularity", "seismic"]


rule prediction_dataset:
    input:
        events=lambda w: canonical(w.dataset, "events"),
        item_table=lambda w: canonical(w.dataset, "items"),
        manifest=lambda w: f"{canonical_dir(w.dataset)}/manifest.json",
    output:
        **{
            part: f"results/prediction/{{dataset}}/{part}.csv"
            for part in PREDICTION_PARTS
        },
    log:
        "logs/prediction/{dataset}.log",
    conda:
        "../envs/virality.yaml"
    threads: PREDICTION["threads"]
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
        novelty="results/tables/novelty_decay.csv",
        novelty_ci="results/tables/novelty_decay_ci.csv",
        correlation="results/tables/prediction_correlation.csv",
        error="results/tables/prediction_error.csv",
        limits="results/tables/prediction_limits.csv",
        grids="results/tables/prediction_grids.csv",
        clock="results/tables/prediction_clock.csv",
        scatter_png=report(
            "results/figures/prediction_scatter.png",
            caption="../report/prediction_scatter.rst",
            category="Study B",
        ),
        scatter_pdf="results/figures/prediction_scatter.pdf",
        correlation_png=report(
            "results/figures/prediction_correlation.png",
            caption="../report/prediction_correlation.rst",
            category="Study B",
        ),
        correlation_pdf="results/figures/prediction_correlation.pdf",
        error_png=report(
            "results/figures/prediction_error.png",
            caption="../report/prediction_error.rst",
            category="Study B",
        ),
        error_pdf="results/figures/prediction_error.pdf",
        decay_png=report(
            "results/figures/prediction_decay.png",
            caption="../report/prediction_decay.rst",
            category="Study B",
        ),
        decay_pdf="results/figures/prediction_decay.pdf",
        lognormal_png=report(
            "results/figures/prediction_lognormal.png",
            caption="../report/prediction_lognormal.rst",
            category="Study B",
        ),
        lognormal_pdf="results/figures/prediction_lognormal.pdf",
        popularity_png=report(
            "results/figures/prediction_popularity.png",
            caption="../report/prediction_popularity.rst",
            category="Study B",
        ),
        popularity_pdf="results/figures/prediction_popularity.pdf",
        seismic_png=report(
            "results/figures/prediction_seismic.png",
            caption="../report/prediction_seismic.rst",
            category="Study B",
        ),
        seismic_pdf="results/figures/prediction_seismic.pdf",
    log:
        "logs/prediction/gather.log",
    conda:
        "../envs/virality.yaml"
    script:
        "../scripts/prediction_gather.py"


FINAL_TARGETS.extend(PREDICTION_TABLES)
FINAL_TARGETS.extend(
    expand(
        "results/figures/prediction_{fig}.{ext}",
        fig=PREDICTION_FIGURES,
        ext=["png", "pdf"],
    )
)
