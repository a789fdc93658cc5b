"""The state of one rendering of the paper: figure and table numbers, citations, the appendix.

The template calls these through :func:`virality.paper.render.render_markdown`: ``figure()`` places a
numbered figure, ``figref()`` cites one (numbers are known from a first pass, so a figure can be cited
before it is shown), ``table()`` a numbered table, ``appendix_table()`` / ``to_appendix()`` move a table or a
block of text to the appendix (numbered A1, A2, ...) and return a reference to it, ``cite()`` a reference.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from virality.paper import PaperError
from virality.paper.numbers import fmt_int, fmt_num, fmt_p, fmt_pct, is_missing
from virality.paper.published import STATUS_LABEL
from virality.paper.tables import ResultTable

#: PNG metadata key written by :func:`virality.plots.save`: does the figure show synthetic data?
SYNTHETIC_KEY = "Virality-Synthetic"

MIXED_MARK = " Data sets labelled *(synthetic)* in the figure are **synthetic** stand-ins."
SYNTHETIC_MARK = " **Synthetic data.**"


def _md_cell(v) -> str:
    return str(v).replace("|", "\\|").replace("\n", " ")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def png_says_synthetic(path: Path) -> bool | None:
    """What a PNG's metadata says about synthetic data (None: the figure predates the mark)."""
    try:
        from PIL import Image

        with Image.open(path) as im:
            flag = (getattr(im, "text", None) or im.info).get(SYNTHETIC_KEY)
    except (OSError, ValueError):
        return None
    return None if flag is None else flag == "yes"


class Renderer:
    """State of one rendering: figure and table numbers, citations used, figures available, the appendix.

    ``numbers`` maps figure names to the numbers a first pass gave them (empty in that first pass)."""

    def __init__(
        self,
        figures: Mapping[str, str | Path],
        references: Mapping[str, Mapping],
        md_dir: Path,
        synthetic_names: Iterable[str] = (),
        captions: Mapping[str, str] | None = None,
        numbers: Mapping[str, int] | None = None,
        cited_before: Iterable[str] = (),
    ):
        self.figures = {k: Path(v) for k, v in figures.items()}
        self.captions = dict(captions or {})
        self.references = dict(references)
        self.md_dir = md_dir
        self.synthetic_names = sorted(set(synthetic_names), key=len, reverse=True)
        self.numbers = dict(numbers or {})
        self.cited_before = list(cited_before)
        self.n_fig = 0
        self.n_tab = 0
        self.n_app = 0
        self.cited: list[str] = []
        self.shown: list[str] = []
        self.fig_cited: list[str] = []
        self.appendix_parts: list[str] = []

    # figures --------------------------------------------------------------------------------------
    def figures_for(self, *prefixes: str) -> list[str]:
        """Figures not yet shown whose names start with one of ``prefixes`` (sorted)."""
        return [
            n
            for n in sorted(self.figures)
            if n not in self.shown and any(n.startswith(p) for p in prefixes)
        ]

    def figures_uncited(self, *prefixes: str) -> list[str]:
        """Figures whose names start with one of ``prefixes`` that the text has not cited yet (sorted), so that
        a section can cite the rest of its figures in one sentence."""
        return [
            n
            for n in sorted(self.figures)
            if n not in self.fig_cited and any(n.startswith(p) for p in prefixes)
        ]

    def figures_left(self) -> list[str]:
        """Figures not yet shown (so that every input figure appears in the paper)."""
        return [n for n in sorted(self.figures) if n not in self.shown]

    def figure_is_synthetic(self, name: str) -> bool:
        """Whether a figure's name carries the name of a synthetic data set or says "synth"."""
        return "synth" in name or any(s in name for s in self.synthetic_names)

    def has_figure(self, name: str) -> bool:
        return name in self.figures

    def _need_figure(self, name: str) -> Path:
        if name not in self.figures:
            raise PaperError(
                f"results/figures/{name}.png: the template refers to this figure, but it is not an input "
                f"of the paper (figures: {', '.join(sorted(self.figures)) or 'none'})"
            )
        return self.figures[name]

    def figref(self, name: str) -> str:
        """ "Figure N" for a figure shown anywhere in the paper (a link to it)."""
        self._need_figure(name)
        if name not in self.fig_cited:
            self.fig_cited.append(name)
        if not self.numbers:
            return "Figure ?"
        if name not in self.numbers:
            raise PaperError(
                f"results/figures/{name}.png: the text cites this figure, but the paper never shows it"
            )
        return f"[Figure {self.numbers[name]}](#fig-{name})"

    def _synthetic_mark(self, path: Path, synthetic: bool | str) -> str:
        if synthetic == "auto" or synthetic == "auto-mixed":
            said = png_says_synthetic(path)
            if said is not None:
                return MIXED_MARK if said else ""
            synthetic = "mixed" if synthetic == "auto-mixed" else False
        if synthetic == "mixed":
            return MIXED_MARK
        return SYNTHETIC_MARK if synthetic else ""

    def figure(self, name: str, caption: str | None = None, synthetic: bool | str = "auto") -> str:
        """A numbered figure from ``results/figures/<name>.png``; an unknown name is an error.

        Without ``caption``, the figure's report caption (``workflow/report/<name>.rst``) is used.
        ``synthetic``: True (all synthetic), "mixed", False, or "auto" (the PNG's own mark, written by
        ``plots.save``; "auto-mixed" falls back to "mixed" for a figure without the mark)."""
        path = self._need_figure(name)
        if caption is None:
            caption = self.captions.get(name) or f"Figure `{name}`."
        self.n_fig += 1
        if name not in self.shown:
            self.shown.append(name)
        rel = Path(os.path.relpath(Path(path).resolve(), Path(self.md_dir).resolve())).as_posix()
        mark = self._synthetic_mark(path, synthetic)
        return (
            f'<figure id="fig-{name}">\n<img src="{html.escape(rel)}" alt="Figure {self.n_fig}">\n'
            f"<figcaption><strong>Figure {self.n_fig}.</strong> "
            f"{inline_md(caption)}{inline_md(mark)} <em>(results/figures/{name}.png)</em>"
            f"</figcaption>\n</figure>\n"
        )

    # tables ---------------------------------------------------------------------------------------
    def table(self, rows, columns: Sequence, caption: str, number: str | None = None) -> str:
        """A numbered markdown table. ``columns`` are ``(column, header[, format])`` with format one of
        num, int, pct, p, ds (data set name marked "(synthetic)"), status, text; an unknown column is an
        error."""
        if isinstance(rows, ResultTable):
            table, rows = rows, rows.rows()
        else:
            table = None
        specs = []
        for c in columns:
            c = list(c)
            col, head, kind = c[0], c[1], (c[2] if len(c) > 2 else "text")
            if table is not None:
                table.check_columns([col])
            specs.append((col, head, kind))
        if number is None:
            self.n_tab += 1
            number = str(self.n_tab)
        lines = [
            f'<a id="table-{number}"></a>**Table {number}.** {caption}',
            "",
            "| " + " | ".join(_md_cell(h) for _, h, _ in specs) + " |",
            "|"
            + "|".join("---:" if k in ("num", "int", "pct", "p") else "---" for _, _, k in specs)
            + "|",
        ]
        for r in rows:
            lines.append(
                "| "
                + " | ".join(_md_cell(self._fmt(getattr(r, c), k, r)) for c, _, k in specs)
                + " |"
            )
        if not rows:
            lines.append(
                "| " + " | ".join("(no rows)" if i == 0 else "" for i in range(len(specs))) + " |"
            )
        return "\n".join(lines) + "\n"

    def table_all(self, rows: ResultTable, caption: str, exclude: Sequence[str] = ()) -> str:
        """A numbered table of every column (numbers formatted, data set names marked synthetic)."""
        cols = []
        for c in rows.columns:
            if c in exclude or c == "synthetic":
                continue
            s = rows.df[c]
            numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
            kind = "ds" if c in ("dataset", "graph") else ("num" if numeric else "text")
            cols.append((c, c.replace("_", " "), kind))
        return self.table(rows, cols, caption)

    @staticmethod
    def _fmt(v, kind, row):
        if kind == "num":
            return fmt_num(v)
        if kind == "int":
            return fmt_int(v)
        if kind == "pct":
            return fmt_pct(v)
        if kind == "p":
            return fmt_p(v)
        if kind == "status":
            return STATUS_LABEL.get(str(v), str(v))
        if kind == "ds":
            if is_missing(v):
                return "—"
            try:
                syn = bool(row.synthetic)
            except PaperError:
                syn = False
            return f"{v} *(synthetic)*" if syn else str(v)
        return "" if is_missing(v) else str(v)

    # appendix -------------------------------------------------------------------------------------
    def appendix_table(self, rows, columns: Sequence, caption: str) -> str:
        """A table numbered A1, A2, ... placed in the appendix; returns a link "Table A<n>" to it."""
        self.n_app += 1
        number = f"A{self.n_app}"
        self.appendix_parts.append(self.table(rows, columns, caption, number=number))
        return f"[Table {number}](#table-{number})"

    def to_appendix(self, title: str, text: str) -> str:
        """A block of text placed in the appendix under ``### title``; returns a link to it."""
        self.appendix_parts.append(f"### {title}\n\n{text.strip()}\n")
        return f"[appendix: {title}](#{_slug(title)})"

    def appendix(self) -> str:
        """Everything moved to the appendix so far, in order (the appendix section calls it once)."""
        out, self.appendix_parts = "\n".join(self.appendix_parts), []
        return out

    # references -----------------------------------------------------------------------------------
    def cite(self, *keys: str) -> str:
        """ "(Author Year; …)" for reference keys of references.yaml; an unknown key is an error."""
        shorts = []
        for k in keys:
            if k not in self.references:
                raise PaperError(f"references: no entry {k!r} (the template cites it)")
            if k not in self.cited:
                self.cited.append(k)
            shorts.append(self.references[k]["short"])
        return "(" + "; ".join(shorts) + ")"

    def citet(self, key: str) -> str:
        """ "Author (Year)" for one reference key."""
        s = self.cite(key)[1:-1]
        m = re.match(r"^(.*)\s(\d{4}[a-z]?)$", s)
        return f"{m.group(1)} ({m.group(2)})" if m else s

    def bibliography(self) -> str:
        """The references cited anywhere in the paper (so far, or in the first pass), sorted by short form."""
        out = []
        keys = set(self.cited) | set(self.cited_before)
        for k in sorted(keys, key=lambda k: self.references[k]["short"]):
            ref = self.references[k]
            link = f" <{ref['url']}>" if ref.get("url") else ""
            doi = f" doi:{ref['doi']}" if ref.get("doi") else ""
            out.append(f"- {ref['text']}{doi}{link}")
        return "\n".join(out) + "\n"


def inline_md(text: str) -> str:
    """Inline markup of a caption as HTML: code, strong and emphasis (at word boundaries)."""
    t = html.escape(text)
    t = re.sub(r"`(.+?)`", r"<code>\1</code>", t)
    t = re.sub(r"\[([^\]]+)\]\((#[^)]+)\)", r'<a href="\2">\1</a>', t)
    # emphasis only where the markers sit at word boundaries (as in reStructuredText): "n* >= 1" stays
    t = re.sub(r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])", r"<strong>\1</strong>", t)
    t = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"<em>\1</em>", t)
    return t
