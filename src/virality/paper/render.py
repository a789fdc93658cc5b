"""The paper's text: the jinja2 template → Markdown → one self-contained HTML page.

:func:`render_markdown` renders ``paper/paper.md.j2`` (and the sections it includes) with
``StrictUndefined``, twice: the first pass numbers the figures so that the second can cite them anywhere
(:class:`~virality.paper.renderer.Renderer`). Numbers reach the text only through
:class:`~virality.paper.tables.ResultTable`, the named headline values ``H``
(:mod:`~virality.paper.headline`) and the survey's judgements ``S`` (:mod:`~virality.paper.survey`), so a
typo or a renamed column fails naming the file. :func:`markdown_to_html` uses python-markdown (``toc``,
``tables``) and embeds the figures as ``data:`` URIs, so the page reads offline. :func:`word_counts` counts
the main text and the appendix.
"""

from __future__ import annotations

import base64
import html
import json
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

from virality import plots
from virality.paper import STUDIES, PaperError, headline, survey
from virality.paper.numbers import fmt_ci, fmt_int, fmt_num, fmt_p, fmt_pct, is_missing
from virality.paper.provenance import provenance_table
from virality.paper.published import (
    STATUS_LABEL,
    claim_summary,
    load_published,
    published_display,
    verdict_counts,
)
from virality.paper.renderer import Renderer, inline_md
from virality.paper.tables import ResultTable, Tables, read_result_table

_inline_md = inline_md  # the name the tests use


def rst_caption(text: str) -> str:
    """A report caption (reStructuredText) as one line of the paper's inline markup."""
    t = re.sub(r"``(.+?)``", r"`\1`", text)
    t = re.sub(r"`([^`<]+?)\s*<([^>]+)>`_+", r"\1", t)
    t = re.sub(r":[a-z]+:`(.+?)`", r"`\1`", t)
    return " ".join(t.split())


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


def _record(paths: Mapping[str, str | Path]) -> dict[str, ResultTable | None]:
    """The run's record (results/paper/*.csv: environment, runtimes) as tables; None when not given."""
    out = {}
    for name in ("environment", "runtimes"):
        p = paths.get(name)
        out[name] = ResultTable(pd.read_csv(p), p, name) if p and Path(p).exists() else None
    return out


def _published_values(path: str | Path | None) -> ResultTable | None:
    """paper/published.yaml as a table: id, study, quantity, published (display), status, source and what
    was read (``verification``, empty where the entry has none)."""
    if path is None:
        return None
    rows = [
        {
            "id": e["id"],
            "study": e["study"],
            "quantity": e["quantity"],
            "published": published_display(e),
            "status": e["status"],
            "source": e["source"],
            "verification": " ".join(str(e.get("verification", "")).split()),
        }
        for e in load_published(path)
    ]
    return ResultTable(pd.DataFrame(rows), str(path), "published")


def _verdict_table(pvr: ResultTable, kind: str) -> ResultTable:
    """Counted rows of one kind by status: status, reproduced, partly, not_reproduced, total."""
    t = verdict_counts(pvr.df, kind).reset_index()
    t.columns = ["status", "reproduced", "partly", "not_reproduced", "total"]
    return ResultTable(t, pvr.path, "verdict_counts")


def _context(loaded, prov, criteria, record) -> dict:
    """What the template sees besides the helpers: tables, pvr, provenance, H, S and the run's record."""
    titles = {
        **survey.GRAPH_NAMES,
        **{str(r["dataset"]): headline.short_title(r["title"]) for _, r in prov.iterrows()},
    }
    frames = {k: v.df for k, v in loaded.items()}
    pvr = loaded.get("published_vs_reproduced")
    sc = frames.get("survey_conclusions")
    return {
        "T": Tables(loaded),
        "pvr": pvr,
        "provenance": ResultTable(prov, "results/data/*/manifest.json", "provenance"),
        "titles": titles,
        "H": headline.headline(frames, pvr.df, titles) if pvr is not None else None,
        "S": survey.judge_all(sc, criteria, titles),
        "verdict_table": lambda kind: _verdict_table(pvr, kind),
        "survey_table": lambda: ResultTable(
            survey.readable_table(sc), loaded["survey_conclusions"].path, "survey_conclusions"
        ),
        "as_table": lambda records: ResultTable(pd.DataFrame(list(records)), "paper", "rows"),
        "claim_summary": lambda study: ResultTable(
            claim_summary(pvr.df, study, titles), pvr.path, "claims"
        ),
        **_record(record),
    }


def _environment(template: Path, r: Renderer) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template.parent)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=fmt_num, int=fmt_int, pct=fmt_pct, p=fmt_p, short=headline.short_title)
    env.tests["missing"] = is_missing
    env.globals.update(
        ci=fmt_ci,
        figure=r.figure,
        figref=r.figref,
        has_figure=r.has_figure,
        figures_for=r.figures_for,
        figures_left=r.figures_left,
        figures_uncited=r.figures_uncited,
        figure_is_synthetic=r.figure_is_synthetic,
        table_all=r.table_all,
        table=r.table,
        appendix_table=r.appendix_table,
        to_appendix=r.to_appendix,
        appendix=r.appendix,
        cite=r.cite,
        citet=r.citet,
        bibliography=r.bibliography,
        status_label=STATUS_LABEL,
        studies=STUDIES,
    )
    return env


def render_markdown(
    template: str | Path,
    tables: Mapping[str, str | Path],
    figures: Mapping[str, str | Path] = None,
    manifests: Sequence[str | Path] = (),
    references: str | Path | Mapping | None = None,
    md_dir: str | Path = ".",
    context: Mapping | None = None,
    captions: Iterable[str | Path] = (),
    record: Mapping[str, str | Path] | None = None,
    criteria: Mapping | None = None,
    checks: dict | None = None,
    published: str | Path | None = None,
    config: Mapping | None = None,
) -> str:
    """Render the paper template to markdown with ``StrictUndefined``.

    The template sees ``T`` (the results tables, :class:`Tables`), ``pvr`` (published_vs_reproduced),
    ``provenance`` (a :class:`ResultTable` built from the manifests), ``titles`` (data set → short title),
    ``H`` (named headline values), ``S`` (the survey's conclusions judged), ``environment`` and ``runtimes``
    (the run's record, or None), the helpers of :class:`Renderer` (``figure()``, ``figref()``, ``table()``,
    ``appendix_table()``, ``to_appendix()``, ``appendix()``, ``cite()``, ...), the filters ``num``,
    ``int``, ``pct``, ``p``, ``short`` and anything in ``context``. Any error names the file and field, and
    the template line. ``checks`` (a dict), if given, receives the figures shown and cited.
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
    caps = {
        Path(c).stem: rst_caption(
            plots.render_caption(Path(c).read_text(), config)
            if config is not None
            else Path(c).read_text()
        )
        for c in captions
    }  # report captions are jinja2 templates of the config (config None: as written)
    numbers: dict[str, int] = {}
    cited: list[str] = []
    for _ in range(2):  # pass 1 numbers the figures, pass 2 cites them
        r = Renderer(
            figures or {},
            refs,
            Path(md_dir),
            prov.loc[prov["synthetic"], "dataset"],
            captions=caps,
            numbers=numbers,
            cited_before=cited,
        )
        env = _environment(template, r)
        ctx = {
            **_context(loaded, prov, criteria, record or {}),
            "published_values": _published_values(published),
            **(context or {}),
        }
        try:
            text = env.get_template(template.name).render(**ctx)
        except (PaperError, jinja2.UndefinedError, jinja2.TemplateError) as exc:
            raise PaperError(f"{_template_where(exc, template)}: {exc}") from exc
        numbers = {name: i + 1 for i, name in enumerate(r.shown)} or {"": 0}
        cited = list(r.cited)
    if checks is not None:
        checks["figures_shown"] = list(r.shown)
        checks["figures_not_cited"] = [n for n in r.shown if n not in r.fig_cited]
    return text


# words -------------------------------------------------------------------------------------------
_HEADING = re.compile(r"^#{1,3} +(.*)$", re.MULTILINE)


def _words(md: str) -> int:
    t = re.sub(r"<img\b[^>]*>", " ", md)
    t = re.sub(r"<[^>]+>", " ", t)
    t = t.replace("[TOC]", " ")
    return sum(1 for w in t.split() if re.search(r"\w", w))


def word_counts(md: str) -> dict[str, int]:
    """Words of the main text (up to the references), the references, and the appendix: every token with a
    letter or digit, tables and figure captions included, markup and image data left out."""
    parts = {"main": [], "references": [], "appendix": []}
    where = "main"
    pos = 0
    for m in _HEADING.finditer(md):
        parts[where].append(md[pos : m.start()])
        title = m.group(1).strip().lower()
        if m.group(0).startswith("## ") and title.startswith("references"):
            where = "references"
        elif m.group(0).startswith("## ") and title.startswith("appendix"):
            where = "appendix"
        pos = m.start()
    parts[where].append(md[pos:])
    return {k: _words("".join(v)) for k, v in parts.items()}


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
        extensions=["toc", "tables", "attr_list", "md_in_html", "sane_lists", "fenced_code"],
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
SOURCES = (
    "template",
    "sections",
    "references",
    "css",
    "figures",
    "manifests",
    "captions",
    "environment",
    "runtimes",
    "published",
)


def write_paper(
    inputs: Mapping,
    md_path: str | Path,
    html_path: str | Path,
    title: str,
    context: Mapping,
    criteria: Mapping | None = None,
    checks_path: str | Path | None = None,
    config: Mapping | None = None,
) -> tuple[str, str, dict]:
    """paper.md and paper.html from the named inputs of rule paper (:data:`SOURCES`, then the results
    tables by name); ``context`` goes to the template with ``title``. Returns both texts and the checks
    (word counts, figures not cited), also written to ``checks_path`` as JSON when given."""
    tables = {name: path for name, path in inputs.items() if name not in SOURCES}
    md_dir = Path(md_path).parent
    checks: dict = {}
    md = render_markdown(
        inputs["template"],
        tables,
        figures={Path(f).stem: f for f in inputs["figures"]},
        manifests=list(inputs["manifests"]),
        references=inputs["references"],
        captions=list(inputs["captions"]),
        md_dir=md_dir,
        context={"title": title, **context},
        record={k: inputs[k] for k in ("environment", "runtimes") if k in inputs},
        criteria=criteria,
        checks=checks,
        published=inputs.get("published"),
        config=config,
    )
    checks["words"] = word_counts(md)
    if "## Abstract" in md:
        checks["words"]["abstract"] = word_counts(
            md.split("## Abstract", 1)[1].split("[TOC]", 1)[0]
        )["main"]
    write_text(md, md_path)
    html_text = markdown_to_html(md, md_dir, title=title, css=Path(inputs["css"]).read_text())
    write_text(html_text, html_path)
    if checks_path is not None:
        write_text(json.dumps(checks, indent=2, sort_keys=True) + "\n", checks_path)
    return md, html_text, checks
