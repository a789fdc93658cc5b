"""Format ``csv``: a user's own data set, one CSV per canonical table (data/README.md, "format csv")."""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..canonical import CANONICAL, PREFIXED_FLOAT_COLUMNS, TABLES, coerce_table
from ..files import ENCODING_HINT, DataError, reading
from . import register
from .helpers import (
    first_adoptions,
    first_bad,
    line_of,
    open_text,
    parse_iso,
    read_rows,
    unix_seconds,
)

TIME_UNITS = {"s": 1.0, "ms": 1e-3, "min": 60.0, "h": 3600.0, "d": 86400.0}
DUPLICATES = ("error", "keep_first")
ISO_EXAMPLE = "2008-01-22T11:11:03Z"


def column_mapping(options: Mapping, table: str) -> dict[str, str]:
    """Canonical name → the user's column name for ``table`` (``columns`` flat or per table)."""
    cols = options.get("columns", {}) or {}
    per = cols.get(table) if isinstance(cols.get(table), Mapping) else None
    if per is not None:
        return {str(k): str(v) for k, v in per.items()}
    return {str(k): v for k, v in cols.items() if isinstance(v, str)}


def header_columns(path: Path, options: Mapping, table: str) -> tuple[str, ...]:
    """The optional canonical columns a user's file for ``table`` has, from its header line (planning).

    Nothing when the header cannot be read: the job that reads the file then says why.
    """
    encoding = options.get("encoding") or "utf-8"
    try:
        with reading(path, encoding), open_text(path, encoding, "replace") as fh:
            head = pd.read_csv(fh, nrows=0, dtype=str)
    except (DataError, ValueError, LookupError, pd.errors.ParserError):
        return ()
    inverse = {v: k for k, v in column_mapping(options, table).items()}
    names = [inverse.get(str(c).strip(), str(c).strip()) for c in head.columns]
    optional = CANONICAL[table]["optional"]
    prefixed = [n for n in names if table == "items" and n.startswith(PREFIXED_FLOAT_COLUMNS)]
    return tuple(c for c in optional if c in names) + tuple(sorted(set(prefixed)))


def _encoding(options: Mapping) -> str:
    enc = options.get("encoding") or "utf-8"
    try:
        codecs.lookup(enc)
    except LookupError as exc:
        raise DataError(
            f"encoding: {enc!r} is not a known text encoding (e.g. utf-8, latin-1, cp1252)"
        ) from exc
    return enc


def _read_user_csv(path: Path, table: str, options: Mapping) -> tuple[pd.DataFrame, list[str]]:
    """One user file as a checked canonical table (rows named by their line), and its notes."""
    mapping = column_mapping(options, table)
    encoding = _encoding(options)
    inverse = {v: k for k, v in mapping.items()}  # user column → canonical column
    required = [mapping.get(c, c) for c in CANONICAL[table]["required"]]
    df = read_rows(
        path, required, hint=ENCODING_HINT, dtype=str, keep_default_na=False, encoding=encoding
    ).rename(columns=inverse)

    def lines(i: int) -> int:
        return line_of(path, i, encoding, header=True)

    for tcol in ("time", "start_time"):
        if tcol in df.columns:
            df[tcol] = _seconds(df[tcol], path, mapping.get(tcol, tcol), options, lines)
    keep_first = table == "events" and options.get("duplicates", "error") == "keep_first"
    df = coerce_table(df, table, f"{path} ({table})", lines=lines, keys=not keep_first)
    if not keep_first:
        return df, []
    df, notes = first_adoptions(df)
    return df, [f"{path.name}: {n} (duplicates: keep_first)" for n in notes]


def _seconds(s: pd.Series, path: Path, column: str, options: Mapping, lines) -> pd.Series:
    """A user's time column in seconds: numbers in ``time_unit``, or date-times (``datetime``: ISO 8601,
    or the ``time_format`` given). Empty values stay missing (a required time is then an error)."""
    unit, fmt = options.get("time_unit", "s"), options.get("time_format")
    filled = s.astype("string").str.strip() != ""
    if fmt or unit == "datetime":
        if fmt:
            parsed = pd.to_datetime(s, format=fmt, utc=True, errors="coerce")
            what = f"a date-time in the time_format {fmt!r}"
        else:
            parsed = parse_iso(s)
            what = (
                f"an ISO 8601 date-time such as {ISO_EXAMPLE} (for another form set time_format:, "
                "e.g. time_format: '%d/%m/%Y %H:%M')"
            )
        bad = parsed.isna() & filled
        if bad.any():
            i = first_bad(bad)
            raise DataError(
                f"{path}: column {column!r}, line {lines(i)}: expected {what}, got {s.iloc[i]!r}"
            )
        return unix_seconds(parsed)
    num = pd.to_numeric(s, errors="coerce")
    bad = num.isna() & filled
    if bad.any():
        i = first_bad(bad)
        raise DataError(
            f"{path}: column {column!r}, line {lines(i)}: expected a number "
            f"(time in {unit}), got {s.iloc[i]!r}"
        )
    return num * TIME_UNITS[unit]


@register(
    "csv",
    tables=(),
    description="Your own CSV files: events (and optionally edges, exposures, items).",
)
def read_csv_dataset(files: dict[str, Path], options: dict) -> dict:
    """A user's own data set: one CSV per canonical table, columns renamed by ``columns``.

    ``options["columns"]`` maps canonical names to the CSV's names, either flat (``{item_id: photo}``, used
    for every table) or per table (``{events: {item_id: photo}}``). ``options["time_unit"]`` is one of
    ``s, ms, min, h, d, datetime`` (ISO 8601), or ``options["time_format"]`` a ``strftime`` format;
    ``options["encoding"]`` the files' text encoding (default utf-8); ``options["duplicates"]``: ``error``
    (default) or ``keep_first`` (each user's earliest adoption of an item; the count dropped is a note).
    """
    if options.get("duplicates", "error") not in DUPLICATES:
        raise DataError(
            f"duplicates: expected one of {', '.join(DUPLICATES)}, got {options['duplicates']!r}"
        )
    out, notes = {}, []
    for table, path in files.items():
        if table not in TABLES:
            raise DataError(
                f"{path}: unknown table {table!r} under files; expected one of {', '.join(TABLES)}"
            )
        out[table], more = _read_user_csv(Path(path), table, options)
        notes += more
    dated = options.get("time_format") or options.get("time_unit") == "datetime"
    return {**out, "notes": notes, "time_unit": "s (from date-times)" if dated else "s"}
