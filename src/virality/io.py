"""Input/output shared by every study: errors, checksums, data folders, table checks, atomic writes.

Nothing here knows about a particular data set (see :mod:`virality.adapters`) or about snakemake.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

log = logging.getLogger("virality")

TABLES = ("events", "edges", "exposures", "items")

#: Required and optional columns of the canonical tables (docs/architecture.md). ``str`` columns are
#: pandas' string dtype, ``float`` columns float64. Extra ``cov_*`` / ``true_*`` columns are floats.
CANONICAL: dict[str, dict[str, dict[str, str]]] = {
    "events": {
        "required": {"item_id": "str", "user_id": "str", "time": "float"},
        "optional": {"parent_user_id": "str", "channel": "str", "followers": "float"},
    },
    "edges": {"required": {"source": "str", "target": "str"}, "optional": {}},
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


class DataError(ValueError):
    """Bad input: the message names the file, the row or column, and what was expected."""


# --------------------------------------------------------------------------------------------------
# seeds, checksums, data folders


def stable_seed(seed: int, *parts: object) -> int:
    """A 32-bit seed derived from ``seed`` and names, identical across runs and machines (no ``hash()``)."""
    text = "|".join([str(int(seed)), *(str(p) for p in parts)])
    return zlib.crc32(text.encode("utf-8")) & 0xFFFFFFFF


def sha256_file(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def verify_sha256(path: str | os.PathLike, expected: str | None) -> str:
    """Return the file's sha256; raise :class:`DataError` if ``expected`` is given and differs."""
    actual = sha256_file(path)
    if expected and actual.lower() != expected.lower():
        raise DataError(
            f"{path}: checksum mismatch: expected sha256 {expected.lower()}, got {actual}. "
            "The file is corrupt, truncated or a different version; download it again."
        )
    return actual


def data_dirs(configured: Sequence[str], env: Mapping[str, str] | None = None) -> list[Path]:
    """Folders searched for raw data, in order.

    ``VIRALITY_DATA`` (a ``os.pathsep``-separated list) replaces the configured ``data_dirs`` when set.
    """
    env = os.environ if env is None else env
    override = env.get("VIRALITY_DATA", "").strip()
    dirs = override.split(os.pathsep) if override else list(configured)
    return [Path(d).expanduser() for d in dirs if d]


def locate(relpath: str, subdir: str | None, dirs: Iterable[Path]) -> Path | None:
    """First existing ``<dir>/<subdir>/<relpath>`` (or ``relpath`` itself if it exists as given)."""
    p = Path(relpath).expanduser()
    if p.is_absolute():
        return p if p.exists() else None
    for d in dirs:
        cand = d / subdir / relpath if subdir else d / relpath
        if cand.exists():
            return cand
    if p.exists():
        return p
    return None


# --------------------------------------------------------------------------------------------------
# table checks


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


def coerce_table(df: pd.DataFrame, table: str, source: str = "<table>") -> pd.DataFrame:
    """Check a canonical table and return it with canonical dtypes and column order.

    Raises :class:`DataError` naming ``source``, the column and the first bad row (1-based data row, the
    header not counted) for: a missing required column, a value that is not a number where one is expected,
    a negative or non-finite time, a missing identifier, a duplicate key (``items.item_id``; an adoption
    ``(item_id, user_id)`` repeated in ``events``).
    """
    if table not in CANONICAL:
        raise DataError(f"{source}: unknown table {table!r}; expected one of {', '.join(TABLES)}")
    spec = CANONICAL[table]
    missing = [c for c in spec["required"] if c not in df.columns]
    if missing:
        raise DataError(
            f"{source}: missing column(s) {', '.join(missing)}; the {table} table needs "
            f"{', '.join(spec['required'])} (found: {', '.join(map(str, df.columns)) or 'none'})"
        )
    allowed = set(spec["required"]) | set(spec["optional"])
    out = {}
    for col in df.columns:
        col = str(col)
        if col not in allowed and not (table == "items" and col.startswith(PREFIXED_FLOAT_COLUMNS)):
            continue  # extra columns are dropped, not an error: user files often carry more
        s = df[col]
        if _is_float_col(table, col):
            num = pd.to_numeric(s, errors="coerce").astype("float64")
            bad = num.isna() & s.notna() & (s.astype("string").str.strip() != "")
            if bad.any():
                i = int(np.flatnonzero(bad.to_numpy())[0])
                raise DataError(
                    f"{source}: column {col!r}, row {i + 1}: expected a number, got {s.iloc[i]!r}"
                )
            out[col] = num
        else:
            st = s.astype("string")
            out[col] = st.str.strip() if col in ("item_id", "user_id", "source", "target") else st
    res = pd.DataFrame(out)
    for col, kind in spec["required"].items():
        s = res[col]
        if s.isna().any():
            i = int(np.flatnonzero(s.isna().to_numpy())[0])
            raise DataError(f"{source}: column {col!r}, row {i + 1}: missing value (required)")
        if kind == "str" and (s == "").any():
            i = int(np.flatnonzero((s == "").to_numpy())[0])
            raise DataError(f"{source}: column {col!r}, row {i + 1}: empty identifier")
    if "time" in res.columns and table in ("events", "exposures"):
        t = res["time"].to_numpy()
        bad = ~np.isfinite(t) | (t < 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise DataError(
                f"{source}: column 'time', row {i + 1}: expected a finite time >= 0 seconds, got {float(t[i])!r}"
            )
    if table == "items":
        dup = res["item_id"].duplicated()
        if dup.any():
            i = int(np.flatnonzero(dup.to_numpy())[0])
            raise DataError(
                f"{source}: column 'item_id', row {i + 1}: duplicate item {res['item_id'].iloc[i]!r}"
            )
    if table == "events":
        dup = res.duplicated(["item_id", "user_id"])
        if dup.any():
            i = int(np.flatnonzero(dup.to_numpy())[0])
            raise DataError(
                f"{source}: row {i + 1}: duplicate adoption: user {res['user_id'].iloc[i]!r} adopted item "
                f"{res['item_id'].iloc[i]!r} more than once (keep the first adoption per user and item)"
            )
    order = [c for c in (*spec["required"], *spec["optional"]) if c in res.columns]
    order += sorted(c for c in res.columns if c not in order)
    return res[order].reset_index(drop=True)


def require_rows(df: pd.DataFrame, source: str) -> pd.DataFrame:
    """Raise :class:`DataError` if a table that must carry data is empty."""
    if len(df) == 0:
        raise DataError(f"{source}: the table is empty; expected at least one data row")
    return df


def read_csv_checked(path: str | os.PathLike, required: Sequence[str] = (), **kw) -> pd.DataFrame:
    """Read a CSV with clear errors for a missing file or missing columns."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    try:
        df = pd.read_csv(path, **kw)
    except pd.errors.EmptyDataError as exc:
        raise DataError(f"{path}: the file is empty; expected a header and data rows") from exc
    df.columns = [str(c).strip() for c in df.columns]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError(
            f"{path}: missing column(s) {', '.join(missing)} (found: {', '.join(df.columns)})"
        )
    return df


# --------------------------------------------------------------------------------------------------
# writing


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def write_parquet(df: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write a parquet file atomically (temp file then rename), deterministic bytes for the same data."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp(path)
    df.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd")
    os.replace(tmp, path)


def write_csv(df: pd.DataFrame, path: str | os.PathLike, float_format: str = "%.6g") -> None:
    """Write a CSV atomically with a fixed float format (byte-identical for identical numbers)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp(path)
    df.to_csv(tmp, index=False, float_format=float_format, lineterminator="\n")
    os.replace(tmp, path)


def write_json(obj, path: str | os.PathLike) -> None:
    """Write JSON atomically with sorted keys."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp(path)
    tmp.write_text(json.dumps(obj, indent=2, sort_keys=True, default=_json_default) + "\n")
    os.replace(tmp, path)


def _json_default(o):
    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, np.floating):
        return float(o)
    if isinstance(o, Path):
        return str(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def read_table(folder: str | os.PathLike, table: str) -> pd.DataFrame:
    """Read one canonical table from ``results/data/<dataset>/``."""
    return pd.read_parquet(Path(folder) / f"{table}.parquet")


def read_manifest(folder: str | os.PathLike) -> dict:
    return json.loads((Path(folder) / "manifest.json").read_text())


def setup_logging(
    logfile: str | os.PathLike | None = None, level: int = logging.INFO
) -> logging.Logger:
    """Log to ``logfile`` (a rule's ``log:``) and stderr, with timestamps, for progress of long steps."""
    root = logging.getLogger()
    root.setLevel(level)
    for h in list(root.handlers):
        root.removeHandler(h)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if logfile:
        Path(logfile).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(logfile, mode="w"))
    for h in handlers:
        h.setFormatter(fmt)
        root.addHandler(h)
    return log
