"""Identifiers as integer codes without a Python string per row (Arrow kernels), for Flickr-sized tables.

The codes are those of ``pd.factorize(values.astype("string"), sort=True)``: positions in the sorted
distinct identifiers (Arrow sorts strings by their UTF-8 bytes, the order of Python's ``str``), ``-1`` for
a missing one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def arrow_strings(values) -> pa.Array:
    """A column as one Arrow ``large_string`` array; a column not of a string dtype is first converted
    with ``astype("string")`` (so ``7`` becomes ``"7"``, as before)."""
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if not isinstance(s.dtype, pd.StringDtype):
        s = s.astype("string")
    arr = pa.array(s.array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr if arr.type == pa.large_string() else arr.cast(pa.large_string())


def concat(parts: list[pa.Array]) -> pa.Array:
    """One array of the parts, end to end."""
    return pa.concat_arrays(parts) if len(parts) != 1 else parts[0]


def _filled(indices: pa.Array) -> np.ndarray:
    """Integer indices as int64, ``-1`` where missing."""
    out = pc.fill_null(indices, 0).to_numpy(zero_copy_only=False).astype(np.int64)
    if indices.null_count:
        out[indices.is_null().to_numpy(zero_copy_only=False)] = -1
    return out


def sorted_codes(values: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """``values`` as codes into their sorted distinct values (the dictionary, also returned)."""
    encoded = pc.dictionary_encode(values)
    order = pc.sort_indices(encoded.dictionary)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order.to_numpy()] = np.arange(len(order), dtype=np.int64)
    codes = _filled(encoded.indices)
    known = codes >= 0
    codes[known] = rank[codes[known]]
    return codes, encoded.dictionary.take(order)


def lookup(values: pa.Array, dictionary: pa.Array) -> np.ndarray:
    """Codes of ``values`` into ``dictionary``; ``-1`` for a value not in it (or missing)."""
    return _filled(pc.index_in(values, value_set=dictionary))


def keep_used(codes: list[np.ndarray], used: np.ndarray, dictionary: pa.Array):
    """Drop the dictionary entries not flagged ``used``: the codes renumbered (a sorted dictionary stays
    sorted) and the smaller dictionary."""
    new = np.cumsum(used, dtype=np.int64) - 1
    out = [np.where(c >= 0, new[np.maximum(c, 0)], -1) for c in codes]
    return out, dictionary.filter(pa.array(used))


def used_flags(n: int, *codes: np.ndarray) -> np.ndarray:
    """Which of ``n`` codes occur among ``codes``."""
    used = np.zeros(n, dtype=bool)
    for c in codes:
        used[c[c >= 0]] = True
    return used


def as_objects(dictionary: pa.Array) -> np.ndarray:
    """The dictionary as a NumPy array of Python strings (one per distinct identifier)."""
    return np.asarray(dictionary.to_numpy(zero_copy_only=False), dtype=object)
