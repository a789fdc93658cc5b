"""Helpers the readers share: reading raw text files, parsing numbers and times, first adoptions, items.

Every error names the file, the row or column and what was expected (``virality.files.DataError``).
"""

from __future__ import annotations

import bz2
import csv
import gzip
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..files import DataError, read_csv_checked


def params_of(options: Mapping) -> dict:
    """The ``params`` of a data set's config entry (empty if none)."""
    return dict(options.get("params") or {})


def read_rows(path: Path, required, **kw) -> pd.DataFrame:
    """A CSV with its ``required`` columns and at least one data row (else a :class:`DataError`)."""
    df = read_csv_checked(path, required=required, **kw)
    if len(df) == 0:
        raise DataError(f"{path}: the table is empty; expected at least one data row")
    return df


def unix_seconds(ts: pd.Series) -> pd.Series:
    """Timezone-aware timestamps → float Unix seconds (NaN where missing)."""
    return (ts - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds()


def parse_utc(s: pd.Series, path: Path, column: str, fmt: str | None = None) -> pd.Series:
    """Parse date-times (UTC unless they carry an offset); a value that does not parse is an error."""
    parsed = pd.to_datetime(s, utc=True, errors="coerce", format=fmt)
    bad = parsed.isna() & s.notna() & (s.astype("string").str.strip() != "")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"{path}: column {column!r}, row {i + 1}: expected a date-time, got {s.iloc[i]!r}"
        )
    return parsed


def numeric(s: pd.Series, path: Path, column: str) -> pd.Series:
    """Float64 numbers; a non-empty value that is not a number is an error."""
    num = pd.to_numeric(s, errors="coerce")
    bad = num.isna() & s.notna() & (s.astype("string").str.strip() != "")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"{path}: column {column!r}, row {i + 1}: expected a number, got {s.iloc[i]!r}"
        )
    return num.astype("float64")


def first_adoptions(events: pd.DataFrame, what: str = "adoption") -> tuple[pd.DataFrame, list[str]]:
    """Keep the earliest adoption per (item_id, user_id) (ties: file order), sorted by item then time.

    Returns the table and a note with the number of repeats dropped (none: no note).
    """
    ev = events.reset_index(drop=True)
    item_code = pd.factorize(ev["item_id"], sort=True)[0]
    user_code = pd.factorize(ev["user_id"])[0]
    order = np.lexsort((np.arange(len(ev)), ev["time"].to_numpy(dtype=float), item_code))
    ev = ev.iloc[order]
    pair = pd.Series(
        item_code[order].astype(np.int64) * (int(user_code.max(initial=0)) + 1) + user_code[order]
    )
    keep = ~pair.duplicated().to_numpy()
    n = int((~keep).sum())
    notes = []
    if n:
        notes.append(
            f"{n} repeated {what}(s) of the same item by the same user dropped (the earliest one is kept)"
        )
    return ev[keep].reset_index(drop=True), notes


def items_from_events(events: pd.DataFrame, creator: bool = True) -> pd.DataFrame:
    """items: one row per item with start_time = first event time (and creator = first adopter)."""
    first = events.sort_values(["item_id", "time"], kind="mergesort").drop_duplicates("item_id")
    out = pd.DataFrame(
        {"item_id": first["item_id"].to_numpy(), "start_time": first["time"].to_numpy()}
    )
    if creator:
        out["creator"] = first["user_id"].to_numpy()
    return out


def dummies(values: pd.Series, prefix: str, levels, reference=None) -> dict[str, np.ndarray]:
    """0/1 float columns ``cov_<prefix>_<level>`` for each level except ``reference``."""
    return {
        f"cov_{prefix}_{lvl}": (values == lvl).to_numpy(dtype=float)
        for lvl in levels
        if lvl != reference
    }


def open_text(path: Path):
    """Open a UTF-8 text file for reading, plain or compressed (``.gz``, ``.bz2``)."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    if path.suffix == ".bz2":
        return bz2.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def read_headerless(path: Path, names: list[str], sep: str = ",") -> pd.DataFrame:
    """Read the first ``len(names)`` fields of a delimited file whose header line is optional.

    The header is detected (its first field is not a number). ``sep``: a delimiter, or ``"auto"`` for a tab
    if the first line has one, else runs of whitespace. Quoted fields and any line ending (LF, CRLF, or the
    bare CR of ``digg_votes1.csv``) are handled by pandas' C reader.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    with open_text(path) as fh:
        head = fh.read(1 << 16)
    first = next((ln for ln in re.split(r"\r\n|\r|\n", head) if ln.strip()), None)
    if first is None:
        raise DataError(f"{path}: the file is empty; expected data rows")
    if sep == "auto":
        sep = "\t" if "\t" in first else r"\s+"
    tokens = next(csv.reader([first], delimiter=sep)) if len(sep) == 1 else first.split()
    try:
        float(tokens[0].strip().strip('"'))
        header = False
    except (ValueError, IndexError):
        header = True
    width = len(names)
    try:
        df = pd.read_csv(
            path,
            sep=sep,
            header=None,
            skiprows=1 if header else 0,
            names=names,
            usecols=range(width),
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
        )
    except pd.errors.EmptyDataError as exc:
        raise DataError(f"{path}: the table is empty; expected at least one data row") from exc
    except (ValueError, pd.errors.ParserError) as exc:
        raise DataError(
            f"{path}: expected {width} fields per row ({', '.join(names)}): {exc}"
        ) from exc
    if len(df) == 0:
        raise DataError(f"{path}: the table is empty; expected at least one data row")
    short = df.isna().any(axis=1) | (df[names[-1]].str.strip() == "")
    if short.any():
        i = int(np.flatnonzero(short.to_numpy())[0])
        raise DataError(f"{path}: row {i + 1}: expected {width} fields ({', '.join(names)})")
    return df.apply(lambda c: c.str.strip())


def time_seconds(s: pd.Series, path: Path, column: str) -> pd.Series:
    """Unix seconds from integers, or from date-times (``YYYY-MM-DD[ HH:MM:SS]``, UTC)."""
    num = pd.to_numeric(s, errors="coerce")
    if num.notna().all():
        return num.astype("float64")
    return unix_seconds(parse_utc(s, path, column))
