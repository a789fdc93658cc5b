import hashlib
from pathlib import Path

import yaml

from virality import plots
from virality.attribution import figures as A
from virality.content import figures as C
from virality.influence import figures as D
from virality.prediction import figures as B


def _fig():
    fig, ax = plots.new_figure()
    ax.plot([1, 2, 3], [2, 1, 3], label="x")
    ax.set(title=plots.label("demo", True), xlabel="age (hours)", ylabel="count")
    ax.legend()
    return fig


def test_figures_are_reproducible(tmp_path):
    digests = []
    for i in range(2):
        png, pdf = tmp_path / f"a{i}.png", tmp_path / f"a{i}.pdf"
        plots.save(_fig(), png, pdf)
        digests.append(
            (hashlib.sha256(png.read_bytes()).digest(), hashlib.sha256(pdf.read_bytes()).digest())
        )
    assert digests[0] == digests[1]
    assert plots.label("demo", True) == "demo (synthetic)"
    assert plots.label("demo", False) == "demo"


def test_thin_tick_labels_removes_overlapping_minor_labels():
    # a log axis over 25-500 labels its minor ticks (3x10^1, 4x10^1, ...), which overlap at this width
    fig, ax = plots.new_figure(3.0, 2.5)
    ax.plot([25, 500], [1, 2])
    ax.set_xscale("log")
    before = plots.overlapping_labels(fig)
    assert any(": x " in p for p in before), before
    plots.thin_tick_labels(fig)
    assert plots.overlapping_labels(fig) == []
    shown = [
        t.get_text() for t in ax.get_xticklabels(minor=True) + ax.get_xticklabels() if t.get_text()
    ]
    assert (
        "$\\mathdefault{10^{2}}$" in shown and len(shown) >= 3
    )  # the decade and some minor labels stay


def test_reference_label_and_split_legends():
    ref = plots.Reference(0.5, "over 50% (Cha et al. 2009)", "confirmed", ("A1",))
    assert ref.label == "published (confirmed): over 50% (Cha et al. 2009)"
    assert plots.Reference(1, "x", "secondary").label == "secondary source: x"
    assert plots.Reference(1, "x", "unconfirmed").label == "unconfirmed: x"
    fig, axes = plots.new_figure(ncols=2, layout="constrained")
    for ax in axes:
        ax.plot([0, 1], [0, 1], label="data")
        ax.axhline(0.5, label=ref.label)
        ax.legend()
    plots.split_legends(fig)
    assert [[t.get_text() for t in ax.get_legend().get_texts()] for ax in axes] == [
        ["data"],
        ["data"],
    ]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [ref.label]


def test_figure_references_agree_with_published_yaml():
    """Each reference drawn in a figure has the value and status of its entries in paper/published.yaml."""
    root = Path(__file__).resolve().parents[1]
    entries = {
        e["id"]: e
        for e in yaml.safe_load((root / "paper" / "published.yaml").read_text())["values"]
    }
    refs = [A.WOM_50, A.SIZE_FREE, B.R_09, B.T_QUARTER, B.SEISMIC_15PCT, B.DECAY_CURVE, B.HALF_TIME]
    for ref in [*refs, B.NORMAL_P, D.MULTIPLIER_BAND]:
        for i in ref.ids:
            assert entries[i]["status"] == ref.status, (i, entries[i]["status"], ref)
    assert [entries[i]["value"] for i in ("A1", "A5", "B6", "B11", "B1", "B2", "B3", "B4")] == [
        A.WOM_50.value, A.SIZE_FREE.value, B.R_09.value, B.SEISMIC_15PCT.value,
        B.DECAY_CURVE.value, B.PUBLISHED_DECAY[1], B.HALF_TIME.value, B.NORMAL_P.value,
    ]  # fmt: skip
    d1 = entries["D1"]
    assert (d1["rule"]["low"], d1["rule"]["high"], d1["status"]) == (
        *D.MULTIPLIER_BAND.value,
        D.MULTIPLIER_BAND.status,
    )
    # B10's times are confirmed, its 10% threshold (RSE 0.01) is not in the abstract: drawn as unconfirmed
    assert (
        entries["B10"]["measure"]["threshold"] == B.RSE_10PCT.value
        and B.RSE_10PCT.status == "unconfirmed"
    )
    for feature, (i, status) in C.OR_STATUS.items():
        assert entries[i]["status"] == status and feature in entries[i]["quantity"], i


def test_a_label_of_two_lines_is_measured_line_by_line(recwarn):
    # tick labels such as "lattice\nN=128": measured as one line, the newline was a missing glyph and the
    # box as wide as both lines together, one line high
    fig, ax = plots.new_figure()
    ax.set_xticks([0, 1], ["lattice\nN=128", "rewired\nN=128"])
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    tick = ax.get_xticklabels()[0]
    size = tick.get_fontsize()
    widest = plots._label_box(ax.text(0, 0, "N=128", fontsize=size), renderer)
    joined = plots._label_box(ax.text(0, 0, "lattice N=128", fontsize=size), renderer)
    two = plots._label_box(tick, renderer)
    width = lambda box: box[:, 0].max() - box[:, 0].min()  # noqa: E731
    height = lambda box: box[:, 1].max() - box[:, 1].min()  # noqa: E731
    assert width(two) == width(widest) < 0.6 * width(joined)
    assert 2.0 * height(widest) < height(two) < 2.6 * height(widest)
    assert plots.overlapping_labels(fig) == []
    assert not [w for w in recwarn if "missing from font" in str(w.message)]


def _panels():
    fig, axes = plots.new_figure(ncols=2, layout="constrained")
    for ax in axes:
        ax.plot([1, 10, 100], [3, 1, 2], label="data")
        ax.set(xscale="log", title="a title wider than its panel, on purpose", xlabel="t (h)")
        ax.legend()
    return fig


def test_save_draws_three_times_and_crops_as_tight(tmp_path, monkeypatch):
    """One draw for the label check, one per file; the same crop as ``bbox_inches="tight"``."""
    from matplotlib.figure import Figure
    from PIL import Image

    reference = tmp_path / "tight.png"
    _panels().savefig(reference, dpi=plots.STYLE["savefig.dpi"], bbox_inches="tight")
    draws = []
    real_draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda fig, r: draws.append(1) or real_draw(fig, r))
    fig = _panels()
    plots.save(fig, tmp_path / "b.png", tmp_path / "b.pdf")
    assert len(draws) == 3
    assert Image.open(tmp_path / "b.png").size == Image.open(reference).size
