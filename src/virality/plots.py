"""Shared figure helpers: one style, synthetic data marked, PNG and PDF written reproducibly.

:func:`save` also checks the figure before writing it: tick labels that overlap (measured from their text
extents, :func:`overlapping_labels`) are logged as a warning, and whether the figure shows synthetic data
(a text of the figure carries the "(synthetic)" mark of :func:`label`) is stored in the PNG's metadata
(``Virality-Synthetic: yes|no``), where the paper reads it to mark the caption.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import jinja2
import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import cbook  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import Formatter  # noqa: E402

log = logging.getLogger("virality")

#: PNG metadata key saying whether a figure shows synthetic data.
SYNTHETIC_KEY = "Virality-Synthetic"
_SYNTHETIC = re.compile(r"\(synthetic\)", re.IGNORECASE)

STYLE = {
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 10,
    "axes.titlesize": 11,
    "legend.frameon": False,
}


def new_figure(width: float = 6.4, height: float = 4.2, **kw):
    """A figure and axes in the package style."""
    plt.rcParams.update(STYLE)
    return plt.subplots(figsize=(width, height), **kw)


def label(dataset: str, synthetic: bool) -> str:
    """Data set name for titles and legends, marked when synthetic."""
    return f"{dataset} (synthetic)" if synthetic else dataset


#: Legend prefix of a reference value by the status of its source in ``paper/published.yaml``.
STATUS_LABEL = {
    "confirmed": "published (confirmed)",
    "secondary": "secondary source",
    "unconfirmed": "unconfirmed",
}


@dataclass(frozen=True)
class Reference:
    """A published value drawn beside ours: ``value`` (a number or a (low, high) band), what it says
    (``text``), the status of its source and the ids of its entries in ``paper/published.yaml``."""

    value: float | tuple[float, float]
    text: str
    status: str
    ids: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Legend text: the source status first, e.g. "published (confirmed): over 50% (Cha et al. 2009)"."""
        return f"{STATUS_LABEL[self.status]}: {self.text}"


def is_reference(text: str) -> bool:
    """Whether a legend entry is a reference value's (its text starts with a status of :data:`STATUS_LABEL`)."""
    return any(text.startswith(f"{v}:") for v in STATUS_LABEL.values())


def split_legends(fig, ncol: int = 2, **panel_kw) -> None:
    """Each panel's legend without the reference lines, which go once (deduplicated, in order) into one
    legend below the panels: the same published values are drawn in every panel."""
    refs: dict[str, object] = {}
    for ax in fig.axes:
        handles, labels = ax.get_legend_handles_labels()
        own = [(h, t) for h, t in zip(handles, labels, strict=True) if not is_reference(t)]
        for h, t in zip(handles, labels, strict=True):
            if is_reference(t):
                refs.setdefault(t, h)
        if own:
            ax.legend(*zip(*own, strict=True), **panel_kw)
        elif ax.get_legend() is not None:
            ax.get_legend().remove()
    if refs:
        engine = fig.get_layout_engine()
        where = (
            {"loc": "outside lower center"}
            if engine is not None and engine.__class__.__name__ == "ConstrainedLayoutEngine"
            else {"loc": "upper center", "bbox_to_anchor": (0.5, 0.0)}
        )
        fig.legend(list(refs.values()), list(refs), ncol=ncol, fontsize=7, **where)


def render_caption(text: str, config: Mapping, inputs: Sequence[str] = ()) -> str:
    """A report caption (``workflow/report/*.rst``) rendered as Snakemake renders it: jinja2 with
    ``snakemake.config`` (the validated config) and ``snakemake.input`` (the paths of the figure's inputs;
    none leaves out the lines that depend on them, e.g. the "synthetic" line). Undefined names are errors."""
    env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    ctx = SimpleNamespace(config=config, input=list(inputs))
    return env.from_string(text).render(snakemake=ctx)


def _label_box(text: Text, renderer) -> np.ndarray:
    """The four corners (display pixels) of a text's drawn box, rotated with the text."""
    ext = text.get_window_extent(renderer)
    lines = text.get_text().split("\n")  # a label of several lines: measured line by line
    sizes = []
    for line in lines:
        ismath = "TeX" if text.get_usetex() else cbook.is_math_text(line)
        lw, lh, _ = renderer.get_text_width_height_descent(
            line or " ", text.get_fontproperties(), ismath=ismath
        )
        sizes.append((lw, lh))
    spacing = text.get_linespacing()  # "normal" (the font's own) in matplotlib 3.11: about 1.2
    spacing = spacing if isinstance(spacing, (int, float)) else 1.2
    w = max(lw for lw, _ in sizes)
    h = sum(lh for _, lh in sizes) + (len(sizes) - 1) * max(lh for _, lh in sizes) * (spacing - 1)
    theta = np.deg2rad(text.get_rotation())
    c, s = np.cos(theta), np.sin(theta)
    half = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2
    rot = np.array([[c, -s], [s, c]])
    return half @ rot.T + np.array([(ext.x0 + ext.x1) / 2, (ext.y0 + ext.y1) / 2])


def _overlap(a: np.ndarray, b: np.ndarray, pad: float) -> bool:
    """Whether two convex boxes overlap by more than ``pad`` pixels (separating-axis test)."""
    for poly in (a, b):
        for i in range(4):
            edge = poly[(i + 1) % 4] - poly[i]
            axis = np.array([-edge[1], edge[0]])
            norm = np.hypot(*axis)
            if norm == 0:
                continue
            pa, pb = a @ axis / norm, b @ axis / norm
            if min(pa.max(), pb.max()) - max(pa.min(), pb.min()) <= pad:
                return False
    return True


def overlapping_labels(fig, pad: float = 0.5) -> list[str]:
    """Pairs of tick labels (major and minor) of one axis whose drawn text boxes, rotated with the text,
    overlap by more than ``pad`` pixels, as "axes title: x 'a' / 'b'"; empty when none do. Draws the figure
    to measure the text."""
    fig.draw_without_rendering()  # lays the figure out and measures its text, no pixels
    renderer = fig.canvas.get_renderer()
    found = []
    for k, ax in enumerate(fig.axes):
        name = ax.get_title() or f"axes {k + 1}"
        for axis_name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            lo, hi = sorted(axis.get_view_interval())
            labels = [
                t.label1
                for t in [*axis.get_major_ticks(), *axis.get_minor_ticks()]
                if t.label1.get_visible()
                and t.label1.get_text().strip()
                and lo - 1e-9 * (hi - lo) <= t.get_loc() <= hi + 1e-9 * (hi - lo)
            ]
            boxes = [_label_box(t, renderer) for t in labels]
            for i in range(len(labels)):
                for j in range(i + 1, len(labels)):
                    if _overlap(boxes[i], boxes[j], pad):
                        found.append(
                            f"{name}: {axis_name} {labels[i].get_text()!r} / {labels[j].get_text()!r}"
                        )
    return found


class _Blanked(Formatter):
    """A tick formatter that gives "" at the locations ``hidden`` and defers to ``inner`` elsewhere."""

    def __init__(self, inner: Formatter, hidden: list[float]):
        self.inner, self.hidden = inner, np.asarray(hidden, dtype=float)

    def set_axis(self, axis) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        self.inner.set_locs(locs)

    def __call__(self, x, pos=None) -> str:
        if np.isclose(self.hidden, x, rtol=1e-9, atol=0).any():
            return ""
        return self.inner(x, pos)


def _thin_axis(axis, renderer, pad: float) -> None:
    """Blank the minor tick labels of ``axis`` that would overlap a major label or a minor one kept before
    them (lowest first), by wrapping its minor formatter."""
    lo, hi = sorted(axis.get_view_interval())
    inside = [t for t in axis.get_major_ticks() if lo <= t.get_loc() <= hi and t.label1.get_text()]
    kept = [_label_box(t.label1, renderer) for t in inside if t.label1.get_visible()]
    minors = sorted(
        (t for t in axis.get_minor_ticks() if lo <= t.get_loc() <= hi and t.label1.get_text()),
        key=lambda t: t.get_loc(),
    )
    hidden = set()
    for t in minors:
        box = _label_box(t.label1, renderer)
        if any(_overlap(box, k, pad) for k in kept):
            hidden.add(float(t.get_loc()))
        else:
            kept.append(box)
    if hidden:
        axis.set_minor_formatter(_Blanked(axis.get_minor_formatter(), sorted(hidden)))


def thin_tick_labels(fig, pad: float = 2.0) -> None:
    """Blank minor tick labels (e.g. 3×10¹ beside 4×10¹ on a short log axis) that would overlap another
    label by more than ``pad`` pixels, so that :func:`overlapping_labels` finds none; call it once the
    figure's limits and labels are final. Lays the figure out without rasterising it (text extents need
    the layout, not the pixels)."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            _thin_axis(axis, renderer, pad)


def shows_synthetic(fig) -> bool:
    """Whether any text of the figure (titles, labels, legends, ticks) carries the "(synthetic)" mark of
    :func:`label`."""
    return any(_SYNTHETIC.search(t.get_text() or "") for t in fig.findobj(Text))


def _frozen_crop(fig):
    """The tight crop of a drawn figure (inches, padded by ``savefig.pad_inches``), its layout then kept as
    drawn: each ``savefig`` with ``bbox_inches="tight"`` and a layout engine would draw the figure twice and
    redo the layout (about two thirds of the time spent writing a figure)."""
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(plt.rcParams["savefig.pad_inches"])
    with plt.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # no engine at all: savefig then skips its layout pre-draw
    return box


def save(fig, png: str | os.PathLike, pdf: str | os.PathLike | None = None) -> None:
    """Write a figure as PNG (and PDF) with no time stamps, so reruns give identical files; overlapping
    tick labels are logged as a warning, and the PNG records whether the figure shows synthetic data."""
    fig.set_dpi(plt.rcParams["savefig.dpi"])  # laid out and measured as the PNG is drawn
    for problem in overlapping_labels(fig):  # draws the figure, its layout engine included
        log.warning("%s: overlapping tick labels: %s", png, problem)
    syn = "yes" if shows_synthetic(fig) else "no"
    png_meta = {"Software": None, SYNTHETIC_KEY: syn}
    box = _frozen_crop(fig)
    for path, meta in ((png, png_meta), (pdf, {"CreationDate": None, "Producer": None})):
        if path is None:
            continue
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.stem}.tmp{path.suffix}")
        fig.savefig(tmp, metadata=meta, bbox_inches=box)
        os.replace(tmp, path)
    plt.close(fig)
