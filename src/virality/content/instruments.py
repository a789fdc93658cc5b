"""Study C, instruments: every measure of a text's emotion, side by side, and the per-item measurement.

=========  ===========================================================================  ====================
instrument what it is                                                                   feature columns
=========  ===========================================================================  ====================
nrc        NRC emotion lexicon (Mohammad & Turney 2013), look-up by surface form then    positivity,
           simplemma lemma, our negation rule (:mod:`.text`), awe proxy                  emotionality, awe,
                                                                                         anger, anxiety, ...
vader      VADER (Hutto & Gilbert 2014; ``vaderSentiment``, lexicon and rules inside      ``<f>_vader``
           the wheel): positivity = compound score in [-1, 1]; emotionality = pos + neg
           (the share of the text's sentiment that is not neutral). VADER's own
           negation, booster, capitals, "but" and punctuation rules; our negation is not
           applied
liwc       a LIWC dictionary (``.dic``) its owner configures (format ``liwc_dic``, read   ``<f>_liwc``
           with the ``liwc`` package, matched with its wildcard trie): positivity = %
           positive − % negative emotion words, emotionality = their sum (Berger &
           Milkman's definitions), anger, anxiety, sadness = % of words. Words are
           counted as LIWC counts them (surface forms, no lemmatiser, no negation), as
           in the original
nrc_vad,   mean valence and arousal of rated words (:mod:`.text`)                      ``arousal_<n>``,
warriner                                                                                ``valence_<n>``
given      ``cov_<feature>`` columns of items without text (precomputed scores)          as nrc
=========  ===========================================================================  ====================
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import contracts
from ..files import DataError
from .text import BOUNDARY, PCT_FEATURES, Lexicons, feature_columns, score_words, tokenize

#: Features each extra instrument measures (column ``<feature>_<instrument>``).
INSTRUMENT_FEATURES = {
    "vader": ("positivity", "emotionality"),
    "liwc": ("positivity", "emotionality", "anger", "anxiety", "sadness"),
}
#: The LIWC categories behind our features, by key: the first one a dictionary has is used (LIWC 2001-2015
#: names, then LIWC-22's). Overridden by the config key ``content.liwc_categories``.
LIWC_CATEGORIES = {
    "positive": ("posemo", "emo_pos"),
    "negative": ("negemo", "emo_neg"),
    "anger": ("anger", "emo_anger"),
    "anxiety": ("anx", "emo_anx"),
    "sadness": ("sad", "emo_sad"),
}


def column(feature: str, instrument: str) -> str:
    """Column of ``feature`` as measured by ``instrument`` (``nrc`` and ``given`` columns have no suffix)."""
    return feature if instrument in ("nrc", "given") else f"{feature}_{instrument}"


def all_columns(vad_names: Sequence[str], vader: bool, liwc: bool) -> list[str]:
    """Every measurement column of the features table, in order (depends on the configuration only)."""
    cols = feature_columns(vad_names)
    for name, on in (("vader", vader), ("liwc", liwc)):
        if on:
            cols += [f"coverage_{name}", *(column(f, name) for f in INSTRUMENT_FEATURES[name])]
    return cols


@functools.lru_cache(maxsize=1)
def _vader_analyzer():
    """VADER's ``SentimentIntensityAnalyzer``, built once (it reads its lexicon files, ~0.1 s)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


class Vader:
    """VADER's ``SentimentIntensityAnalyzer`` (its lexicon ships in the wheel)."""

    def __init__(self) -> None:
        self.analyzer = _vader_analyzer()

    def score(self, text: str, words: Sequence[str]) -> tuple[dict[str, float], dict[str, bool]]:
        """``coverage_vader`` (share of our words in VADER's lexicon), ``positivity_vader`` (compound),
        ``emotionality_vader`` (pos + neg), and whether VADER scored any word (pos + neg > 0)."""
        s = self.analyzer.polarity_scores(text)
        real = [w for w in words if w != BOUNDARY]
        hits = sum(w in self.analyzer.lexicon for w in real)
        emo = float(s["pos"] + s["neg"])
        rec = {
            "coverage_vader": hits / len(real) if real else 0.0,
            "positivity_vader": float(s["compound"]),
            "emotionality_vader": emo,
        }
        return rec, {"positivity": emo > 0, "emotionality": emo > 0}


@dataclass
class Liwc:
    """A LIWC dictionary as a ``liwc`` character trie over the categories behind our features."""

    categories: dict[str, str]  # key of LIWC_CATEGORIES -> the dictionary's category used
    trie: dict
    _cache: dict = field(default_factory=dict, repr=False)

    def match(self, word: str) -> tuple[str, ...]:
        """Keys of :data:`LIWC_CATEGORIES` whose category ``word`` belongs to (LIWC's wildcard matching)."""
        hit = self._cache.get(word)
        if hit is None:
            from liwc import search_trie

            hit = tuple(search_trie(self.trie, word))
            self._cache[word] = hit
        return hit

    def score(self, words: Sequence[str]) -> tuple[dict[str, float], dict[str, bool]]:
        """% of words per category, positivity and emotionality, ``coverage_liwc``; scored flags."""
        counts: dict[str, int] = dict.fromkeys(LIWC_CATEGORIES, 0)
        n = matched = 0
        for w in words:
            if w == BOUNDARY:
                continue
            n += 1
            keys = self.match(w)
            matched += bool(keys)
            for k in keys:
                counts[k] += 1
        pct = 100.0 / n if n else 0.0
        pos, neg = counts["positive"], counts["negative"]
        rec = {"coverage_liwc": matched / n if n else 0.0}
        rec["positivity_liwc"] = (pos - neg) * pct
        rec["emotionality_liwc"] = (pos + neg) * pct
        flags = {"positivity": pos + neg > 0, "emotionality": pos + neg > 0}
        for k in ("anger", "anxiety", "sadness"):
            found = k in self.categories
            rec[f"{k}_liwc"] = counts[k] * pct if found else np.nan
            flags[k] = counts[k] > 0
        return rec, flags


def make_liwc(
    table: pd.DataFrame, name: str, categories: Mapping[str, Sequence[str]] | None = None
) -> Liwc:
    """A :class:`Liwc` from a ``liwc_dic`` lexicon table (``word`` = the dictionary's pattern, one 0/1
    column per category). Positive and negative emotion categories are required (a :class:`DataError`
    naming the lexicon and its categories otherwise); anger, anxiety and sadness are optional (NaN)."""
    from liwc import build_trie

    wanted = {k: tuple(v) for k, v in (categories or LIWC_CATEGORIES).items()}
    have = [c for c in table.columns if c != "word"]
    chosen = {}
    for key, names in wanted.items():
        found = next((c for c in names if c in have), None)
        if found is not None:
            chosen[key] = found
        elif key in ("positive", "negative"):
            raise DataError(
                f"lexicon {name!r}: no {key} emotion category among {', '.join(names)} "
                f"(its categories: {', '.join(have) or 'none'}); set content.liwc_categories"
            )
    flags = {k: table[c].to_numpy(dtype=float) > 0 for k, c in chosen.items()}
    lexicon = {}
    for i, pattern in enumerate(table["word"].astype(str)):
        keys = [k for k in chosen if flags[k][i]]
        if keys:
            lexicon[pattern] = keys
    return Liwc(chosen, build_trie(lexicon))


@dataclass
class Measures:
    """Everything that scores a text: the NRC/VAD lexicons, VADER (``None`` = off) and LIWC (``None`` = not
    available; ``liwc_configured`` keeps its columns, NaN, when configured but unavailable)."""

    lex: Lexicons
    vader: Vader | None = None
    liwc: Liwc | None = None
    liwc_configured: bool = False

    def columns(self) -> list[str]:
        return all_columns(self.lex.vad_names, self.vader is not None, self.liwc_configured)


def item_text(items: pd.DataFrame) -> pd.Series | None:
    """``title`` and ``text`` joined by a full stop, or ``None`` if the items carry neither."""
    cols = [c for c in ("title", "text") if c in items.columns]
    if not cols:
        return None
    parts = [items[c].astype("string").fillna("").astype(object) for c in cols]
    joined = parts[0]
    for p in parts[1:]:
        joined = joined.str.cat(p, sep=" . ")
    return joined


#: Columns of :func:`extract_features`'s coverage table: ``content_coverage`` without dataset, synthetic.
COVERAGE_COLUMNS = contracts.columns("content_coverage")[2:]


def _coverage(counts: Mapping, n_items: int, lemmatised: Mapping[str, bool]) -> pd.DataFrame:
    """Coverage rows from ``(instrument, feature) -> [scored, scored before the lemmatiser]``."""
    rows = [
        {
            "instrument": inst,
            "feature": feat,
            "n_items": n_items,
            "share_scored": c[0] / n_items if n_items else np.nan,
            "share_scored_surface": c[1] / n_items if n_items else np.nan,
            "lemmatised": lemmatised[inst],
        }
        for (inst, feat), c in counts.items()
    ]
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def _score_texts(texts: Sequence[str], m: Measures) -> tuple[list[dict], pd.DataFrame]:
    """Feature records of each text and the coverage table of all of them."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    lemmatised = {"nrc": True, "vader": False, "liwc": False, **dict.fromkeys(m.lex.vad, True)}
    records = []
    for text in texts:
        words = tokenize(text)
        rec, after, before = score_words(words, m.lex)
        tallies = []
        for f, hit in after.items():
            inst, feat = (
                (f[len("arousal_") :], "valence/arousal")
                if f.startswith("arousal_")
                else ("nrc", f)
            )
            tallies.append(((inst, feat), hit, before[f]))
        for name, scorer in (("vader", m.vader), ("liwc", m.liwc)):
            if scorer is None:
                continue
            more, flags = scorer.score(text, words) if name == "vader" else scorer.score(words)
            rec.update(more)
            tallies += [((name, f), hit, hit) for f, hit in flags.items()]
        for key, a, b in tallies:
            c = counts[key]
            c[0] += a
            c[1] += b
        records.append(rec)
    return records, _coverage(counts, len(records), lemmatised)


def extract_features(items: pd.DataFrame, m: Measures) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per item (``item_id``, ``feature_source``, :meth:`Measures.columns`) and the coverage table
    (share of items with at least one scored word, per instrument and feature, after and before the
    lemmatiser).

    Text (``title``/``text``) is scored by every instrument. Items without text but with ``cov_<feature>``
    columns take those as given (coverage NaN). Items with neither give zero rows.
    """
    cols = m.columns()
    text = item_text(items)
    given = [f for f in PCT_FEATURES if f"cov_{f}" in items.columns]
    coverage = pd.DataFrame(columns=COVERAGE_COLUMNS)
    if text is not None:
        recs, coverage = _score_texts(text.tolist(), m)
        df = pd.DataFrame.from_records(recs, columns=cols)
        source = "lexicon"
    elif given:
        df = pd.DataFrame({c: np.full(len(items), np.nan) for c in cols})
        for f in given:
            df[f] = items[f"cov_{f}"].to_numpy(dtype=float)
        source = "given"
    else:
        return pd.DataFrame(columns=["item_id", "feature_source", *cols]), coverage
    df.insert(0, "feature_source", source)
    df.insert(0, "item_id", items["item_id"].astype(str).to_numpy())
    return df, coverage
