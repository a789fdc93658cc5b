"""Identifiers as integer codes without a Python string per row (Arrow kernels), for Flickr-sized tables
(Studies A and B).

The codes are those of ``pd.factorize(values.astype("string"), sort=True)``: positions in the sorted
distinct identifiers (Arrow sorts strings by their UTF-8 bytes, the order of Python's ``str``), ``-1`` for
a missing one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def arrow_strings(values) -> pa.ChunkedArray:
    """A column as Arrow ``large_string`` chunks (those of an Arrow-backed column, not copied); a column not
    of a string dtype is first converted with ``astype("string")`` (so ``7`` becomes ``"7"``, as before)."""
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if not isinstance(s.dtype, pd.StringDtype):
        s = s.astype("string")
    arr = pa.array(s.array)
    arr = arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])
    return arr if arr.type == pa.large_string() else arr.cast(pa.large_string())


def concat(parts: list[pa.ChunkedArray]) -> pa.ChunkedArray:
    """One chunked array of the parts, end to end (no copy)."""
    return pa.chunked_array([c for p in parts for c in p.chunks], type=pa.large_string())


def _filled(indices: pa.Array | pa.ChunkedArray, rank: np.ndarray | None = None) -> np.ndarray:
    """Integer indices as int64 (through ``rank`` when given), ``-1`` where missing."""
    if indices.null_count == 0:
        raw = indices.to_numpy()
        return rank[raw] if rank is not None else raw.astype(np.int64)
    missing = pc.is_null(indices).to_numpy()
    raw = pc.fill_null(indices, 0).to_numpy()
    out = rank[raw] if rank is not None else raw.astype(np.int64)
    out[missing] = -1
    return out


def sorted_codes(values: pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """``values`` as codes into their sorted distinct values (the dictionary, also returned)."""
    encoded = pc.dictionary_encode(values)
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    if not chunks:
        return np.zeros(0, dtype=np.int64), pa.array([], pa.large_string())
    # the chunks' dictionaries grow from one memo table: the last one holds every value, same codes
    dictionary = chunks[-1].dictionary
    order = pc.sort_indices(dictionary)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order.to_numpy()] = np.arange(len(order), dtype=np.int64)
    codes = _filled(pa.chunked_array([c.indices for c in chunks], type=pa.int32()), rank)
    return codes, dictionary.take(order)


def member(values: np.ndarray, within: np.ndarray) -> np.ndarray:
    """``np.isin(values, within)`` for integers, by sorting ``within`` (lean and fast at any size)."""
    ref = np.sort(within)
    if ref.size == 0:
        return np.zeros(values.size, dtype=bool)
    pos = np.searchsorted(ref, values).clip(max=ref.size - 1)
    return ref[pos] == values


def lookup(values: pa.Array, dictionary: pa.Array) -> np.ndarray:
    """Codes of ``values`` into ``dictionary``; ``-1`` for a value not in it (or missing)."""
    return _filled(pc.index_in(values, value_set=dictionary))


def matched_rows(values, dictionary: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The rows of a key column found in ``dictionary``: their positions there (``at``) and their row
    numbers (``rows``), so that ``out[at] = column[rows]`` puts a table's values in dictionary order."""
    pos = lookup(arrow_strings(values), dictionary)
    return pos[pos >= 0], np.flatnonzero(pos >= 0)


def keep_used(codes: np.ndarray, used: np.ndarray, dictionary: pa.Array):
    """Drop the dictionary entries not flagged ``used``: the codes renumbered (a sorted dictionary stays
    sorted) and the smaller dictionary."""
    new = np.cumsum(used, dtype=np.int64) - 1
    return np.where(codes >= 0, new[np.maximum(codes, 0)], -1), dictionary.filter(pa.array(used))


def used_flags(n: int, *codes: np.ndarray) -> np.ndarray:
    """Which of ``n`` codes occur among ``codes``."""
    used = np.zeros(n, dtype=bool)
    for c in codes:
        used[c if c.size == 0 or c.min() >= 0 else c[c >= 0]] = True
    return used


def as_objects(dictionary: pa.Array) -> np.ndarray:
    """The dictionary as a NumPy array of Python strings (one per distinct identifier)."""
    return np.asarray(dictionary.to_numpy(zero_copy_only=False), dtype=object)
