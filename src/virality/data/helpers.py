"""Helpers the readers share: reading raw text files, parsing numbers and times, first adoptions, items.

Every error names the file, the row or column and what was expected (``virality.files.DataError``).
"""

from __future__ import annotations

import bz2
import calendar
import csv
import datetime as dt
import gzip
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..files import UTF8_HINT, DataError, read_csv_checked, reading


def params_of(options: Mapping) -> dict:
    """The ``params`` of a data set's config entry (empty if none)."""
    return dict(options.get("params") or {})


def read_rows(path: Path, required, hint: str = UTF8_HINT, **kw) -> pd.DataFrame:
    """A CSV with its ``required`` columns and at least one data row (else a :class:`DataError`)."""
    df = read_csv_checked(path, required=required, hint=hint, **kw)
    if len(df) == 0:
        raise DataError(f"{path}: the table is empty; expected at least one data row")
    return df


def unix_seconds(ts: pd.Series) -> pd.Series:
    """Timezone-aware timestamps → float Unix seconds (NaN where missing)."""
    return (ts - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds()


def record_lines(path: Path, encoding: str = "utf-8") -> Iterator[int]:
    """The line (from 1) on which each record of a delimited text file starts, the header included.

    Lines end at ``\n``, ``\r\n`` or ``\r``; blank lines are skipped (as pandas does); a quoted field may span lines (a record
    goes on while it holds an odd number of ``"``). Used only to name the line of a bad value.
    """
    with reading(path, encoding), open_text(path, encoding, "replace", newline=None) as fh:
        n, start, quotes, rest = 0, None, 0, ""
        for chunk in iter(lambda: fh.read(1 << 20), ""):
            *lines, rest = (rest + chunk).split("\n")
            for line in lines:
                n += 1
                if start is None and not line.strip():
                    continue
                start, quotes = (n, 0) if start is None else (start, quotes)
                quotes += line.count('"')
                if quotes % 2 == 0:
                    yield start
                    start = None
        if rest.strip() or start is not None:
            yield n + 1 if start is None else start


def has_header(path: Path, encoding: str = "utf-8", sep: str = ",") -> bool:
    """A header line is one whose first field is not a number (the data rows start with one)."""
    with reading(path, encoding), open_text(path, encoding, errors="replace") as fh:
        first = next((ln for ln in fh if ln.strip()), "")
    field = re.split(r"\s+" if sep in ("auto", r"\s+") else re.escape(sep), first.strip())[0]
    try:
        float(field.strip().strip('"'))
        return False
    except ValueError:
        return True


def line_of(path: Path, position: int, encoding: str = "utf-8", header: bool | None = None) -> int:
    """The line of the file on which data row ``position`` (from 0, the header not counted) starts."""
    skip = int(has_header(path, encoding) if header is None else header)
    for k, line in enumerate(record_lines(path, encoding)):
        if k == position + skip:
            return line
    return position + skip + 1  # not found (the file changed): the line if every record took one


def first_bad(bad: pd.Series | np.ndarray) -> int:
    """Position of the first ``True``."""
    return int(np.flatnonzero(np.asarray(bad))[0])


def parse_iso(s: pd.Series) -> pd.Series:
    """ISO 8601 date-times (any of its forms: ``T`` or a space, basic or extended, ``Z`` or an offset or
    none, fractions with ``.`` or ``,``, calendar, ordinal or week dates) as UTC timestamps; NaT where not.

    Day-first or month-first forms (``01/02/2008``) are never guessed: they are not ISO 8601.
    """
    text = s.astype("string").str.strip()
    parsed = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
    retry = parsed.isna() & text.notna() & (text != "")
    if retry.any():
        fixed = text[retry].map(_iso_calendar, na_action="ignore")
        parsed[retry] = pd.to_datetime(fixed, utc=True, errors="coerce", format="ISO8601")
    return parsed


_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{2})-?([1-7])(?=$|[T ])")
_ISO_ORDINAL = re.compile(r"^(\d{4})-?(\d{3})(?=$|[T ])")


def _iso_calendar(value: str) -> str | None:
    """An ISO 8601 value pandas does not read (week or ordinal date, lower-case ``t``/``z``, decimal comma,
    ``UTC`` suffix) rewritten as a calendar date-time; ``None`` if it is not ISO 8601."""
    v = value.upper().replace(",", ".")
    v = re.sub(r"\s*UTC$", "Z", v)
    if m := _ISO_WEEK.match(v):
        try:
            day = dt.date.fromisocalendar(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        v = day.isoformat() + v[m.end() :]
    elif m := _ISO_ORDINAL.match(v):
        year, doy = int(m[1]), int(m[2])
        if not 1 <= doy <= (366 if calendar.isleap(year) else 365):
            return None
        v = (dt.date(year, 1, 1) + dt.timedelta(days=doy - 1)).isoformat() + v[m.end() :]
    return v


def parse_utc(s: pd.Series, path: Path, column: str, fmt: str | None = None) -> pd.Series:
    """Parse date-times (ISO 8601, or ``fmt``; UTC unless they carry an offset); a value that does not
    parse is an error naming its line. ``s`` is a column as read (row ``i`` is data row ``i``)."""
    if fmt is None:
        parsed = parse_iso(s)
    else:
        parsed = pd.to_datetime(s, utc=True, errors="coerce", format=fmt)
    bad = parsed.isna() & s.notna() & (s.astype("string").str.strip() != "")
    if bad.any():
        i = first_bad(bad)
        what = f"a date-time in the format {fmt!r}" if fmt else "an ISO 8601 date-time"
        raise DataError(
            f"{path}: column {column!r}, line {line_of(path, i)}: expected {what}, got {s.iloc[i]!r}"
        )
    return parsed


def numeric(s: pd.Series, path: Path, column: str) -> pd.Series:
    """Float64 numbers; a non-empty value that is not a number is an error naming its line. ``s`` is a
    column as read (row ``i`` is data row ``i``)."""
    num = pd.to_numeric(s, errors="coerce")
    bad = num.isna() & s.notna() & (s.astype("string").str.strip() != "")
    if bad.any():
        i = first_bad(bad)
        raise DataError(
            f"{path}: column {column!r}, line {line_of(path, i)}: expected a number, got {s.iloc[i]!r}"
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


def open_text(
    path: Path, encoding: str = "utf-8", errors: str = "strict", newline: str | None = ""
):
    """Open a text file for reading, plain or compressed (``.gz``, ``.bz2``); wrap the reading in
    :func:`virality.files.reading` for clear errors."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    kw = {"encoding": encoding, "errors": errors, "newline": newline}
    with reading(path, encoding, UTF8_HINT):
        if path.suffix == ".gz":
            return gzip.open(path, "rt", **kw)
        if path.suffix == ".bz2":
            return bz2.open(path, "rt", **kw)
        return open(path, **kw)


def read_headerless(path: Path, names: list[str], sep: str = ",") -> pd.DataFrame:
    """Read the first ``len(names)`` fields of a delimited file whose header line is optional.

    The header is detected (its first field is not a number). ``sep``: a delimiter, or ``"auto"`` for a tab
    if the first line has one, else runs of whitespace. Quoted fields and any line ending (LF, CRLF, or the
    bare CR of ``digg_votes1.csv``) are handled by pandas' C reader.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    with reading(path, "utf-8", UTF8_HINT), open_text(path) as fh:
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
        with reading(path, "utf-8", UTF8_HINT):
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
        line = line_of(path, first_bad(short), header=header)
        raise DataError(f"{path}: line {line}: expected {width} fields ({', '.join(names)})")
    return df.apply(lambda c: c.str.strip())


def time_seconds(s: pd.Series, path: Path, column: str) -> pd.Series:
    """Unix seconds from integers, or from date-times (``YYYY-MM-DD[ HH:MM:SS]``, UTC)."""
    num = pd.to_numeric(s, errors="coerce")
    if num.notna().all():
        return num.astype("float64")
    return unix_seconds(parse_utc(s, path, column))
