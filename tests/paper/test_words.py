"""Length and form of the text: words of the main text and the appendix, the abstract's 200 words."""

import re
from pathlib import Path

import yaml

from virality.paper.render import word_counts

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = yaml.safe_load((ROOT / "workflow" / "schemas" / "paper.schema.yaml").read_text())
MAX_MAIN = SCHEMA["properties"]["max_main_words"]["default"]


def test_words_are_counted_by_part_without_markup():
    md = (
        "# Title\n\n## Abstract\n\nOne two three.\n\n"
        '<figure id="f"><img src="data:image/png;base64,AAAA" alt="Figure 1">'
        "<figcaption><strong>Figure 1.</strong> Four five.</figcaption></figure>\n\n"
        "| a | b |\n|---:|---|\n| 0.5 | six |\n\n"
        "## References\n\n- Seven eight.\n\n## Appendix\n\n### Moved\n\nNine ten eleven.\n"
    )
    assert word_counts(md) == {"main": 13, "references": 3, "appendix": 5}
    # main: Title Abstract One two three Figure 1. Four five. a b 0.5 six


def _abstract(md: str) -> str:
    return md.split("## Abstract", 1)[1].split("[TOC]", 1)[0]


def test_abstract_is_short_and_has_no_seams_or_raw_identifiers(tmp_path, fake, render):
    md = render(tmp_path, fake)
    abstract = _abstract(md)
    assert word_counts(abstract)["main"] <= 200
    for study in ("(A)", "(B)", "(C)", "(D)"):
        assert study in abstract
    assert "conceptual replication" in abstract
    assert "confirmed in the original papers" in abstract
    assert re.search(r"no one is influential in all circumstances \(\w", abstract)
    assert not re.search(r"[a-z]\.[A-Z]", abstract), "two sentences glued together"
    assert "topolstm_twitter" not in abstract and "{{" not in abstract
    sentences = [s.strip() for s in re.split(r"(?<=[.;])\s", abstract) if s.strip()]
    assert len(sentences) == len(set(sentences))


def test_main_text_stays_under_the_word_limit(tmp_path, fake, render):
    words = word_counts(render(tmp_path, fake))
    assert 0 < words["main"] <= MAX_MAIN
    assert words["appendix"] > 0  # the per-data-set tables went there


OURS = (
    "paper_verdicts",
    "influence_window",
    "influence_multiplier",
    "influence_consistency",
    "influence_musiclab",
    "influence_mix",
)
STUDY_FIGURES = {
    "Study A": (
        "attribution_wom_share",
        "attribution_estimators",
        "attribution_trajectories",
        "attribution_structural_virality",
    ),
    "Study B": (
        "prediction_correlation",
        "prediction_decay",
        "prediction_error",
        "prediction_lognormal",
        "prediction_popularity",
        "prediction_scatter",
        "prediction_seismic",
    ),
    "Study C": (
        "content_forest",
        "content_instruments",
        "content_synthetic_recovery",
        "content_distributions",
        "content_arousal_rank",
    ),
}


def _section(md: str, title: str) -> str:
    return md.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_every_figure_is_shown_and_cited_in_its_own_section(tmp_path, fake, parameters):
    from virality.paper.render import render_markdown

    src = fake["figures"]["attribution_wom_flickr_synth"]
    figures = dict(fake["figures"])
    names = [*OURS, *(n for names in STUDY_FIGURES.values() for n in names)]
    for name in names:
        figures[name] = tmp_path / f"{name}.png"
        figures[name].write_bytes(src.read_bytes())
    checks = {}
    md = render_markdown(
        ROOT / "paper" / "paper.md.j2",
        fake["tables"],
        figures=figures,
        manifests=fake["manifests"],
        references=ROOT / "paper" / "references.yaml",
        md_dir=tmp_path,
        context={
            "title": "T",
            "studies_built": ["A", "B", "C", "D"],
            "seed": 1,
            "parameters": parameters,
        },
        checks=checks,
    )
    assert set(names) <= set(checks["figures_shown"])
    assert checks["figures_not_cited"] == []
    number = {name: i + 1 for i, name in enumerate(checks["figures_shown"])}
    for title, study_figures in STUDY_FIGURES.items():
        text = _section(md, title)
        for name in study_figures:
            assert f"[Figure {number[name]}](#fig-{name})" in text, (title, name)
        # one figure per study in the main text; the others in the appendix, cited from the study's text
        assert sum(f'<figure id="fig-{n}">' in text for n in study_figures) == 1, title
    n = checks["figures_shown"].index("influence_window") + 1
    assert f"[Figure {n}](#fig-influence_window)" in md
    assert "Figure ?" not in md
    # the fake figure of Study A with another name is shown in the appendix and cited from Study A's text
    assert "(#fig-attribution_wom_flickr_synth)" in _section(md, "Study A")
    words = word_counts(md)
    assert words["main"] <= MAX_MAIN, words


def test_no_value_opens_a_line_as_a_markdown_blockquote(tmp_path, fake, render):
    # the template writes no blockquote; a value such as A1's "> 50%" at the start of a line made one
    md = render(tmp_path, fake)
    quoted = [line for line in md.splitlines() if line.startswith(">")]
    assert quoted == []
