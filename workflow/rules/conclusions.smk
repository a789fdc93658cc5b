# The survey's three conclusions (virality.conclusions) from Study D's tables and Studies A and B's
# attribution and prediction_limits tables, read through their contracts. A final target only when the
# studies' rules produce those tables, so that each study also runs alone.


rule survey_conclusions:
    input:
        influence_multiplier="results/tables/influence_multiplier.csv",
        influence_consistency="results/tables/influence_consistency.csv",
        musiclab="results/tables/musiclab.csv",
        attribution="results/tables/attribution.csv",
        prediction_limits="results/tables/prediction_limits.csv",
    output:
        table="results/tables/survey_conclusions.csv",
        png=report(
            "results/figures/influence_mix.png",
            caption="../report/influence_mix.rst",
            category="Conclusions",
        ),
        pdf="results/figures/influence_mix.pdf",
    log:
        "logs/conclusions/survey_conclusions.log",
    benchmark:
        "benchmarks/conclusions/survey_conclusions.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("survey_conclusions", "threads")
    resources:
        mem_mb=job_resource("survey_conclusions", "mem_mb"),
        runtime=job_resource("survey_conclusions", "runtime"),
    script:
        "../scripts/conclusions.py"


if {
    "results/tables/attribution.csv",
    "results/tables/prediction_limits.csv",
    "results/tables/influence_multiplier.csv",
} <= set(FINAL_TARGETS):
    FINAL_TARGETS.append("results/tables/survey_conclusions.csv")
    FINAL_TARGETS.extend(
        expand("results/figures/influence_mix.{ext}", ext=["png", "pdf"])
    )
