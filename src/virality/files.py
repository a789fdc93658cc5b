"""File plumbing shared by every step: errors, seeds, checksums, downloads, data folders, atomic writes,
logging.

Nothing here knows a data set, a study or snakemake.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import hashlib
import io
import json
import logging
import lzma
import os
import re
import sys
import urllib.request
import warnings
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
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


#: what a user can do when a text file is not in the expected encoding (format csv has the key)
ENCODING_HINT = (
    "set encoding: in the data set's config entry to the file's encoding, e.g. encoding: latin-1"
)
#: the published formats are read as UTF-8
UTF8_HINT = "the format is read as UTF-8; convert the file to UTF-8"
_COMPRESSED = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


def open_binary(path: str | os.PathLike):
    """Open a file for reading bytes, decompressing ``.gz``, ``.bz2`` and ``.xz`` by its suffix."""
    return _COMPRESSED.get(Path(path).suffix.lower(), open)(path, "rb")


def _first_undecodable(path: Path, encoding: str) -> tuple[int, int, bytes] | None:
    """(line number from 1, byte position in the line, the bytes) of the first line ``encoding`` rejects."""
    with open_binary(path) as fh:
        for n, raw in enumerate(fh, start=1):
            try:
                raw.decode(encoding)
            except UnicodeDecodeError as exc:
                return n, exc.start + 1, raw[exc.start : exc.end]
    return None


def encoding_error(path: str | os.PathLike, encoding: str, hint: str = ENCODING_HINT) -> str:
    """The message for a file that is not valid ``encoding`` text: its line, the bytes and the ``hint``."""
    path = Path(path)
    try:
        where = _first_undecodable(path, encoding)
    except (OSError, EOFError, zlib.error, lzma.LZMAError):
        where = None
    at = f"line {where[0]}, byte {where[1]} ({where[2].hex(' ')}): " if where else ""
    return f"{path}: {at}not valid {encoding} text; {hint}"


@contextmanager
def reading(
    path: str | os.PathLike, encoding: str = "utf-8", hint: str = ENCODING_HINT
) -> Iterator[None]:
    """Turn the errors of reading ``path`` (a folder, a missing or unreadable file, bytes that are not
    ``encoding`` text, a truncated or corrupt compressed file) into a :class:`DataError` naming the file."""
    path = Path(path)
    try:
        yield
    except DataError:
        raise
    except IsADirectoryError as exc:
        raise DataError(
            f"{path}: is a folder, not a file; give the path of a file under files:"
        ) from exc
    except FileNotFoundError as exc:
        raise DataError(f"{path}: file not found") from exc
    except PermissionError as exc:
        raise DataError(f"{path}: permission denied; make the file readable") from exc
    except UnicodeDecodeError as exc:
        raise DataError(encoding_error(path, encoding, hint)) from exc
    except (EOFError, zlib.error, gzip.BadGzipFile, lzma.LZMAError) as exc:
        raise DataError(_corrupt(path, exc)) from exc
    except OSError as exc:
        if path.suffix.lower() in _COMPRESSED:  # bz2: "Invalid data stream"
            raise DataError(_corrupt(path, exc)) from exc
        raise DataError(f"{path}: cannot be read ({exc})") from exc


def check_readable(
    path: str | os.PathLike, encoding: str = "utf-8", hint: str = ENCODING_HINT
) -> None:
    """Raise the :class:`DataError` of :func:`reading` if ``path`` is a folder, missing, a corrupt compressed
    file or not ``encoding`` text (read to the end: for finding which file a reader choked on)."""
    with reading(path, encoding, hint), open_binary(path) as fh:
        for raw in fh:
            raw.decode(encoding)


def _corrupt(path: Path, exc: BaseException) -> str:
    return f"{path}: the compressed file is truncated or corrupt ({exc}); download or copy it again"


def sha256_file(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file's bytes (a :class:`DataError` for a folder or a missing file)."""
    h = hashlib.sha256()
    with reading(path), open(path, "rb") as fh:
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


def read_csv_checked(
    path: str | os.PathLike, required: Sequence[str] = (), hint: str = UTF8_HINT, **kw
) -> pd.DataFrame:
    """Read a CSV with clear errors for a missing, unreadable, corrupt or malformed file (a row with more
    fields than the header, an unclosed quote, a column named twice) or missing columns.

    A first data row longer than the header is never taken as an index (pandas' default shifts every
    column); extra fields that are all empty (a trailing comma) are dropped.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    encoding = kw.get("encoding") or "utf-8"
    if kw.get("header", "infer") == "infer" and kw.get("engine") != "pyarrow":
        kw.setdefault("index_col", False)  # (pyarrow never makes an implicit index)
    try:
        with reading(path, encoding, hint), warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            try:
                df = pd.read_csv(path, **kw)
            except pd.errors.ParserWarning:  # rows longer than the header
                _no_long_rows(path, encoding, kw.get("sep", ","))
                warnings.simplefilter("ignore", pd.errors.ParserWarning)
                df = pd.read_csv(path, **kw)
    except pd.errors.EmptyDataError as exc:
        raise DataError(f"{path}: the file is empty; expected a header and data rows") from exc
    except pd.errors.ParserError as exc:
        raise DataError(f"{path}: {_parser_message(str(exc))}") from exc
    if kw.get("header", "infer") == "infer":
        _no_repeated_columns(path, encoding, kw.get("sep", ","))
    df.columns = [str(c).strip() for c in df.columns]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError(
            f"{path}: missing column(s) {', '.join(missing)} (found: {column_list(df.columns)})"
            + _separator_hint(df.columns)
        )
    return df


def _parser_message(text: str) -> str:
    """pandas' tokenizer errors in the words (and line numbers) of the other messages."""
    text = text.strip()
    if m := re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text):
        return f"line {m[2]}: {m[3]} fields, but the header and the rows before have {m[1]}"
    if m := re.search(r"EOF inside string starting at row (\d+)", text):
        return f'line {int(m[1]) + 1}: a quoted field (") opens here and is never closed'
    return f"not a well-formed CSV file ({text})"


def _records(path: Path, encoding: str, sep: str) -> Iterator[tuple[int, list[str]]]:
    """(line of its end, fields) of each non-blank record, read with the csv module."""
    with reading(path, encoding), open_binary(path) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        reader = csv.reader(text, delimiter=sep if len(sep) == 1 else ",")
        for rec in reader:
            if rec:
                yield reader.line_num, rec


def _no_long_rows(path: Path, encoding: str, sep: str) -> None:
    """Raise for the first row with more non-empty fields than the header."""
    records = _records(path, encoding, sep)
    _, header = next(records, (0, []))
    for line, rec in records:
        if len(rec) > len(header) and any(f.strip() for f in rec[len(header) :]):
            raise DataError(
                f"{path}: line {line}: {len(rec)} fields, but the header has {len(header)} columns "
                f"({column_list(header)}); a field holding the separator needs quotes"
            )


def _no_repeated_columns(path: Path, encoding: str, sep: str) -> None:
    line, header = next(_records(path, encoding, sep), (1, []))
    names = [h.strip() for h in header if h.strip()]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DataError(
            f"{path}: line {line}: column(s) {column_list(twice)} appear more than once in the header"
        )


def _separator_hint(columns) -> str:
    names = [str(c) for c in columns]
    if len(names) == 1:
        for sep, word in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
            if sep in names[0]:
                return f"; the file looks separated by {word}: save it with commas"
    return ""


def column_list(names: Iterable, limit: int = 20) -> str:
    """Column names for a message: as they are when plain, quoted when they hold odd characters (a stray
    quote can make a whole file one header field), at most ``limit`` of them, each cut at 40 characters."""
    shown = []
    for name in list(names)[:limit]:
        name = str(name)
        short = name if len(name) <= 40 else name[:37] + "..."
        shown.append(short if short.isprintable() and "," not in short else repr(short))
    more = len(list(names)) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "") if shown else "none"


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
    sys.excepthook = _log_uncaught
    return log


#: the prefix of the log line that records why a step stopped (read back by :func:`stop_messages`)
STOPPED = "stopped: "


def _log_uncaught(kind, exc, tb) -> None:
    """Record an uncaught exception in the step's log (one line: its class and message), then print it."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    log.error("%s%s: %s", STOPPED, kind.__name__, first)
    sys.__excepthook__(kind, exc, tb)


def stop_messages(logs: Iterable[str | os.PathLike], since: float = 0.0) -> list[str]:
    """Why steps stopped: the ``stopped:`` lines of the logs written at or after ``since`` (Unix time).

    A :class:`DataError` (bad input) gives its message; any other exception is a defect of the package and
    says so. One line per message, in the logs' order, each message once.
    """
    out: list[str] = []
    for p in logs:
        p = Path(p)
        try:
            if p.stat().st_mtime < since:
                continue
            lines = p.read_text(errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            _, sep, rest = line.partition(f"virality: {STOPPED}")
            if not sep:
                continue
            kind, _, msg = rest.partition(": ")
            if kind in ("DataError", "ContractError", "PaperError"):
                text = msg
            else:
                text = (
                    f"{p}: {kind}: {msg} (a defect of virality, not of your data: please report it)"
                )
            if text not in out:
                out.append(text)
    return out
