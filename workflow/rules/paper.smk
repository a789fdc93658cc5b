# The generated paper: published against reproduced values, then paper/build/paper.{md,html} (and an optional
# PDF). Reads only results/tables/*.csv, results/figures/*.png and results/data/*/manifest.json.
from virality import paper as vpaper

validate(config["paper"], "../schemas/paper.schema.yaml")

PAPER = config["paper"]
PAPER_STUDIES = [s for s in vpaper.STUDIES if s in PAPER["studies"]]


def paper_study_tables(wildcards=None):
    """Results tables of the studies in the paper; a table no rule produces stops planning, clearly."""
    tables, missing = {}, []
    for study in PAPER_STUDIES:
        for name in vpaper.STUDIES[study]["tables"]:
            path = f"results/tables/{name}.csv"
            if path not in map(str, FINAL_TARGETS) and not Path(path).exists():
                missing.append(
                    f"{path} (Study {study}, issue {vpaper.STUDIES[study]['issue']})"
                )
            tables[name] = path
    if missing:
        raise ValueError(
            "paper: the paper needs results tables that no study rule produces (they are not in "
            "FINAL_TARGETS and do not exist): "
            + "; ".join(missing)
            + ". Build or include those studies, or leave a study out explicitly with "
            "`paper: {studies: [...]}` in the config (the paper then says it was not built)."
        )
    return tables


def paper_figures():
    return sorted(
        str(f)
        for f in FINAL_TARGETS
        if str(f).startswith("results/figures/") and str(f).endswith(".png")
    )


def paper_manifests():
    return sorted(
        str(f)
        for f in FINAL_TARGETS
        if str(f).startswith("results/data/") and str(f).endswith("/manifest.json")
    )


def pvr_inputs(wildcards):
    return {"published": PAPER["published"], **paper_study_tables()}


def paper_inputs(wildcards):
    return {
        "template": PAPER["template"],
        "references": PAPER["references"],
        "css": PAPER["css"],
        "published_vs_reproduced": "results/tables/published_vs_reproduced.csv",
        **paper_study_tables(),
        "figures": paper_figures(),
        "manifests": paper_manifests(),
    }


rule published_vs_reproduced:
    input:
        unpack(pvr_inputs),
    output:
        report(
            "results/tables/published_vs_reproduced.csv",
            caption="../report/paper_published_vs_reproduced.rst",
            category="Paper",
            labels={"table": "published vs reproduced"},
        ),
    log:
        "logs/paper/published_vs_reproduced.log",
    params:
        studies=PAPER_STUDIES,
    script:
        "../scripts/paper_pvr.py"


rule paper:
    input:
        unpack(paper_inputs),
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
    params:
        title=PAPER["title"],
        studies=PAPER_STUDIES,
        seed=config["seed"],
    script:
        "../scripts/paper_render.py"


rule paper_pdf:
    input:
        "paper/build/paper.html",
    output:
        "paper/build/paper.pdf",
    log:
        "logs/paper/paper_pdf.log",
    script:
        "../scripts/paper_pdf.py"


FINAL_TARGETS.extend(
    ["results/tables/published_vs_reproduced.csv", "paper/build/paper.html"]
)
