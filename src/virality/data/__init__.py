"""Data readers: raw data formats → canonical tables (``docs/architecture.md``).

Each format is registered with :func:`register` and declares which canonical tables it provides (non-empty)
and which optional columns it fills, so the workflow knows at planning time which study can use it.
A reader takes ``files`` (role → path, already located and checksum-verified) and ``options`` (the data
set's config entry) and returns a dict of table name → DataFrame, plus optional ``"notes"`` (list of
caveats), ``"time_unit"`` and ``"truth"``. :func:`build` coerces and checks every table;
:func:`dataset_tables` and :func:`lexicon_table` are the workflow's entry points. A reader in a new
module registers only once the module is named in the import list at the end of this file.
"""

from __future__ import annotations

import importlib
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..canonical import TABLES, coerce_table, empty_table, require_rows
from ..files import ENCODING_HINT, UTF8_HINT, DataError, check_readable, log, verify_sha256


@dataclass(frozen=True)
class Format:
    name: str
    func: Callable[[dict[str, Path], dict], dict]
    tables: tuple[
        str, ...
    ]  # provided (non-empty) tables; empty tuple = decided by the config (csv)
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # optional columns filled
    roles: tuple[str, ...] = ()  # file roles the format needs
    optional_roles: tuple[str, ...] = ()
    role_tables: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # tables an optional role adds
    synthetic: bool = False
    lexicon: bool = False  # a word lexicon (config section lexicons:, built by build_lexicon)
    outcome_kind: str | None = None  # "count" or "binary" when items.outcome is filled
    description: str = ""


FORMATS: dict[str, Format] = {}


def register(
    name: str,
    tables,
    columns=None,
    roles=(),
    optional_roles=(),
    role_tables=None,
    synthetic=False,
    lexicon=False,
    outcome_kind=None,
    description="",
):
    """Decorator registering a reader function under a format name."""

    def deco(func):
        FORMATS[name] = Format(
            name=name,
            func=func,
            tables=tuple(tables),
            columns=dict(columns or {}),
            roles=tuple(roles),
            optional_roles=tuple(optional_roles),
            role_tables={k: tuple(v) for k, v in (role_tables or {}).items()},
            synthetic=synthetic,
            lexicon=lexicon,
            outcome_kind=outcome_kind,
            description=description or (func.__doc__ or "").strip().split("\n")[0],
        )
        return func

    return deco


def get_format(name: str) -> Format:
    """The registered format ``name`` (a :class:`DataError` listing the known formats if none)."""
    if name not in FORMATS:
        raise DataError(
            f"unknown data format {name!r}; known formats: {', '.join(sorted(FORMATS))}"
        )
    return FORMATS[name]


def provided_tables(entry: Mapping) -> tuple[str, ...]:
    """Tables a configured data set provides (for ``csv``: the tables named under ``files``).

    For the other formats: the format's tables plus those an optional file role adds when it is configured
    (e.g. ``topolstm`` provides ``edges`` only with a ``graph`` file).
    """
    fmt = get_format(entry["format"])
    files = entry.get("files") or {}
    if fmt.name == "csv":
        return tuple(t for t in TABLES if t in files)
    extra = {t for role, ts in fmt.role_tables.items() if role in files for t in ts}
    return tuple(t for t in TABLES if t in fmt.tables or t in extra)


def provided_columns(
    entry: Mapping, table: str, files: Mapping[str, Path] | None = None
) -> tuple[str, ...]:
    """Optional columns a configured data set fills in ``table``.

    For ``csv``: the optional canonical columns (and ``cov_*``/``true_*``) the header of the located file
    ``files[table]`` names (after ``columns`` renaming); without ``files``, none.
    """
    fmt = get_format(entry["format"])
    if fmt.name == "csv":
        path = (files or {}).get(table)
        return csv.header_columns(Path(path), entry, table) if path else ()
    return fmt.columns.get(table, ())


def build(fmt_name: str, files: dict[str, Path], options: dict) -> dict:
    """Run a reader and return checked canonical tables (every table present, empty if not provided)."""
    fmt = get_format(fmt_name)
    try:
        out = fmt.func(files, options)
    except (UnicodeDecodeError, EOFError, OSError, zlib.error) as exc:
        raise _unreadable(files, options, exc) from exc
    tables = {}
    for t in TABLES:
        df = out.get(t)
        if df is None:
            tables[t] = empty_table(t)
            continue
        # the table's own file, else the data set's first file, else (synthetic) the format's name
        src = str(files.get(t) or next(iter(files.values()), fmt_name))
        tables[t] = coerce_table(df, t, source=f"{src} ({t})")
    for t in provided_tables({**options, "format": fmt_name}):
        require_rows(tables[t], f"{files.get(t, fmt_name)} ({t})")
    return {
        **tables,
        "notes": list(out.get("notes", [])),
        "time_unit": out.get("time_unit", "s"),
        "truth": out.get("truth"),
    }


def _unreadable(files: Mapping[str, Path], options: Mapping, exc: Exception) -> DataError:
    """The :class:`DataError` naming the file a reader could not read (folder, corrupt, wrong encoding)."""
    is_csv = options.get("format") == "csv"
    encoding = (options.get("encoding") or "utf-8") if is_csv else "utf-8"
    for path in files.values():
        try:
            check_readable(path, encoding, ENCODING_HINT if is_csv else UTF8_HINT)
        except DataError as err:
            return err
    names = ", ".join(str(p) for p in files.values())
    return DataError(f"{names}: cannot be read ({type(exc).__name__}: {exc})")


def verify_files(name: str, entry: Mapping, files: Mapping[str, Path]) -> dict[str, dict]:
    """Check each file against the sha256 its config entry gives (if any): role → path, sha256, verified."""
    checked = {}
    for role, path in files.items():
        expected = (entry.get("files") or {}).get(role, {}).get("sha256")
        log.info("%s: checking sha256 of %s", name, path)
        checked[role] = {
            "path": f"{entry.get('dir', '.')}/{entry['files'][role]['path']}",
            "sha256": verify_sha256(path, expected),
            "verified": bool(expected),
        }
    return checked


def dataset_tables(
    name: str, entry: Mapping, files: Mapping[str, Path], seed: int
) -> tuple[dict[str, pd.DataFrame], dict]:
    """One configured data set: verify its files, run its reader; the canonical tables and the manifest.

    ``seed`` is used when the entry sets none (synthetic formats).
    """
    fmt = get_format(entry["format"])
    checked = verify_files(name, entry, files)
    options = {**entry, "seed": entry.get("seed", seed)}
    log.info("%s: running reader %s", name, fmt.name)
    out = build(fmt.name, dict(files), options)
    tables = {t: out[t] for t in TABLES}
    rows = {t: len(df) for t, df in tables.items()}
    for t in TABLES:
        log.info("%s: %s has %d rows", name, t, rows[t])
    manifest = {
        "dataset": name,
        "title": entry.get("title", name),
        "format": fmt.name,
        "synthetic": fmt.synthetic,
        "tables": [t for t in TABLES if rows[t] > 0],
        "rows": rows,
        "columns": {t: list(tables[t].columns) for t in TABLES},
        "outcome_kind": fmt.outcome_kind,
        "time_unit": out["time_unit"],
        "notes": out["notes"],
        "source": {k: entry.get(k) for k in ("citation", "url", "licence", "dir") if entry.get(k)},
        "files": checked,
        "truth": out["truth"],
    }
    return tables, manifest


def lexicon_table(name: str, entry: Mapping, files: Mapping[str, Path]) -> pd.DataFrame:
    """One configured lexicon: verify its files, then :func:`build_lexicon`."""
    verify_files(name, entry, files)
    lex = build_lexicon(entry["format"], files, entry)
    log.info("%s: %d words", name, len(lex))
    return lex


# the readers register themselves on import, in this order
for _module in ("csv", "synthetic", "cascades", "news", "social"):
    importlib.import_module(f"{__name__}.{_module}")
from . import csv  # noqa: E402  (registered above; header_columns for provided_columns)
from .lexicons import LEXICON_FORMATS, build_lexicon  # noqa: E402, F401
