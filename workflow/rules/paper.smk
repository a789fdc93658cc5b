# The generated paper: published against reproduced values, then paper/build/paper.{md,html} (and an optional
# PDF). Reads only results/tables/*.csv, results/figures/*.png and results/data/*/manifest.json; the input
# lists come from virality.paper.plan (a study table no rule produces stops planning with a clear message).
from virality.paper import plan as paper_plan

validate(config["paper"], "../schemas/paper.schema.yaml")

PAPER = config["paper"]
PAPER_STUDIES = paper_plan.paper_studies(PAPER["studies"])


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
