"""Format ``csv``: a user's own data set, one CSV per canonical table (data/README.md, "format csv")."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..canonical import CANONICAL, TABLES
from ..files import DataError
from . import register
from .helpers import read_rows, unix_seconds

TIME_UNITS = {"s": 1.0, "ms": 1e-3, "min": 60.0, "h": 3600.0, "d": 86400.0}


def _read_user_csv(
    path: Path, table: str, mapping: Mapping[str, str], time_unit: str
) -> pd.DataFrame:
    inverse = {v: k for k, v in mapping.items()}  # user column → canonical column
    required = [mapping.get(c, c) for c in CANONICAL[table]["required"]]
    df = read_rows(path, required, dtype=str, keep_default_na=False).rename(columns=inverse)
    for tcol in ("time", "start_time"):
        if tcol in df.columns:
            df[tcol] = _seconds(df[tcol], path, mapping.get(tcol, tcol), time_unit)
    return df


def _seconds(s: pd.Series, path: Path, column: str, time_unit: str) -> pd.Series:
    """A user's time column in seconds: numbers in ``time_unit``, or date-times (``datetime``)."""
    if time_unit == "datetime":
        parsed = pd.to_datetime(s, utc=True, errors="coerce")
        bad = parsed.isna()
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise DataError(
                f"{path}: column {column!r}, row {i + 1}: expected a date-time, got {s.iloc[i]!r}"
            )
        return unix_seconds(parsed)
    num = pd.to_numeric(s, errors="coerce")
    bad = num.isna()
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(
            f"{path}: column {column!r}, row {i + 1}: expected a number "
            f"(time in {time_unit}), got {s.iloc[i]!r}"
        )
    return num * TIME_UNITS[time_unit]


@register(
    "csv",
    tables=(),
    description="Your own CSV files: events (and optionally edges, exposures, items).",
)
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
            raise DataError(
                f"{path}: unknown table {table!r} under files; expected one of {', '.join(TABLES)}"
            )
        per = cols.get(table) if isinstance(cols.get(table), Mapping) else None
        mapping = (
            dict(per) if per is not None else {k: v for k, v in cols.items() if isinstance(v, str)}
        )
        out[table] = _read_user_csv(Path(path), table, mapping, unit)
    return {**out, "time_unit": "s" if unit != "datetime" else "s (from date-times)"}
