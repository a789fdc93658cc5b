"""File plumbing shared by every step: errors, seeds, checksums, downloads, data folders, atomic writes,
logging.

Nothing here knows a data set, a study or snakemake.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import urllib.request
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

log = logging.getLogger("virality")


class DataError(ValueError):
    """Bad input: the message names the file, the row or column, and what was expected."""


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


def download(url: str, out: str | os.PathLike, expected: str | None) -> str:
    """Download ``url`` to ``out`` atomically, checking its sha256 (``expected``, if given); return it."""
    out = Path(out)
    if not url:
        raise DataError(f"{out}: no url configured for this file; cannot download it")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.part")
    log.info("downloading %s -> %s", url, out)
    urllib.request.urlretrieve(url, tmp)
    try:
        actual = verify_sha256(tmp, expected)
    except DataError:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, out)
    log.info("ok: %s", actual)
    return actual


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
