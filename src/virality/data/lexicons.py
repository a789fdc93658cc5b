"""Word lexicons for Study C (config section ``lexicons:``): NRC-VAD (Mohammad 2018), Warriner, Kuperman &
Brysbaert (2013), the NRC emotion lexicon (Mohammad & Turney 2013) and a LIWC dictionary its owner supplies
(Pennebaker et al.; ``.dic`` format, read with the ``liwc`` package) → ``word`` + scores in [0, 1].
"""

from __future__ import annotations

import csv
import importlib.resources
import json
import locale
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..canonical import NRC_EMOTIONS
from ..files import DataError, read_csv_checked
from . import register
from .helpers import first_bad, line_of, numeric

LEXICON_FORMATS = ("nrc_vad", "warriner", "nrc_emotion", "liwc_dic")


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
    (
        "liwc_dic",
        ("lexicon",),
        "A LIWC dictionary in the .dic format (not shipped; bring your own): one 0/1 column per category.",
    ),
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


def _nrc_vad(files: Mapping[str, Path], options: Mapping) -> pd.DataFrame:
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


def _warriner(files: Mapping[str, Path], options: Mapping) -> pd.DataFrame:
    path = files["lexicon"]
    cols = {"valence": "V.Mean.Sum", "arousal": "A.Mean.Sum", "dominance": "D.Mean.Sum"}
    df = read_csv_checked(path, required=["Word", *cols.values()], dtype=str, keep_default_na=False)
    out = pd.DataFrame({"word": df["Word"]})
    for k, c in cols.items():
        out[k] = (numeric(df[c], path, c) - 1.0) / 8.0
    return _finish_lexicon(out, str(path), tuple(cols))


def _nrc_emotion(files: Mapping[str, Path], options: Mapping) -> pd.DataFrame:
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


_DIC_FORMAT = (
    "a LIWC .dic file is a '%' line, 'number<TAB>category' lines, a second '%' line, then "
    "'word<TAB>number<TAB>number...' lines"
)


def _dic_error(path: Path, line: int, what: str) -> DataError:
    return DataError(f"{path}: line {line}: {what} ({_DIC_FORMAT})")


def _check_dic(lines: list[str], path: Path) -> None:
    """Check the ``.dic`` structure, naming the line of the first problem (the ``liwc`` package would
    skip a category line without a tab and stop with a bare ``KeyError`` on an undeclared number)."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank or lines[nonblank[0]].strip() != "%":
        raise _dic_error(path, nonblank[0] + 1 if nonblank else 1, "expected '%'")
    ids: set[str] = set()
    k = nonblank[0] + 1
    while k < len(lines) and lines[k].strip() != "%":
        line = lines[k].strip()
        num, tab, name = line.partition("\t")
        if line and (not tab or not name.strip() or not num.strip()):
            raise _dic_error(path, k + 1, f"expected 'number<TAB>category', got {line!r}")
        ids.add(num.strip())
        k += 1
    if k == len(lines) or not ids - {""}:
        raise _dic_error(path, k, "no category list closed by a second '%' line")
    for i in range(k + 1, len(lines)):
        line = lines[i].strip()
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            raise _dic_error(path, i + 1, f"expected 'word<TAB>number', got {line!r}")
        for j, num in enumerate(fields[1:], start=2):
            if num not in ids:
                hint = " (LIWC2007's conditional entries are not supported)" if "(" in num else ""
                raise _dic_error(
                    path, i + 1, f"field {j}: category number {num!r} is not declared{hint}"
                )


def _liwc_dic(files: Mapping[str, Path], options: Mapping) -> pd.DataFrame:
    """A LIWC ``.dic`` dictionary → ``word`` (the pattern, ``*`` = any ending) + one 0/1 column per
    category (lower-cased name). Read in ``params.encoding`` (default UTF-8, with or without a BOM), checked
    line by line, then parsed by ``liwc.read_dic`` from a normalised copy."""
    import liwc

    path = Path(files["lexicon"])
    encoding = (options.get("params") or {}).get("encoding", "utf-8-sig")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"{path}: line {line}: not valid {encoding} text; set params: {{encoding: latin-1}} "
            "(or the file's encoding) in the lexicon's config entry"
        ) from exc
    except LookupError as exc:
        raise DataError(f"{path}: unknown encoding {encoding!r} (params.encoding)") from exc
    lines = text.splitlines()
    _check_dic(lines, path)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "lexicon.dic"
        try:
            copy.write_text("\n".join(lines) + "\n", encoding=locale.getpreferredencoding(False))
        except UnicodeEncodeError as exc:
            raise DataError(
                f"{path}: holds characters the locale's encoding cannot hold; run with a UTF-8 locale"
            ) from exc
        lexicon, names = liwc.read_dic(str(copy))
    cats = [str(n).strip().lower() for n in names]
    dup = sorted({c for c in cats if cats.count(c) > 1} | ({"word"} & set(cats)))
    if dup:
        raise DataError(f"{path}: category name(s) {', '.join(dup)} repeated or reserved")
    pats = sorted(p for p in lexicon if p.strip())
    out = pd.DataFrame({"word": pats})
    for name, col in zip(names, cats, strict=True):
        out[col] = [1.0 if name in lexicon[p] else 0.0 for p in pats]
    return _finish_lexicon(out, str(path), tuple(cats))


_READERS = {
    "nrc_vad": _nrc_vad,
    "warriner": _warriner,
    "nrc_emotion": _nrc_emotion,
    "liwc_dic": _liwc_dic,
}


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
    * ``liwc_dic``: a LIWC dictionary in the ``.dic`` format (none is shipped: LIWC is licensed to its
      owners), parsed by the ``liwc`` package → the pattern as ``word`` (``happ*`` matches any word starting
      with "happ") and one 0/1 column per category; ``params: {encoding: ...}`` if it is not UTF-8.

    Words are read as text (so "null" and "nan" stay words) and lower-cased; of case variants (Warriner has 10,
    e.g. "AIDS" and "aids") the entry already in lower case is kept.
    """
    if fmt not in _READERS:
        raise DataError(
            f"unknown lexicon format {fmt!r}; known formats: {', '.join(LEXICON_FORMATS)}"
        )
    return _READERS[fmt](files, options or {})
