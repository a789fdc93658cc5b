"""Adapters: raw data formats → canonical tables (``docs/architecture.md``).

Each format is registered with :func:`register` and declares which canonical tables it provides (non-empty)
and which optional columns it fills, so the workflow knows at planning time which study can use it.
An adapter function takes ``files`` (role → path, already located and checksum-verified) and ``options``
(the data set's config entry) and returns a dict of table name → DataFrame, plus optional ``"notes"`` (list of
caveats), ``"time_unit"`` and ``"truth"``. :func:`build` coerces and checks every table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import synth
from .io import CANONICAL, TABLES, DataError, coerce_table, empty_table, read_csv_checked, require_rows


@dataclass(frozen=True)
class Format:
    name: str
    func: Callable[[dict[str, Path], dict], dict]
    tables: tuple[str, ...]  # provided (non-empty) tables; empty tuple = decided by the config (csv)
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # optional columns filled
    roles: tuple[str, ...] = ()  # file roles the format needs
    optional_roles: tuple[str, ...] = ()
    synthetic: bool = False
    outcome_kind: str | None = None  # "count" or "binary" when items.outcome is filled
    description: str = ""


FORMATS: dict[str, Format] = {}


def register(name: str, tables, columns=None, roles=(), optional_roles=(), synthetic=False,
             outcome_kind=None, description=""):
    """Decorator registering an adapter function under a format name."""

    def deco(func):
        FORMATS[name] = Format(
            name=name,
            func=func,
            tables=tuple(tables),
            columns=dict(columns or {}),
            roles=tuple(roles),
            optional_roles=tuple(optional_roles),
            synthetic=synthetic,
            outcome_kind=outcome_kind,
            description=description or (func.__doc__ or "").strip().split("\n")[0],
        )
        return func

    return deco


def get_format(name: str) -> Format:
    if name not in FORMATS:
        raise DataError(f"unknown data format {name!r}; known formats: {', '.join(sorted(FORMATS))}")
    return FORMATS[name]


def provided_tables(entry: Mapping) -> tuple[str, ...]:
    """Tables a configured data set provides (for ``csv``: the tables named under ``files``)."""
    fmt = get_format(entry["format"])
    if fmt.name == "csv":
        return tuple(t for t in TABLES if t in entry.get("files", {}))
    return fmt.tables


def provided_columns(entry: Mapping, table: str) -> tuple[str, ...]:
    """Optional columns a configured data set fills in ``table``."""
    fmt = get_format(entry["format"])
    if fmt.name == "csv":
        return tuple(entry.get("columns", {}).get(table, {}).keys())
    return fmt.columns.get(table, ())


def build(fmt_name: str, files: dict[str, Path], options: dict) -> dict:
    """Run an adapter and return checked canonical tables (every table present, empty if not provided)."""
    fmt = get_format(fmt_name)
    out = fmt.func(files, options)
    tables = {}
    for t in TABLES:
        df = out.get(t)
        if df is None:
            tables[t] = empty_table(t)
            continue
        src = str(files.get(t, files.get(next(iter(files), ""), fmt_name))) if files else fmt_name
        tables[t] = coerce_table(df, t, source=f"{src} ({t})")
    for t in provided_tables({**options, "format": fmt_name}):
        require_rows(tables[t], f"{files.get(t, fmt_name)} ({t})")
    return {
        **tables,
        "notes": list(out.get("notes", [])),
        "time_unit": out.get("time_unit", "s"),
        "truth": out.get("truth"),
    }


# --------------------------------------------------------------------------------------------------
# a user's own CSV files

TIME_UNITS = {"s": 1.0, "ms": 1e-3, "min": 60.0, "h": 3600.0, "d": 86400.0}


def _read_user_csv(path: Path, table: str, mapping: Mapping[str, str], time_unit: str) -> pd.DataFrame:
    inverse = {v: k for k, v in mapping.items()}  # user column → canonical column
    required = [mapping.get(c, c) for c in CANONICAL[table]["required"]]
    df = read_csv_checked(path, required=required, dtype=str, keep_default_na=False)
    df = df.rename(columns=inverse)
    if len(df) == 0:
        raise DataError(f"{path}: the table is empty; expected at least one data row")
    for tcol in ("time", "start_time"):
        if tcol in df.columns:
            s = df[tcol]
            if time_unit == "datetime":
                parsed = pd.to_datetime(s, utc=True, errors="coerce")
                bad = parsed.isna()
                if bad.any():
                    i = int(bad.to_numpy().nonzero()[0][0])
                    raise DataError(
                        f"{path}: column {mapping.get(tcol, tcol)!r}, row {i + 1}: expected a date-time, "
                        f"got {s.iloc[i]!r}"
                    )
                df[tcol] = (parsed - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds()
            else:
                num = pd.to_numeric(s, errors="coerce")
                bad = num.isna()
                if bad.any():
                    i = int(bad.to_numpy().nonzero()[0][0])
                    raise DataError(
                        f"{path}: column {mapping.get(tcol, tcol)!r}, row {i + 1}: expected a number "
                        f"(time in {time_unit}), got {s.iloc[i]!r}"
                    )
                df[tcol] = num * TIME_UNITS[time_unit]
    return df


@register("csv", tables=(), description="Your own CSV files: events (and optionally edges, exposures, items).")
def read_csv_dataset(files: dict[str, Path], options: dict) -> dict:
    """A user's own data set: one CSV per canonical table, columns renamed by ``columns``.

    ``options["columns"]`` maps canonical names to the CSV's names, either flat (``{item_id: photo}``, used
    for every table) or per table (``{events: {item_id: photo}}``). ``options["time_unit"]`` is one of
    ``s, ms, min, h, d, datetime``.
    """
    cols = options.get("columns", {}) or {}
    unit = options.get("time_unit", "s")
    out = {}
    for table, path in files.items():
        if table not in TABLES:
            raise DataError(f"{path}: unknown table {table!r} under files; expected one of {', '.join(TABLES)}")
        per = cols.get(table) if isinstance(cols.get(table), Mapping) else None
        mapping = dict(per) if per is not None else {k: v for k, v in cols.items() if isinstance(v, str)}
        out[table] = _read_user_csv(Path(path), table, mapping, unit)
    return {**out, "time_unit": "s" if unit != "datetime" else "s (from date-times)"}


# --------------------------------------------------------------------------------------------------
# synthetic generators (virality.synth)


@register("synth_flickr", tables=("events", "edges", "exposures", "items"),
          columns={"events": ("channel",), "items": ("start_time", "creator")}, synthetic=True)
def synth_flickr(files, options):
    """Synthetic Flickr-like favourites with the true channel of each adoption (virality.synth.flickr_like)."""
    d = synth.flickr_like(**options.get("params", {}), seed=int(options.get("seed", 0)))
    return {**d, "notes": ["synthetic: generated by virality.synth.flickr_like"]}


@register("synth_digg", tables=("events", "items"), columns={"items": ("start_time", "outcome")},
          synthetic=True, outcome_kind="count")
def synth_digg(files, options):
    """Synthetic Digg-like stories after Wu & Huberman 2007 (virality.synth.digg_like)."""
    d = synth.digg_like(**options.get("params", {}), seed=int(options.get("seed", 0)))
    return {**d, "notes": ["synthetic: generated by virality.synth.digg_like"]}


@register("synth_nyt", tables=("items",), columns={"items": ("outcome",)}, synthetic=True,
          outcome_kind="binary")
def synth_nyt(files, options):
    """Synthetic NYT-like articles after Berger & Milkman 2012 (virality.synth.nyt_like)."""
    d = synth.nyt_like(**options.get("params", {}), seed=int(options.get("seed", 0)))
    return {**d, "notes": ["synthetic: generated by virality.synth.nyt_like"]}
