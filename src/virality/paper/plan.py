"""Planning for ``workflow/rules/paper.smk``: which tables, figures, manifests and captions the paper reads.

Pure: paths in, paths out. A study table no rule produces stops planning with a message naming it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from virality import contracts
from virality.paper import GENERAL_TABLES, STUDIES, PaperError


def paper_studies(selected: Iterable[str]) -> list[str]:
    """The studies of ``selected`` (config ``paper.studies``) in the paper's order."""
    chosen = set(selected)
    return [s for s in STUDIES if s in chosen]


def study_table_paths(
    studies: Iterable[str], final_targets: Iterable, exists=lambda p: Path(p).exists()
) -> dict[str, str]:
    """``results/tables/<name>.csv`` of each table the paper reads for ``studies``.

    A table that is neither among the workflow's final targets (a study rule produces it) nor on disk
    raises :class:`PaperError` naming the table and its study, so a study that is not built stops the paper
    at planning time instead of silently losing its section.
    """
    targets = {str(t) for t in final_targets}
    tables, missing = {}, []
    for study in studies:
        for name in STUDIES[study]["tables"]:
            path = contracts.table(name).path
            if path not in targets and not exists(path):
                missing.append(f"{path} (Study {study}, table {name})")
            tables[name] = path
        for name in STUDIES[study].get("optional_tables", []):
            path = contracts.table(name).path
            if path in targets or exists(path):
                tables[name] = path
    for name in GENERAL_TABLES:
        path = contracts.table(name).path
        if path in targets:
            tables[name] = path
    if missing:
        raise PaperError(
            "paper: the paper needs results tables that no study rule produces (they are not in "
            "FINAL_TARGETS and do not exist): "
            + "; ".join(missing)
            + ". Build or include those studies, or leave a study out explicitly with "
            "`paper: {studies: [...]}` in the config (the paper then says it was not built)."
        )
    return tables


def target_figures(final_targets: Iterable, studies: Iterable[str] | None = None) -> list[str]:
    """The PNG figures among the final targets (``results/figures/*.png``), sorted.

    With ``studies``, figures named for a study left out of the paper (by its ``figure_prefix``) are dropped;
    figures of no known study are kept (the paper shows them in an appendix)."""
    left_out = (
        []
        if studies is None
        else [v["figure_prefix"] for k, v in STUDIES.items() if k not in set(studies)]
    )
    return sorted(
        {
            str(f)
            for f in final_targets
            if str(f).startswith("results/figures/")
            and str(f).endswith(".png")
            and not any(Path(str(f)).name.startswith(p) for p in left_out)
        }
    )


def target_manifests(final_targets: Iterable) -> list[str]:
    """The data manifests among the final targets (``results/data/<dataset>/manifest.json``), sorted."""
    return sorted(
        {
            str(f)
            for f in final_targets
            if str(f).startswith("results/data/") and Path(str(f)).name == "manifest.json"
        }
    )


def template_sections(template: str | Path) -> list[str]:
    """The section templates the paper's template includes: ``sections/*.j2`` beside it, sorted."""
    return sorted(str(p) for p in Path(template).parent.glob("sections/*.j2"))


#: The run's record the paper reads (written by rule paper_environment; not results tables, since they
#: change from run to run).
RECORD = {"environment": "results/paper/environment.csv", "runtimes": "results/paper/runtimes.csv"}


def measured_tables(studies: Iterable[str], final_targets: Iterable) -> dict[str, str]:
    """The study tables published_vs_reproduced reads (no general table): name → path."""
    return {
        k: v
        for k, v in study_table_paths(studies, final_targets).items()
        if k not in GENERAL_TABLES
    }


def pvr_inputs(paper_config: Mapping, studies: Iterable[str], final_targets: Iterable) -> dict:
    """Named inputs of rule published_vs_reproduced."""
    return {"published": paper_config["published"], **measured_tables(studies, final_targets)}


def seed_tables(studies: Iterable[str], final_targets: Iterable, k) -> dict[str, str]:
    """The study tables of seed rerun ``k`` (``results/seeds/<k>/results/tables/<name>.csv``; ``k`` = "":
    the paths inside the rerun's folder), by name; only the tables some rule builds (the rerun cannot make a
    table that exists only on disk)."""
    targets = {str(t) for t in final_targets}
    prefix = f"results/seeds/{k}/" if str(k) else ""
    return {
        name: f"{prefix}{path}"
        for name, path in measured_tables(studies, final_targets).items()
        if path in targets
    }


def paper_inputs(paper_config: Mapping, studies: Iterable[str], final_targets: Iterable) -> dict:
    """Named inputs of rule paper: sources (the template and the sections beside it that it includes), the
    results tables, every figure and manifest."""
    targets = list(final_targets)
    studies = list(studies)
    figures = target_figures(targets, studies)
    return {
        "template": paper_config["template"],
        "sections": template_sections(paper_config["template"]),
        "references": paper_config["references"],
        "css": paper_config["css"],
        "published": paper_config["published"],
        **RECORD,
        "published_vs_reproduced": contracts.table("published_vs_reproduced").path,
        **study_table_paths(studies, targets),
        "figures": figures,
        "manifests": target_manifests(targets),
        "captions": [
            c for c in (f"workflow/report/{Path(f).stem}.rst" for f in figures) if Path(c).exists()
        ],
    }
