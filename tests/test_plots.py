import hashlib

from virality import plots


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
