# The generated paper: published against reproduced values, the overview of every verdict, the run's record
# (environment, run times), the seed check, then paper/build/paper.{md,html} (and an optional PDF). Reads only
# results/tables/*.csv, results/figures/*.png, results/paper/*.csv and results/data/*/manifest.json; the input
# lists come from virality.paper.plan (a study table no rule produces stops planning with a clear message).
from virality.paper import plan as paper_plan
from virality.paper import seeds as paper_seeds

validate(config["paper"], "../schemas/paper.schema.yaml")

PAPER = config["paper"]
PAPER_STUDIES = paper_plan.paper_studies(PAPER["studies"])
PAPER_SEEDS = list(range(1, PAPER["seed_check"]["seeds"] + 1))


rule published_vs_reproduced:
    input:
        unpack(lambda w: paper_plan.pvr_inputs(PAPER, PAPER_STUDIES, FINAL_TARGETS)),
    output:
        report(
            "results/tables/published_vs_reproduced.csv",
            caption="../report/paper_published_vs_reproduced.rst",
            category="Paper",
            labels={"table": "published vs reproduced"},
        ),
    log:
        "logs/paper/published_vs_reproduced.log",
    benchmark:
        "benchmarks/paper/published_vs_reproduced.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("published_vs_reproduced", "threads")
    resources:
        mem_mb=job_resource("published_vs_reproduced", "mem_mb"),
        runtime=job_resource("published_vs_reproduced", "runtime"),
    params:
        studies=PAPER_STUDIES,
    script:
        "../scripts/paper_pvr.py"


rule paper_verdicts_figure:
    input:
        pvr="results/tables/published_vs_reproduced.csv",
        manifests=lambda w: paper_plan.target_manifests(FINAL_TARGETS),
    output:
        png=report(
            "results/figures/paper_verdicts.png",
            caption="../report/paper_verdicts.rst",
            category="Paper",
        ),
        pdf="results/figures/paper_verdicts.pdf",
    log:
        "logs/paper/paper_verdicts_figure.log",
    benchmark:
        "benchmarks/paper/paper_verdicts_figure.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("paper_verdicts_figure", "threads")
    resources:
        mem_mb=job_resource("paper_verdicts_figure", "mem_mb"),
        runtime=job_resource("paper_verdicts_figure", "runtime"),
    script:
        "../scripts/paper_figure.py"


# The run's record: versions, machine, commit and each study's run time from Snakemake's run logs. Runs after
# the study tables and the seed check (its inputs), so that their jobs are in the logs.
rule paper_environment:
    input:
        unpack(
            lambda w: {
                **paper_plan.measured_tables(PAPER_STUDIES, FINAL_TARGETS),
                **(
                    {"seed_variation": "results/tables/seed_variation.csv"}
                    if PAPER_SEEDS
                    else {}
                ),
            }
        ),
    output:
        environment=paper_plan.RECORD["environment"],
        runtimes=paper_plan.RECORD["runtimes"],
    log:
        "logs/paper/paper_environment.log",
    benchmark:
        "benchmarks/paper/paper_environment.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("paper_environment", "threads")
    resources:
        mem_mb=job_resource("paper_environment", "mem_mb"),
        runtime=job_resource("paper_environment", "runtime"),
    params:
        cores=workflow.cores,
        log_dir=".snakemake/log",
    script:
        "../scripts/paper_environment.py"


# The seed check (config paper.seed_check.seeds > 0): every study table the published values are read from,
# rebuilt by a nested Snakemake run in results/seeds/<k>/ with another master seed on the same canonical data
# (rerun when the config changes, or with --forcerun seed_run).
if PAPER_SEEDS:

    rule seed_run:
        input:
            # the canonical data the rerun links to; ancient: a rebuilt study table does not rerun the seeds
            ancient(lambda w: paper_plan.target_manifests(FINAL_TARGETS)),
        output:
            [
                f"results/seeds/{{k}}/{p}"
                for p in paper_plan.seed_tables(
                    PAPER_STUDIES, FINAL_TARGETS, ""
                ).values()
            ],
        log:
            "logs/paper/seed_run_{k}.log",
        benchmark:
            "benchmarks/paper/seed_run_{k}.tsv"
        wildcard_constraints:
            k=r"\d+",
        # after the main run's jobs: a rerun only needs the canonical data, and would otherwise hold the
        # cores while the main results wait
        priority: -10
        conda:
            "../envs/virality.yaml"
        threads: job_resource("seed_run", "threads")
        resources:
            mem_mb=job_resource("seed_run", "mem_mb"),
            runtime=job_resource("seed_run", "runtime"),
        params:
            seed=lambda w: paper_seeds.seed_of(config["seed"], int(w.k)),
            cfg=config,
            targets=lambda w: list(
                paper_plan.seed_tables(PAPER_STUDIES, FINAL_TARGETS, "").values()
            ),
        script:
            "../scripts/paper_seed_run.py"

    rule seed_variation:
        input:
            unpack(
                lambda w: {
                    "published": PAPER["published"],
                    **paper_plan.measured_tables(PAPER_STUDIES, FINAL_TARGETS),
                    **{
                        f"seed{k}_{name}": path
                        for k in PAPER_SEEDS
                        for name, path in paper_plan.seed_tables(
                            PAPER_STUDIES, FINAL_TARGETS, k
                        ).items()
                    },
                }
            ),
        output:
            "results/tables/seed_variation.csv",
        log:
            "logs/paper/seed_variation.log",
        benchmark:
            "benchmarks/paper/seed_variation.tsv"
        conda:
            "../envs/virality.yaml"
        threads: job_resource("seed_variation", "threads")
        resources:
            mem_mb=job_resource("seed_variation", "mem_mb"),
            runtime=job_resource("seed_variation", "runtime"),
        params:
            studies=PAPER_STUDIES,
            seeds=PAPER_SEEDS,
        script:
            "../scripts/paper_seed_variation.py"

    FINAL_TARGETS.append("results/tables/seed_variation.csv")


FINAL_TARGETS.extend(expand("results/figures/paper_verdicts.{ext}", ext=["png", "pdf"]))


rule paper:
    input:
        # every figure a rule writes (results/figures/*.png), even one its study left out of FINAL_TARGETS
        unpack(
            lambda w: paper_plan.paper_inputs(
                PAPER,
                PAPER_STUDIES,
                FINAL_TARGETS
                + [
                    str(f)
                    for r in workflow.rules
                    for f in r.output
                    if str(f).startswith("results/figures/") and "{" not in str(f)
                ],
            )
        ),
    output:
        md="paper/build/paper.md",
        html=report(
            "paper/build/paper.html",
            caption="../report/paper_html.rst",
            category="Paper",
            labels={"document": "paper (HTML)"},
        ),
        checks="paper/build/paper_checks.json",
    log:
        "logs/paper/paper.log",
    benchmark:
        "benchmarks/paper/paper.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("paper", "threads")
    resources:
        mem_mb=job_resource("paper", "mem_mb"),
        runtime=job_resource("paper", "runtime"),
    params:
        title=PAPER["title"],
        studies=PAPER_STUDIES,
        seed=config["seed"],
        criteria=PAPER["criteria"],
        max_main_words=PAPER["max_main_words"],
        parameters={"influence": config.get("influence", {})},
    script:
        "../scripts/paper_render.py"


# Optional (not in FINAL_TARGETS): weasyprint when importable, else headless Chromium, else a clear error.
rule paper_pdf:
    input:
        "paper/build/paper.html",
    output:
        "paper/build/paper.pdf",
    log:
        "logs/paper/paper_pdf.log",
    benchmark:
        "benchmarks/paper/paper_pdf.tsv"
    conda:
        "../envs/virality.yaml"
    threads: job_resource("paper_pdf", "threads")
    resources:
        mem_mb=job_resource("paper_pdf", "mem_mb"),
        runtime=job_resource("paper_pdf", "runtime"),
    script:
        "../scripts/paper_pdf.py"


FINAL_TARGETS.extend(
    ["results/tables/published_vs_reproduced.csv", "paper/build/paper.html"]
)
