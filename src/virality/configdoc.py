"""Write ``config/README.md`` from the JSON schemas, so the documentation of every key cannot drift.

Usage: ``python -m virality.configdoc [repo_root]`` rewrites ``config/README.md``;
``tests/test_configdoc.py`` fails when the committed file differs from what this produces.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

STUDIES = ("attribution", "prediction", "content", "influence", "practice", "paper")

INTRO = """# Configuration reference

`config/config.yaml` drives the whole workflow; this page documents every key. It is generated from the
JSON schemas in `workflow/schemas/` by `python -m virality.configdoc` (a test fails when it is out of date),
and the same schemas validate the configuration when the workflow starts: an unknown key, a wrong type or a
malformed checksum stops the run with a message naming it.

Run with another configuration: `snakemake --cores all --configfile my.yaml` (merged over the default).
Add your own data set: see "Add your own data set" in the top-level `README.md` and the formats in
`data/README.md`.
"""


def _fmt(v) -> str:
    return "`" + json.dumps(v) + "`"


def _type(spec: dict) -> str:
    t = spec.get("type")
    if isinstance(t, list):
        t = " or ".join(t)
    if "enum" in spec:
        return (t or "") + " (one of " + ", ".join(map(str, spec["enum"])) + ")"
    if t == "array" and isinstance(spec.get("items"), dict) and spec["items"].get("type"):
        return f"list of {spec['items']['type']}"
    return t or ("object" if "properties" in spec else "any")


def _rows(schema: dict, prefix: str, root: dict) -> list[tuple[str, str, str, str]]:
    rows = []
    for name, spec in (schema.get("properties") or {}).items():
        if "$ref" in spec:
            spec = _deref(spec["$ref"], root)
        key = f"{prefix}{name}"
        default = _fmt(spec["default"]) if "default" in spec else ""
        desc = " ".join(str(spec.get("description", "")).split())
        rows.append((key, _type(spec), default, desc))
        if spec.get("properties"):
            rows += _rows(spec, key + ".", root)
        add = spec.get("additionalProperties")
        if isinstance(add, dict):
            sub = _deref(add["$ref"], root) if "$ref" in add else add
            if sub.get("properties"):
                rows += _rows(sub, key + ".<name>.", root)
    return rows


def _deref(ref: str, root: dict) -> dict:
    node = root
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def _table(rows) -> str:
    out = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for key, typ, default, desc in rows:
        out.append(f"| `{key}` | {typ} | {default} | {desc.replace('|', '/')} |")
    return "\n".join(out)


def render(root: Path) -> str:
    schemas = root / "workflow" / "schemas"
    main = yaml.safe_load((schemas / "config.schema.yaml").read_text())
    parts = [INTRO, "## Top level and data sets\n", _table(_rows(main, "", main)), ""]
    files = main["$defs"]["file"]
    parts += [
        "### Files of a data set (`datasets.<name>.files.<role>`)\n",
        _table(_rows(files, "", main)),
        "",
    ]
    for study in STUDIES:
        path = schemas / f"{study}.schema.yaml"
        if not path.exists():
            continue
        sch = yaml.safe_load(path.read_text())
        title = " ".join(str(sch.get("description", "")).split())
        parts += [
            f"## `{study}`\n",
            title + "\n" if title else "",
            _table(_rows(sch, f"{study}.", sch)),
            "",
        ]
    return "\n".join(parts).rstrip() + "\n"


def undocumented(root: Path) -> list[str]:
    """Keys of any schema without a description."""
    missing = []
    for path in sorted((root / "workflow" / "schemas").glob("*.schema.yaml")):
        sch = yaml.safe_load(path.read_text())
        for key, _typ, _default, desc in _rows(sch, "", sch):
            if not desc:
                missing.append(f"{path.name}: {key}")
    return missing


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0]) if argv else Path.cwd()
    (root / "config" / "README.md").write_text(render(root))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
