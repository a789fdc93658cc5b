"""Planning of rule paper: tables, figures and manifests it reads; a study table no rule builds stops it."""

from pathlib import Path

import pytest

from virality.paper import PaperError
from virality.paper.plan import (
    paper_inputs,
    paper_studies,
    study_table_paths,
    target_figures,
    template_sections,
)

ROOT = Path(__file__).resolve().parents[2]


def test_planning_fails_clearly_when_a_study_table_has_no_rule():
    targets = [
        "results/tables/attribution.csv",
        "results/tables/attribution_estimators.csv",
        "results/tables/trajectories.csv",
    ]
    with pytest.raises(PaperError) as e:
        study_table_paths(["A"], targets, exists=lambda p: False)
    assert str(e.value).startswith(
        "paper: the paper needs results tables that no study rule produces (they are not in "
        "FINAL_TARGETS and do not exist): results/tables/broadcast_vs_viral.csv "
        "(Study A, table broadcast_vs_viral)."
    )
    ok = study_table_paths(["A"], [*targets, "results/tables/broadcast_vs_viral.csv"])
    assert ok["broadcast_vs_viral"] == "results/tables/broadcast_vs_viral.csv"
    inputs = paper_inputs(
        {"template": "t", "references": "r", "css": "c", "published": "p"},
        [],
        ["results/figures/a.png", "results/figures/a.pdf", "results/data/x/manifest.json"],
    )
    assert inputs["figures"] == ["results/figures/a.png"]
    # figures of a study left out of the paper are not inputs
    figs = ["results/figures/content_forest.png", "results/figures/influence_window.png"]
    assert target_figures(figs, ["D"]) == ["results/figures/influence_window.png"]
    assert inputs["manifests"] == ["results/data/x/manifest.json"]


def test_the_template_includes_every_section_beside_it():
    template = ROOT / "paper" / "paper.md.j2"
    sections = template_sections(template)
    assert len(sections) > 5
    main = template.read_text()
    for s in sections:
        name = Path(s).name
        assert (
            f'{{% include "sections/{name}" %}}' in main
            or f'{{% include "sections/{name}" ignore missing %}}' in main
        ), name
    assert paper_studies(["D", "A"]) == ["A", "D"]
