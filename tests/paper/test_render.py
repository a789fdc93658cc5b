"""The rendered paper: numbers come from the results tables, errors name the file and field."""

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from virality.paper import PaperError
from virality.paper.render import (
    _inline_md,
    markdown_to_html,
    render_markdown,
    rst_caption,
    write_paper,
)

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "paper" / "paper.md.j2"
REFERENCES = ROOT / "paper" / "references.yaml"


def test_changing_a_table_number_changes_the_paper(tmp_path, fake, render, rebuild_pvr):
    md = render(tmp_path, fake)
    assert (
        "On Twitter URL cascades + follower graph, 61.2% of adoptions follow an earlier adoption"
        in md
    )
    df = pd.read_csv(fake["tables"]["attribution"])
    df.loc[df["dataset"] == "topolstm_twitter", "wom_share"] = 0.377
    df.to_csv(fake["tables"]["attribution"], index=False)
    rebuild_pvr(fake["tables"])
    md2 = render(tmp_path, fake)
    assert "On Twitter URL cascades + follower graph, 37.7% of adoptions follow an earlier" in md2
    assert "61.2%" not in md2


def test_synthetic_rows_marked(tmp_path, fake, render):
    md = render(tmp_path, fake)
    assert "flickr_synth *(synthetic)*" in md
    assert "nyt_synth *(synthetic)*" in md
    assert "topolstm_twitter *(synthetic)*" not in md
    # the figure of synthetic data says so in its caption
    assert re.search(r"Figure 1\.</strong>.*Synthetic data", md)


def test_missing_column_names_file_and_field(tmp_path, fake, render):
    bad = tmp_path / "paper" / "bad.md.j2"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("line one\n{{ T.attribution.row(dataset='topolstm_twitter').wom_shares }}\n")
    with pytest.raises(PaperError) as e:
        render(tmp_path, fake, bad)
    msg = str(e.value)
    assert msg.startswith(f"{bad}, line 2: {fake['tables']['attribution']}: no column 'wom_shares'")


def test_missing_results_file_names_the_file(tmp_path, fake, render):
    bad = tmp_path / "paper" / "bad.md.j2"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("{{ T.attribution_typo.row(dataset='x').wom_share }}\n")
    with pytest.raises(PaperError) as e:
        render(tmp_path, fake, bad)
    assert (
        f"{bad}, line 1: results/tables/attribution_typo.csv: the template refers to this results "
        "file, but it is not an input of the paper" in str(e.value)
    )


def test_missing_figure_and_undefined_name(tmp_path, fake, render):
    bad = tmp_path / "paper" / "bad.md.j2"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("{{ figure('nope', 'x') }}\n")
    with pytest.raises(PaperError, match=r"results/figures/nope\.png: the template refers"):
        render(tmp_path, fake, bad)
    bad.write_text("ok\n\n{{ wom_share }}\n")
    with pytest.raises(PaperError, match=r"bad\.md\.j2, line 3: 'wom_share' is undefined"):
        render(tmp_path, fake, bad)


def test_html_is_self_contained_with_toc(tmp_path, fake, render):
    md = render(tmp_path, fake)
    build = tmp_path / "paper" / "build"
    html = markdown_to_html(md, build, "Test paper", css="body{}")
    assert 'src="data:image/png;base64,' in html
    assert (
        'results/figures/attribution_wom_flickr_synth.png"' not in html
    )  # no file link left in an <img>
    assert '<div class="toc">' in html
    assert "<table>" in html
    assert html.count("<figure") == 1


def test_figure_caption_comes_from_its_report_caption(tmp_path, fake, parameters):
    cap = tmp_path / "attribution_wom_flickr_synth.rst"
    cap.write_text("Word-of-mouth share on ``flickr_synth``,\nwith its null.\n")
    md = render_markdown(
        TEMPLATE,
        fake["tables"],
        figures=fake["figures"],
        manifests=fake["manifests"],
        references=REFERENCES,
        md_dir=tmp_path / "paper" / "build",
        context={
            "title": "T",
            "studies_built": ["A", "B", "C", "D"],
            "seed": 1,
            "parameters": parameters,
        },
        captions=[cap],
    )
    assert (
        "<strong>Figure 1.</strong> Word-of-mouth share on <code>flickr_synth</code>, with its null. "
        "<strong>Synthetic data.</strong>" in md
    )


def test_caption_markup_only_at_word_boundaries():
    assert rst_caption("A ``code`` caption,\n*italic* and **bold**.") == (
        "A `code` caption, *italic* and **bold**."
    )
    assert _inline_md("n* is the count, p_t n* >= 1, *it*") == (
        "n* is the count, p_t n* &gt;= 1, <em>it</em>"
    )


def test_error_in_an_included_section_names_the_section(tmp_path, fake, render):
    main = tmp_path / "paper" / "main.md.j2"
    (main.parent / "sections").mkdir(parents=True)
    main.write_text('{% set x = 1 %}\n{% include "sections/one.md.j2" %}\n')
    section = main.parent / "sections" / "one.md.j2"
    section.write_text("x is {{ x }}\n\n{{ T.attribution.row(dataset='nope').wom_share }}\n")
    with pytest.raises(
        PaperError, match=r"sections/one\.md\.j2, line 3: .*expected exactly one row"
    ):
        render(tmp_path, fake, main)
    section.write_text("x is {{ x }}\n")
    assert render(tmp_path, fake, main) == "x is 1\n"


def test_write_paper_writes_markdown_and_html(tmp_path, fake, parameters):
    inputs = {
        "template": TEMPLATE,
        "sections": [],
        "references": REFERENCES,
        "css": ROOT / "paper" / "paper.css",
        **fake["tables"],
        "figures": list(fake["figures"].values()),
        "manifests": fake["manifests"],
        "captions": [],
    }
    md_path, html_path = tmp_path / "build" / "paper.md", tmp_path / "build" / "paper.html"
    checks_path = tmp_path / "build" / "checks.json"
    md, html, checks = write_paper(
        inputs,
        md_path,
        html_path,
        "T",
        {"studies_built": ["A", "B", "C", "D"], "seed": 1, "parameters": parameters},
        checks_path=checks_path,
    )
    assert md_path.read_text() == md and md.startswith("# T\n")
    assert html_path.read_text() == html and "<title>T</title>" in html
    assert json.loads(checks_path.read_text()) == checks
    assert set(checks["words"]) == {"main", "references", "appendix", "abstract"}
    assert 0 < checks["words"]["abstract"] <= 200
    assert checks["figures_shown"] == ["attribution_wom_flickr_synth"]


def test_study_b_method_names_the_sampled_data_sets(tmp_path, fake, render):
    # prediction_grids: topolstm_memes had 8,000 observed items, a seeded sample of 5,000 entered
    md = " ".join(render(tmp_path, fake).split())
    assert "beyond `prediction.max_items` of them, a seeded random sample of that many" in md
    assert "topolstm_memes, 5,000 of 8,000 observed items);" in md
    df = pd.read_csv(fake["tables"]["prediction_grids"])
    df["n_items_eligible"] = df["n_items_used"]
    df.to_csv(fake["tables"]["prediction_grids"], index=False)
    md2 = " ".join(render(tmp_path, fake).split())
    assert "never chosen by size); the correlations" in md2 and "observed items)" not in md2


def _drop_real_rows(tables: dict, which) -> None:
    """Keep only the synthetic rows of the results tables whose name ``which`` accepts."""
    for name, path in tables.items():
        df = pd.read_csv(path)
        if which(name) and "synthetic" in df.columns:
            df[df["synthetic"].astype(str).str.lower() == "true"].to_csv(path, index=False)


def test_paper_renders_when_no_real_data_set_was_found(tmp_path, fake, render, rebuild_pvr):
    """A clone without ../shared/data runs on synthetic stand-ins only: the paper still renders and says
    so (Study C's robustness grid over real data sets stopped the paper with "no column 'feature'")."""
    _drop_real_rows(fake["tables"], lambda name: name != "published_vs_reproduced")
    rebuild_pvr(fake["tables"])
    fake["manifests"] = [
        m for m in fake["manifests"] if json.loads(Path(m).read_text())["synthetic"]
    ]
    md = render(tmp_path, fake)
    assert (
        "on synthetic stand-ins with known truth only:\nno open data set was found in this run's data "
        "folders, so no number here describes a real platform." in md
    )
    assert "or ran on synthetic stand-ins only: this conclusion is judged on real data sets)." in md
    assert "topolstm_twitter" not in md.split("## Appendix")[0]


#: results tables by study (prefixes of their names), for a data set that serves some studies only
STUDY_TABLES = {
    "A": ("attribution", "broadcast_vs_viral", "trajectories"),
    "B": ("prediction", "novelty_decay", "popularity_distribution"),
    "C": ("content",),
    "D": ("influence", "influentials", "musiclab"),
    "E": ("seeding_strategies", "visibility_levers"),
}


@pytest.mark.parametrize("study", sorted(STUDY_TABLES))
def test_paper_renders_when_one_study_has_no_real_data_set(
    tmp_path, fake, render, rebuild_pvr, study
):
    """A user's own data set may serve some studies only (events without text, say): the study without real
    rows renders from its synthetic ones, the others as before."""
    _drop_real_rows(fake["tables"], lambda name: name.startswith(STUDY_TABLES[study]))
    rebuild_pvr(fake["tables"])
    md = render(tmp_path, fake)
    assert "## Study C: the emotional content of viral articles" in md
    assert "## The survey's three conclusions, tested" in md
