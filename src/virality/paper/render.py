"""The paper's text: the jinja2 template → Markdown → one self-contained HTML page.

:func:`render_markdown` renders ``paper/paper.md.j2`` (and the sections it includes) with
``StrictUndefined``; numbers reach the text only through :class:`~virality.paper.tables.ResultTable`, so a
typo or a renamed column fails naming the file. :func:`markdown_to_html` uses python-markdown (``toc``,
``tables``) and embeds the figures as ``data:`` URIs, so the page reads offline.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import os
import re
import traceback
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import jinja2
import markdown
import pandas as pd
import yaml

from virality.paper import STUDIES, PaperError
from virality.paper.numbers import fmt_ci, fmt_int, fmt_num, fmt_p, fmt_pct, is_missing
from virality.paper.provenance import provenance_table
from virality.paper.published import STATUS_LABEL
from virality.paper.tables import ResultTable, Tables, read_result_table


def _md_cell(v) -> str:
    s = str(v)
    return s.replace("|", "\\|").replace("\n", " ")


class Renderer:
    """State of one rendering: figure and table numbers, citations used, figures available."""

    def __init__(
        self,
        figures: Mapping[str, str | Path],
        references: Mapping[str, Mapping],
        md_dir: Path,
        synthetic_names: Iterable[str] = (),
        captions: Mapping[str, str] | None = None,
    ):
        self.figures = {k: Path(v) for k, v in figures.items()}
        self.captions = dict(captions or {})
        self.references = dict(references)
        self.md_dir = md_dir
        self.synthetic_names = sorted(set(synthetic_names), key=len, reverse=True)
        self.n_fig = 0
        self.n_tab = 0
        self.cited: list[str] = []
        self.shown: list[str] = []

    def figures_for(self, *prefixes: str) -> list[str]:
        """Figures not yet shown whose names start with one of ``prefixes`` (sorted)."""
        return [
            n
            for n in sorted(self.figures)
            if n not in self.shown and any(n.startswith(p) for p in prefixes)
        ]

    def figures_left(self) -> list[str]:
        """Figures not yet shown (so that every input figure appears in the paper)."""
        return [n for n in sorted(self.figures) if n not in self.shown]

    def figure_is_synthetic(self, name: str) -> bool:
        """Whether a figure's name carries the name of a synthetic data set or says "synth"."""
        return "synth" in name or any(s in name for s in self.synthetic_names)

    def figure(self, name: str, caption: str | None = None, synthetic: bool | str = False) -> str:
        """A numbered figure from ``results/figures/<name>.png``; an unknown name is an error.

        Without ``caption``, the figure's report caption (``workflow/report/<name>.rst``) is used."""
        if name not in self.figures:
            raise PaperError(
                f"results/figures/{name}.png: the template refers to this figure, but it is not an input "
                f"of the paper (figures: {', '.join(sorted(self.figures)) or 'none'})"
            )
        if caption is None:
            caption = self.captions.get(name) or f"Figure `{name}`."
        self.n_fig += 1
        if name not in self.shown:
            self.shown.append(name)
        rel = _relpath(self.figures[name], self.md_dir)
        if synthetic == "mixed":
            mark = " Data sets labelled *synthetic* in the figure are **synthetic** stand-ins."
        elif synthetic:
            mark = " **Synthetic data.**"
        else:
            mark = ""
        return (
            f'<figure id="fig-{name}">\n<img src="{html.escape(rel)}" alt="Figure {self.n_fig}: '
            f'{html.escape(caption)}">\n<figcaption><strong>Figure {self.n_fig}.</strong> '
            f"{_inline_md(caption)}{_inline_md(mark)} <em>(results/figures/{name}.png)</em>"
            f"</figcaption>\n</figure>\n"
        )

    def has_figure(self, name: str) -> bool:
        return name in self.figures

    def table(self, rows, columns: Sequence, caption: str) -> str:
        """A numbered markdown table. ``columns`` are ``(column, header[, format])`` with format one of
        num, int, pct, p, ds (data set name marked "(synthetic)"), text; an unknown column is an error."""
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
        self.n_tab += 1
        lines = [
            f"**Table {self.n_tab}.** {caption}",
            "",
            "| " + " | ".join(_md_cell(h) for _, h, _ in specs) + " |",
            "|"
            + "|".join("---:" if k in ("num", "int", "pct", "p") else "---" for _, _, k in specs)
            + "|",
        ]
        for r in rows:
            cells = []
            for col, _, kind in specs:
                v = getattr(r, col)
                cells.append(_md_cell(self._fmt(v, kind, r)))
            lines.append("| " + " | ".join(cells) + " |")
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
            numeric = pd.api.types.is_numeric_dtype(rows.df[c]) and not pd.api.types.is_bool_dtype(
                rows.df[c]
            )
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
            syn = False
            try:
                syn = bool(row.synthetic)
            except PaperError:
                syn = False
            return f"{v} *(synthetic)*" if syn else str(v)
        return "" if is_missing(v) else str(v)

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
        """The references cited so far, sorted by their short form."""
        items = sorted(self.cited, key=lambda k: self.references[k]["short"])
        out = []
        for k in items:
            ref = self.references[k]
            link = f" <{ref['url']}>" if ref.get("url") else ""
            doi = f" doi:{ref['doi']}" if ref.get("doi") else ""
            out.append(f"- {ref['text']}{doi}{link}")
        return "\n".join(out) + "\n"


def rst_caption(text: str) -> str:
    """A report caption (reStructuredText) as one line of the paper's inline markup."""
    t = re.sub(r"``(.+?)``", r"`\1`", text)
    t = re.sub(r"`([^`<]+?)\s*<([^>]+)>`_+", r"\1", t)
    t = re.sub(r":[a-z]+:`(.+?)`", r"`\1`", t)
    return " ".join(t.split())


def _inline_md(text: str) -> str:
    t = html.escape(text)
    t = re.sub(r"`(.+?)`", r"<code>\1</code>", t)
    # emphasis only where the markers sit at word boundaries (as in reStructuredText): "n* >= 1" stays
    t = re.sub(r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])", r"<strong>\1</strong>", t)
    t = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"<em>\1</em>", t)
    return t


def _relpath(p: Path, base: Path) -> str:
    return Path(os.path.relpath(Path(p).resolve(), Path(base).resolve())).as_posix()


def load_references(path: str | Path) -> dict[str, dict]:
    """Reference list: key → {short, text[, doi, url]}."""
    path = Path(path)
    if not path.exists():
        raise PaperError(f"{path}: file not found")
    doc = yaml.safe_load(path.read_text()) or {}
    for k, ref in doc.items():
        for f in ("short", "text"):
            if not isinstance(ref, dict) or not ref.get(f):
                raise PaperError(f"{path}: reference {k!r} needs a {f!r}")
    return doc


def _template_where(exc: BaseException, template: Path) -> str:
    """Where a rendering error is: "<file>, line N" in the template or in a section it includes."""
    line = getattr(exc, "lineno", None)
    file = getattr(exc, "filename", None) if line else None
    if not line:
        folder = template.resolve().parent
        for fr in traceback.extract_tb(exc.__traceback__):
            if fr.filename.endswith(".j2") and Path(fr.filename).resolve().is_relative_to(folder):
                file, line = fr.filename, fr.lineno
    if not line:
        return str(template)
    main = file is None or Path(file).resolve() == template.resolve()
    return f"{template if main else file}, line {line}"


def render_markdown(
    template: str | Path,
    tables: Mapping[str, str | Path],
    figures: Mapping[str, str | Path] = None,
    manifests: Sequence[str | Path] = (),
    references: str | Path | Mapping | None = None,
    md_dir: str | Path = ".",
    context: Mapping | None = None,
    captions: Iterable[str | Path] = (),
) -> str:
    """Render the paper template to markdown with ``StrictUndefined``.

    The template sees ``T`` (the results tables, :class:`Tables`), ``pvr`` (published_vs_reproduced),
    ``provenance`` (a :class:`ResultTable` built from the manifests), ``figure()``, ``table()``, ``cite()``,
    ``citet()``, ``bibliography()``, the filters ``num``, ``int``, ``pct``, ``ci``, ``p`` and anything in
    ``context`` (e.g. the paper's config). Any error names the file and field, and the template line.
    """
    template = Path(template)
    if not template.exists():
        raise PaperError(f"{template}: template not found")
    loaded = {
        name: ResultTable(read_result_table(p, name), p, name) for name, p in sorted(tables.items())
    }
    refs = (
        references
        if isinstance(references, Mapping)
        else (load_references(references) if references else {})
    )
    prov = provenance_table(manifests)
    caps = {Path(c).stem: rst_caption(Path(c).read_text()) for c in captions}
    r = Renderer(
        figures or {}, refs, Path(md_dir), prov.loc[prov["synthetic"], "dataset"], captions=caps
    )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template.parent)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=fmt_num, int=fmt_int, pct=fmt_pct, p=fmt_p)
    env.tests["missing"] = is_missing
    env.globals.update(
        ci=fmt_ci,
        figure=r.figure,
        has_figure=r.has_figure,
        figures_for=r.figures_for,
        figures_left=r.figures_left,
        figure_is_synthetic=r.figure_is_synthetic,
        table_all=r.table_all,
        table=r.table,
        cite=r.cite,
        citet=r.citet,
        bibliography=r.bibliography,
        status_label=STATUS_LABEL,
        studies=STUDIES,
    )
    ctx = {
        "T": Tables(loaded),
        "pvr": loaded.get("published_vs_reproduced"),
        "provenance": ResultTable(prov, "results/data/*/manifest.json", "provenance"),
        **(context or {}),
    }
    try:
        return env.get_template(template.name).render(**ctx)
    except (PaperError, jinja2.UndefinedError, jinja2.TemplateError) as exc:
        raise PaperError(f"{_template_where(exc, template)}: {exc}") from exc


# HTML ---------------------------------------------------------------------------------------------
_IMG = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')


def embed_images(html_text: str, base_dir: str | Path) -> str:
    """Replace every ``<img src="path">`` by a ``data:`` URI of the file (paths relative to ``base_dir``)."""
    base = Path(base_dir)

    def sub(mo):
        src = html.unescape(mo.group(2))
        if src.startswith("data:") or re.match(r"^[a-z]+://", src):
            return mo.group(0)
        p = (base / src).resolve()
        if not p.exists():
            raise PaperError(f"{p}: image referenced by the paper not found")
        mime = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
        data = base64.b64encode(p.read_bytes()).decode("ascii")
        return f"{mo.group(1)}data:{mime};base64,{data}{mo.group(3)}"

    return _IMG.sub(sub, html_text)


def markdown_to_html(md_text: str, base_dir: str | Path, title: str, css: str = "") -> str:
    """One self-contained HTML page: table of contents from ``[TOC]``, tables, figures embedded."""
    conv = markdown.Markdown(
        extensions=["toc", "tables", "attr_list", "md_in_html", "sane_lists"],
        extension_configs={"toc": {"toc_depth": "2-2", "title": "Contents"}},
        output_format="html",
    )
    body = embed_images(conv.convert(md_text), base_dir)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{css}\n</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def write_text(text: str, path: str | Path) -> None:
    """Write a text file atomically (temp file then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


#: Named inputs of rule paper that are not results tables (every other name is one).
SOURCES = ("template", "sections", "references", "css", "figures", "manifests", "captions")


def write_paper(
    inputs: Mapping, md_path: str | Path, html_path: str | Path, title: str, context: Mapping
) -> tuple[str, str]:
    """paper.md and paper.html from the named inputs of rule paper (:data:`SOURCES`, then the results
    tables by name); ``context`` goes to the template with ``title``. Returns both texts."""
    tables = {name: path for name, path in inputs.items() if name not in SOURCES}
    md_dir = Path(md_path).parent
    md = render_markdown(
        inputs["template"],
        tables,
        figures={Path(f).stem: f for f in inputs["figures"]},
        manifests=list(inputs["manifests"]),
        references=inputs["references"],
        captions=list(inputs["captions"]),
        md_dir=md_dir,
        context={"title": title, **context},
    )
    write_text(md, md_path)
    html_text = markdown_to_html(md, md_dir, title=title, css=Path(inputs["css"]).read_text())
    write_text(html_text, html_path)
    return md, html_text
