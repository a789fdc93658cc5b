"""House rules of the layout (docs/architecture.md), checked on the source so a change cannot drift from them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "virality"
STUDIES = ("attribution", "prediction", "content", "influence", "practice")
#: What a study package may not import: another study, the data readers, the paper, snakemake.
FORBIDDEN = {"virality.data", "virality.paper", "virality.conclusions", "snakemake"}


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    package = ".".join(path.relative_to(SRC.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{a.name}" for a in node.names)
    return names


def test_no_module_over_500_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in _modules()
        if (n := len(p.read_text().splitlines())) > 500
    }
    assert long == {}


def test_no_function_over_80_lines():
    long = {}
    for p in _modules():
        for node in ast.walk(ast.parse(p.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = node.end_lineno - node.lineno + 1
                if n > 80:
                    long[f"{p.relative_to(ROOT)}:{node.name}"] = n
    assert long == {}


def test_workflow_scripts_are_glue():
    long = {
        p.name: n
        for p in sorted((ROOT / "workflow" / "scripts").glob("*.py"))
        if (n := len(p.read_text().splitlines())) > 40
    }
    assert long == {}


@pytest.mark.parametrize("study", STUDIES)
def test_study_packages_import_no_other_study_nor_the_readers(study):
    others = {f"virality.{s}" for s in STUDIES if s != study} | FORBIDDEN
    bad = {
        f"{p.relative_to(ROOT)}: {name}"
        for p in sorted((SRC / study).rglob("*.py"))
        for name in _imports(p)
        if any(name == o or name.startswith(o + ".") for o in others)
    }
    assert bad == set()


def test_only_plots_saves_figures():
    callers = [
        str(p.relative_to(ROOT))
        for p in [*_modules(), *sorted((ROOT / "workflow" / "scripts").glob("*.py"))]
        if ".savefig(" in p.read_text() and p != SRC / "plots.py"
    ]
    assert callers == []
