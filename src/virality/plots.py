"""Shared figure helpers: one style, synthetic data marked, PNG and PDF written reproducibly."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

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


def save(fig, png: str | os.PathLike, pdf: str | os.PathLike | None = None) -> None:
    """Write a figure as PNG (and PDF) with no time stamps, so reruns give identical files."""
    for path, meta in ((png, {"Software": None}), (pdf, {"CreationDate": None, "Producer": None})):
        if path is None:
            continue
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.stem}.tmp{path.suffix}")
        fig.savefig(tmp, metadata=meta, bbox_inches="tight")
        os.replace(tmp, path)
    plt.close(fig)
