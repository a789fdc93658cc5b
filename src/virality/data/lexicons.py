"""Word lexicons for Study C (config section ``lexicons:``): NRC-VAD (Mohammad 2018), Warriner, Kuperman &
Brysbaert (2013) and the NRC emotion lexicon (Mohammad & Turney 2013) → ``word`` + scores in [0, 1].
"""

from __future__ import annotations

import csv
import importlib.resources
import json
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..canonical import NRC_EMOTIONS
from ..files import DataError, read_csv_checked
from . import register
from .helpers import first_bad, line_of, numeric

LEXICON_FORMATS = ("nrc_vad", "warriner", "nrc_emotion")


def _lexicon_placeholder(fmt: str) -> Callable:
    def func(files, options):
        raise DataError(
            f"format {fmt!r} is a word lexicon: configure it under lexicons:, not datasets: "
            "(it is built by virality.data.build_lexicon)"
        )

    return func


for _fmt, _roles, _desc in (
    (
        "nrc_vad",
        ("lexicon",),
        "NRC-VAD lexicon v1 (Mohammad 2018): word, valence, arousal, dominance.",
    ),
    ("warriner", ("lexicon",), "Warriner et al. (2013) norms, rescaled (x - 1) / 8 to [0, 1]."),
    ("nrc_emotion", (), "NRC emotion lexicon shipped in the nrclex wheel: 10 0/1 emotion columns."),
):
    register(_fmt, tables=(), roles=_roles, lexicon=True, description=_desc)(
        _lexicon_placeholder(_fmt)
    )


def _finish_lexicon(df: pd.DataFrame, source: str, value_cols) -> pd.DataFrame:
    df = df.copy()
    original = df["word"].astype("string").str.strip()
    df["word"] = original.str.lower()
    # case variants ("AIDS"/"aids"): the entry already in lower case wins, else the first
    df = df.iloc[np.argsort((original != df["word"]).to_numpy(), kind="stable")]

    def at(i: int) -> str:  # the file's line of the i-th row here (df.index: the data row as read)
        row = int(df.index[i])
        return f"line {line_of(Path(source), row)}" if Path(source).is_file() else f"row {row + 1}"

    empty = df["word"].isna() | (df["word"] == "")
    if empty.any():
        raise DataError(f"{source}: {at(first_bad(empty))}: empty word")
    for c in value_cols:
        v = df[c].to_numpy(dtype=float)
        bad = ~np.isfinite(v) | (v < 0) | (v > 1)
        if bad.any():
            i = first_bad(bad)
            raise DataError(
                f"{source}: column {c!r}, {at(i)}: expected a score in [0, 1], got {v[i]!r}"
            )
    df = df.drop_duplicates("word", keep="first").sort_values("word", kind="mergesort")
    return df[["word", *value_cols]].reset_index(drop=True)


def _nrc_vad(files: Mapping[str, Path]) -> pd.DataFrame:
    path = files["lexicon"]
    df = read_csv_checked(
        path,
        required=["Word", "Valence", "Arousal", "Dominance"],
        sep="\t",
        dtype=str,
        keep_default_na=False,
        quoting=csv.QUOTE_NONE,
    )
    out = pd.DataFrame({"word": df["Word"]})
    for c in ("Valence", "Arousal", "Dominance"):
        out[c.lower()] = numeric(df[c], path, c)
    return _finish_lexicon(out, str(path), ("valence", "arousal", "dominance"))


def _warriner(files: Mapping[str, Path]) -> pd.DataFrame:
    path = files["lexicon"]
    cols = {"valence": "V.Mean.Sum", "arousal": "A.Mean.Sum", "dominance": "D.Mean.Sum"}
    df = read_csv_checked(path, required=["Word", *cols.values()], dtype=str, keep_default_na=False)
    out = pd.DataFrame({"word": df["Word"]})
    for k, c in cols.items():
        out[k] = (numeric(df[c], path, c) - 1.0) / 8.0
    return _finish_lexicon(out, str(path), tuple(cols))


def _nrc_emotion(files: Mapping[str, Path]) -> pd.DataFrame:
    res = importlib.resources.files("nrclex") / "data" / "nrc_en.json"
    data = json.loads(res.read_text(encoding="utf-8"))
    words = sorted(data)
    out = pd.DataFrame({"word": words})
    for emo in NRC_EMOTIONS:
        out[emo] = [1.0 if emo in data[w] else 0.0 for w in words]
    unknown = sorted({e for w in words for e in data[w]} - set(NRC_EMOTIONS))
    if unknown:
        raise DataError(f"{res}: unexpected emotion categories {', '.join(unknown)}")
    return _finish_lexicon(out, str(res), NRC_EMOTIONS)


_READERS = {"nrc_vad": _nrc_vad, "warriner": _warriner, "nrc_emotion": _nrc_emotion}


def build_lexicon(
    fmt: str, files: Mapping[str, Path], options: Mapping | None = None
) -> pd.DataFrame:
    """A word lexicon as a table: ``word`` (lower case, unique, sorted) plus scores in [0, 1].

    * ``nrc_vad``: NRC-VAD v1 (Mohammad 2018), tab-separated ``Word Valence Arousal Dominance`` →
      ``valence, arousal, dominance`` as published (already in [0, 1]).
    * ``warriner``: Warriner, Kuperman & Brysbaert (2013) CSV → ``V/A/D.Mean.Sum`` rescaled by (x - 1) / 8 from
      the 1..9 rating scale to [0, 1].
    * ``nrc_emotion``: the NRC Word-Emotion Association Lexicon (Mohammad & Turney 2013) as shipped in the
      ``nrclex`` wheel (``nrclex/data/nrc_en.json``; no files needed) → 0/1 columns ``anger, anticipation,
      disgust, fear, joy, negative, positive, sadness, surprise, trust``.

    Words are read as text (so "null" and "nan" stay words) and lower-cased; of case variants (Warriner has 10,
    e.g. "AIDS" and "aids") the entry already in lower case is kept.
    """
    if fmt not in _READERS:
        raise DataError(
            f"unknown lexicon format {fmt!r}; known formats: {', '.join(LEXICON_FORMATS)}"
        )
    return _READERS[fmt](files)
