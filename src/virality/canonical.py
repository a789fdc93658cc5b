"""The canonical tables (events, edges, exposures, items): columns, dtypes, checks, reading.

Every data reader (``virality.data``) writes these tables and every study reads them;
docs/architecture.md describes them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from .files import DataError, column_list

TABLES = ("events", "edges", "exposures", "items")
MANIFEST = "manifest.json"  # beside the tables: what the data set is, its files, rows and notes

#: Required and optional columns of the canonical tables (docs/architecture.md). ``str`` columns are
#: pandas' string dtype, ``float`` columns float64. Extra ``cov_*`` / ``true_*`` columns are floats.
CANONICAL: dict[str, dict[str, dict[str, str]]] = {
    "events": {
        "required": {"item_id": "str", "user_id": "str", "time": "float"},
        "optional": {"parent_user_id": "str", "channel": "str", "followers": "float"},
    },
    # created: when the link was made (seconds, same clock as events); missing = unknown, taken as old
    "edges": {"required": {"source": "str", "target": "str"}, "optional": {"created": "float"}},
    "exposures": {
        "required": {"item_id": "str", "time": "float", "kind": "str"},
        "optional": {},
    },
    "items": {
        "required": {"item_id": "str"},
        "optional": {
            "start_time": "float",
            "creator": "str",
            "title": "str",
            "text": "str",
            "outcome": "float",
        },
    },
}
PREFIXED_FLOAT_COLUMNS = ("cov_", "true_")


def _is_float_col(table: str, col: str) -> bool:
    spec = CANONICAL[table]
    kind = spec["required"].get(col) or spec["optional"].get(col)
    return kind == "float" or (table == "items" and col.startswith(PREFIXED_FLOAT_COLUMNS))


def empty_table(table: str) -> pd.DataFrame:
    """A zero-row canonical table with its required columns and dtypes."""
    cols = CANONICAL[table]["required"]
    return pd.DataFrame(
        {c: pd.Series([], dtype="float64" if t == "float" else "string") for c, t in cols.items()}
    )


#: values the optional ``events.channel`` column may hold (the true channel of an adoption, synthetic data)
CHANNELS = ("social", "editorial", "other", "seed")


def coerce_table(
    df: pd.DataFrame,
    table: str,
    source: str = "<table>",
    lines: Callable[[int], int] | None = None,
    keys: bool = True,
) -> pd.DataFrame:
    """Check a canonical table and return it with canonical dtypes and column order.

    Raises :class:`DataError` naming ``source``, the column and the first bad row for: a missing required
    column, a value that is not a number where one is expected, a negative or non-finite time, a negative
    follower count, a channel that is not one of :data:`CHANNELS`, a missing identifier, and (``keys``) a
    duplicate key (``items.item_id``; an adoption ``(item_id, user_id)`` repeated in ``events``). The row is
    named by its line in the file when ``lines`` maps a row position (from 0) to it, else as ``row k`` (from
    1, the header not counted).
    """
    if table not in CANONICAL:
        raise DataError(f"{source}: unknown table {table!r}; expected one of {', '.join(TABLES)}")
    spec = CANONICAL[table]
    missing = [c for c in spec["required"] if c not in df.columns]
    if missing:
        raise DataError(
            f"{source}: missing column(s) {', '.join(missing)}; the {table} table needs "
            f"{', '.join(spec['required'])} (found: {column_list(df.columns)})"
        )

    def at(i: int) -> str:
        return f"line {lines(i)}" if lines is not None else f"row {i + 1}"

    res = pd.DataFrame(_coerce_columns(df, table, source, at))
    for col, kind in spec["required"].items():
        s = res[col]
        if s.isna().any():
            i = _first(s.isna())
            raise DataError(f"{source}: column {col!r}, {at(i)}: missing value (required)")
        if kind == "str" and (s == "").any():
            raise DataError(f"{source}: column {col!r}, {at(_first(s == ''))}: empty identifier")
    _check_values(res, table, source, at)
    if keys:
        check_keys(res, table, source, at)
    order = [c for c in (*spec["required"], *spec["optional"]) if c in res.columns]
    order += sorted(c for c in res.columns if c not in order)
    return res[order].reset_index(drop=True)


def _first(mask) -> int:
    return int(np.flatnonzero(np.asarray(mask))[0])


def _coerce_columns(df: pd.DataFrame, table: str, source: str, at) -> dict[str, pd.Series]:
    """The canonical columns of ``df`` with their dtypes (extra columns dropped: user files carry more)."""
    spec = CANONICAL[table]
    allowed = set(spec["required"]) | set(spec["optional"])
    out = {}
    for col in df.columns:
        col = str(col)
        if col not in allowed and not (table == "items" and col.startswith(PREFIXED_FLOAT_COLUMNS)):
            continue
        s = df[col]
        if isinstance(s, pd.DataFrame):
            raise DataError(f"{source}: column {col!r} appears more than once")
        if _is_float_col(table, col):
            num = pd.to_numeric(s, errors="coerce").astype("float64")
            bad = num.isna() & s.notna()  # then only those as text (not a float column's every row)
            if bad.any():
                bad[bad] = s[bad].astype("string").str.strip() != ""
            if bad.any():
                i = _first(bad)
                raise DataError(
                    f"{source}: column {col!r}, {at(i)}: expected a number, got {s.iloc[i]!r}"
                )
            out[col] = num
        else:
            st = s.astype("string")
            out[col] = st.str.strip() if col in ("item_id", "user_id", "source", "target") else st
    return out


def _check_values(res: pd.DataFrame, table: str, source: str, at) -> None:
    """Times finite and >= 0, follower counts >= 0, channels among :data:`CHANNELS`."""
    if "time" in res.columns and table in ("events", "exposures"):
        t = res["time"].to_numpy()
        bad = ~np.isfinite(t) | (t < 0)
        if bad.any():
            i = _first(bad)
            raise DataError(
                f"{source}: column 'time', {at(i)}: expected a finite time >= 0 seconds, got {float(t[i])!r}"
            )
    if table == "events" and "followers" in res.columns:
        f = res["followers"].to_numpy()
        bad = ~np.isnan(f) & (~np.isfinite(f) | (f < 0))
        if bad.any():
            i = _first(bad)
            raise DataError(
                f"{source}: column 'followers', {at(i)}: expected a follower count >= 0, got {float(f[i])!r}"
            )
    if table == "events" and "channel" in res.columns:
        c = res["channel"]
        bad = c.notna() & ~c.isin(CHANNELS)
        if bad.any():
            i = _first(bad)
            raise DataError(
                f"{source}: column 'channel', {at(i)}: expected one of {', '.join(CHANNELS)} or "
                f"nothing, got {c.iloc[i]!r} (the canonical column 'channel' is the known true channel "
                "of an adoption; rename a column that means something else)"
            )


def check_keys(res: pd.DataFrame, table: str, source: str, at=lambda i: f"row {i + 1}") -> None:
    """No repeated ``items.item_id``; no repeated adoption ``(item_id, user_id)`` in ``events``."""
    if table == "items":
        dup = res["item_id"].duplicated()
        if dup.any():
            i = _first(dup)
            raise DataError(
                f"{source}: column 'item_id', {at(i)}: duplicate item {res['item_id'].iloc[i]!r}"
            )
    if table == "events":
        dup = res.duplicated(["item_id", "user_id"])
        if dup.any():
            i = _first(dup)
            raise DataError(
                f"{source}: {at(i)}: duplicate adoption: user {res['user_id'].iloc[i]!r} adopted item "
                f"{res['item_id'].iloc[i]!r} more than once (keep the first adoption per user and item, "
                "or set duplicates: keep_first)"
            )


def require_rows(df: pd.DataFrame, source: str) -> pd.DataFrame:
    """Raise :class:`DataError` if a table that must carry data is empty."""
    if len(df) == 0:
        raise DataError(f"{source}: the table is empty; expected at least one data row")
    return df


def read_table(folder: str | os.PathLike, table: str) -> pd.DataFrame:
    """Read one canonical table from ``results/data/<dataset>/``."""
    return pd.read_parquet(Path(folder) / f"{table}.parquet")


def _manifest_path(path: str | os.PathLike) -> Path:
    path = Path(path)
    return path if path.name == MANIFEST else path / MANIFEST


def read_manifest(path: str | os.PathLike) -> dict:
    """A data set's manifest, given ``results/data/<dataset>/manifest.json`` or its folder."""
    return json.loads(_manifest_path(path).read_text())


def read_manifests(paths) -> dict[str, dict]:
    """Manifests by data set (the name of each manifest's folder), in the order of ``paths``."""
    return {_manifest_path(p).parent.name: read_manifest(p) for p in paths}


def schema_sample(df: pd.DataFrame, limit: int = 2_000) -> pd.DataFrame:
    """Rows for a row-by-row JSON-schema check: all of a small table, an even sample of a large one.

    Values are Python objects, missing ones ``None``. :func:`coerce_table` has checked every row already,
    so the sample only guards the schema files against drifting from it (the check costs ~0.1 ms a row:
    20,000 rows of each of four tables were 3.6 s of the 12 s that Twitter15/16's tables take).
    """
    sample = df if len(df) <= limit else df.iloc[:: max(1, len(df) // limit)]
    return sample.astype(object).where(sample.notna(), None)


def check_schema(df: pd.DataFrame, schema_file: str | os.PathLike, source: str) -> None:
    """Check the rows of :func:`schema_sample` against a table's JSON schema (a backstop behind
    :func:`coerce_table`, which checks the same rules with the line named): the first violation is a
    :class:`DataError` naming ``source``, the row (from 1) and the column."""
    import jsonschema
    import yaml

    schema = yaml.safe_load(Path(schema_file).read_text())
    validator = jsonschema.Draft202012Validator(schema)
    sample = schema_sample(df)
    for pos, rec in zip(sample.index, sample.to_dict("records"), strict=True):
        err = next(iter(validator.iter_errors(rec)), None)
        if err is not None:
            col = err.path[0] if err.path else (err.validator_value or [""])[0]
            raise DataError(f"{source}: row {int(pos) + 1}, column {col!r}: {err.message}")


#: Emotion columns of the canonical NRC emotion lexicon table (Mohammad & Turney 2013): the lexicon
#: reader writes them, Study C scores them.
NRC_EMOTIONS = (
    "anger",
    "anticipation",
    "disgust",
    "fear",
    "joy",
    "negative",
    "positive",
    "sadness",
    "surprise",
    "trust",
)
