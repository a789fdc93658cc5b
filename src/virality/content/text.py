"""Study C, measurement: words of a text and their lexicon scores (Berger & Milkman 2012, with open lexicons).

Berger & Milkman scored New York Times articles with LIWC (positivity, emotionality) and human coders (awe,
anger, anxiety, sadness, surprise). Here (instrument ``nrc``) every feature is a percentage of words from the
NRC emotion lexicon (Mohammad & Turney 2013) after our own negation rule, modelled on VADER's (Hutto &
Gilbert 2014) and applied only because these lexicons have no negation rules of their own, plus mean valence
and arousal from VAD norms (NRC-VAD, Mohammad 2018; Warriner, Kuperman & Brysbaert 2013, rescaled (x-1)/8).
A word is looked up as written, then by its simplemma lemma (the Warriner norms and most NRC entries are
lemmas). Awe is our own proxy: :data:`AWE_SEED` words, or NRC positive+surprise words of high arousal
(Keltner & Haidt 2003). VADER and LIWC are in :mod:`.instruments`. Licences: NRC emotion and NRC-VAD free for
research and non-commercial use; Warriner CC BY-NC-ND 3.0.
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..canonical import NRC_EMOTIONS

#: Features computed from text, in table order.
PCT_FEATURES = (
    "positivity",
    "emotionality",
    "awe",
    "anger",
    "anxiety",
    "sadness",
    "joy",
    "surprise",
)
#: NRC emotion behind each discrete emotion feature.
NRC_EMOTION_OF = {
    "anger": "anger",
    "anxiety": "fear",
    "sadness": "sadness",
    "joy": "joy",
    "surprise": "surprise",
}

#: Awe seed words (our own hand-made list).
AWE_SEED = frozenset(
    "awe awed awesome awestruck amazing amazed astonishing astonished astounding breathtaking wonder wondrous "
    "marvel marvelous marvellous majestic magnificent spectacular stunning incredible extraordinary sublime "
    "miracle miraculous epic".split()
)
NEGATORS = frozenset(
    "not no never nor neither none nobody nothing nowhere cannot without hardly barely scarcely seldom rarely "
    "dont doesnt didnt isnt arent wasnt werent cant couldnt wont wouldnt shouldnt hasnt havent hadnt aint "
    "mustnt neednt".split()
)
VADER_NEGATION_SCALAR = 0.74  # Hutto & Gilbert (2014), VADER's N_SCALAR
CLAUSE_END = frozenset(".,;:!?")
BOUNDARY = "\x00"

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WORD = re.compile(r"^[^\W\d_]+(?:'[^\W\d_]+)*$")
_SPLIT = re.compile(r"[-_/]+")
_tokenizer = None


def _tweet_tokenizer():
    global _tokenizer
    if _tokenizer is None:
        from nltk.tokenize import TweetTokenizer

        _tokenizer = TweetTokenizer(preserve_case=False, reduce_len=True, strip_handles=True)
    return _tokenizer


def tokenize(text: object) -> list[str]:
    """Words of ``text`` in order, with :data:`BOUNDARY` marking clause ends.

    HTML entities unescaped, URLs removed, then nltk's ``TweetTokenizer`` (lower case, handles stripped, runs
    of 3+ letters shortened to 3); tokens split on ``-_/``, a leading ``#`` dropped; a word is letters with
    optional inner apostrophes. A run of ``.,;:!?`` ends a clause. ``None``, NaN, non-strings give ``[]``.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    text = _URL.sub(" ", html.unescape(text)).replace("\u2019", "'").replace("\u2018", "'")
    out: list[str] = []
    for tok in _tweet_tokenizer().tokenize(text):
        if tok and all(c in CLAUSE_END for c in tok):
            if out and out[-1] != BOUNDARY:
                out.append(BOUNDARY)
            continue
        for part in _SPLIT.split(tok.lstrip("#")):
            part = part.strip("'")
            if part and _WORD.match(part):
                out.append(part)
    return out


@functools.lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """English lemma of ``word`` from simplemma (Barbaresi 2023; data inside the wheel, works offline):
    ``cries`` → ``cry``, ``terrified`` → ``terrify``, ``feet`` → ``foot``; unknown words come back as given."""
    import simplemma

    return simplemma.lemmatize(word, lang="en")


def lookup(word: str, table: Mapping[str, object], lemmas: bool = True) -> object | None:
    """Entry of ``word`` in ``table``, else (``lemmas``) of its simplemma :func:`lemma`. The surface form
    comes first, so a word that is an entry of its own (``better``) is not read as its lemma (``good``);
    the Warriner norms and most NRC entries are lemmas, which the second look-up reaches."""
    hit = table.get(word)
    if hit is None and lemmas:
        base = lemma(word)
        if base != word:
            hit = table.get(base)
    return hit


def is_negator(word: str) -> bool:
    """``not``, ``never``, ``without``, ... (:data:`NEGATORS`, also spelled without apostrophe) or ``*n't``."""
    return word in NEGATORS or word.endswith("n't")


@dataclass
class Lexicons:
    """Word look-up tables: NRC emotions (word → frozenset of categories) and VAD (name → word → (v, a))."""

    emotion: dict[str, frozenset[str]] = field(default_factory=dict)
    vad: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)
    vad_names: tuple[str, ...] = ()  # configured VAD lexicons, in output order (present or not)
    awe_min_arousal: float = 0.6
    negation_window: int = 3
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def awe_vad(self) -> str | None:
        """The first configured VAD lexicon that is available: it sets the arousal condition of awe."""
        return next((n for n in self.vad_names if n in self.vad), None)


#: The ten NRC emotion-lexicon categories (the lexicon table's 0/1 columns, built by the adapter).
EMOTION_COLUMNS = NRC_EMOTIONS


def make_lexicons(
    emotion: pd.DataFrame | None,
    vad: Mapping[str, pd.DataFrame | None],
    vad_names: Sequence[str] | None = None,
    awe_min_arousal: float = 0.6,
    negation_window: int = 3,
) -> Lexicons:
    """Build look-ups from lexicon tables.

    ``emotion``: columns ``word`` and 0/1 columns of :data:`EMOTION_COLUMNS` (any subset). ``vad``: name →
    table with ``word``, ``valence``, ``arousal`` in [0, 1] (``None`` = configured but unavailable).
    """
    emo: dict[str, frozenset[str]] = {}
    if emotion is not None and len(emotion):
        cols = [c for c in EMOTION_COLUMNS if c in emotion.columns]
        words = emotion["word"].astype(str).str.lower().to_numpy()
        flags = emotion[cols].to_numpy(dtype=float) > 0
        for w, row in zip(words, flags, strict=True):
            cats = frozenset(c for c, f in zip(cols, row, strict=True) if f)
            if cats:
                emo[w] = cats | emo.get(w, frozenset())
    vads: dict[str, dict[str, tuple[float, float]]] = {}
    for name, df in vad.items():
        if df is None:
            continue
        d = df.dropna(subset=["valence", "arousal"])
        vads[name] = dict(
            zip(
                d["word"].astype(str).str.lower(),
                zip(d["valence"].astype(float), d["arousal"].astype(float), strict=True),
                strict=True,
            )
        )
    names = tuple(vad_names) if vad_names is not None else tuple(vad)
    return Lexicons(emo, vads, names, float(awe_min_arousal), int(negation_window))


def nrc_emotion_from_json(mapping: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """The nrclex wheel's ``nrc_en.json`` (word → list of categories) as a lexicon table (for tests/tools)."""
    words = sorted(mapping)
    data = {"word": words}
    for c in EMOTION_COLUMNS:
        data[c] = [int(c in mapping[w]) for w in words]
    return pd.DataFrame(data)


def feature_columns(vad_names: Sequence[str]) -> list[str]:
    """Columns of :func:`text_features` (the NRC and VAD instruments), in order."""
    cols = ["n_words", "n_negated", "coverage_nrc_emotion"]
    cols += [f"coverage_{n}" for n in vad_names]
    cols += list(PCT_FEATURES)
    for n in vad_names:
        cols += [f"arousal_{n}", f"valence_{n}"]
    return cols


@dataclass
class _Tally:
    """Running counts of one text: category counts, VAD sums ``[valence, arousal, words]`` per lexicon."""

    counts: dict[str, int]
    vsum: dict[str, list]
    n_words: int = 0
    n_neg: int = 0
    n_emo: int = 0
    surface: set[str] = field(default_factory=set)  # features scored by a word's surface form alone


def _entries(
    w: str, lex: Lexicons, lemmas: bool
) -> tuple[frozenset[str], dict[str, tuple[float, float] | None]]:
    """NRC categories and VAD ratings of ``w``, by surface form then (``lemmas``) lemma (cached)."""
    key = (w, lemmas)
    cached = lex._cache.get(key)
    if cached is None:
        emo = lookup(w, lex.emotion, lemmas) or frozenset()
        vads = {n: lookup(w, t, lemmas) for n, t in lex.vad.items()}
        cached = (emo, vads)
        lex._cache[key] = cached
    return cached


def _is_awe(w: str, emo: frozenset[str], vads: Mapping, lex: Lexicons, awe_vad: str | None) -> bool:
    """Awe proxy: a seed word, or an NRC positive+surprise word with arousal >= ``lex.awe_min_arousal``
    in ``awe_vad`` (the arousal condition is dropped when no VAD lexicon is available)."""
    if w in AWE_SEED:
        return True
    if "positive" in emo and "surprise" in emo:
        if awe_vad is None:
            return True
        va = vads.get(awe_vad)
        return va is not None and va[1] >= lex.awe_min_arousal
    return False


def _surface_hits(w: str, negated: bool, lex: Lexicons, awe_vad: str | None, t: _Tally) -> None:
    """Features ``w`` scores when looked up as written (no lemma): the coverage before the lemmatiser."""
    emo, vads = _entries(w, lex, False)
    if "positive" in emo or "negative" in emo:
        t.surface.add("positivity")
    if not negated:
        t.surface.update(feat for feat, cat in NRC_EMOTION_OF.items() if cat in emo)
        if _is_awe(w, emo, vads, lex, awe_vad):
            t.surface.add("awe")
    t.surface.update(f"arousal_{n}" for n, va in vads.items() if va is not None)


def _score_word(
    w: str, negated: bool, lex: Lexicons, awe_vad: str | None, t: _Tally, lemmas: bool
) -> None:
    """Add one word to ``t``: a negated word swaps positive/negative, counts for no discrete emotion or
    awe, and has its valence flipped around 0.5 with VADER's damping ``v' = 0.5 - 0.74 (v - 0.5)``
    (arousal unchanged)."""
    emo, vads = _entries(w, lex, lemmas)
    counts = t.counts
    if emo:
        t.n_emo += 1
        pos, neg = "positive" in emo, "negative" in emo
        if negated:
            pos, neg = neg, pos
        counts["positive"] += pos
        counts["negative"] += neg
        if not negated:
            for feat, cat in NRC_EMOTION_OF.items():
                counts[feat] += cat in emo
    rated = False
    for n, va in vads.items():
        if va is None:
            continue
        rated = True
        v, a = va
        if negated:
            v = 0.5 - VADER_NEGATION_SCALAR * (v - 0.5)
        acc = t.vsum[n]
        acc[0] += v
        acc[1] += a
        acc[2] += 1
    awe = not negated and _is_awe(w, emo, vads, lex, awe_vad)
    counts["awe"] += awe
    if lemmas and (emo or rated or awe):
        _surface_hits(w, negated, lex, awe_vad, t)


def _tally(words: Sequence[str], lex: Lexicons, lemmas: bool = True) -> _Tally:
    """Score ``words``: a negator (:func:`is_negator`) negates the next ``lex.negation_window`` words of its
    clause (our rule, after VADER's; the NRC and VAD lexicons have no negation rules of their own); the
    negator itself is a word but is not scored. ``lemmas``: look words up by lemma when the surface form
    is not an entry (False gives the coverage before the lemmatiser)."""
    t = _Tally(
        dict.fromkeys(("positive", "negative", "awe", *NRC_EMOTION_OF), 0),
        {n: [0.0, 0.0, 0] for n in lex.vad},
    )
    awe_vad = lex.awe_vad
    window = 0
    for w in words:
        if w == BOUNDARY:
            window = 0
            continue
        t.n_words += 1
        if is_negator(w):
            window = lex.negation_window
            continue
        negated = window > 0
        window = max(window - 1, 0)
        t.n_neg += negated
        _add_effect(t, _word_effect(w, negated, lex, awe_vad, lemmas))
    return t


def _word_effect(w: str, negated: bool, lex: Lexicons, awe_vad: str | None, lemmas: bool) -> tuple:
    """What :func:`_score_word` adds to a tally for ``w`` (negated or not), measured once on an empty
    tally and cached on ``lex``: (emotion words, the counts it raises, the (lexicon, valence, arousal,
    words) it adds, the surface features). The sums are kept in order, so the same floats result."""
    key = (w, lemmas, negated)  # three items: no clash with the (word, lemmas) entries of _entries
    hit = lex._cache.get(key)
    if hit is None:
        e = _Tally(dict.fromkeys(("positive", "negative", "awe", *NRC_EMOTION_OF), 0), {})
        e.vsum = {n: [0.0, 0.0, 0] for n in lex.vad}
        _score_word(w, negated, lex, awe_vad, e, lemmas)
        hit = (
            e.n_emo,
            tuple((k, c) for k, c in e.counts.items() if c),
            tuple((n, *acc) for n, acc in e.vsum.items() if acc[2]),
            frozenset(e.surface),
        )
        lex._cache[key] = hit
    return hit


def _add_effect(t: _Tally, effect: tuple) -> None:
    """Add a :func:`_word_effect` to ``t``, in :func:`_score_word`'s order."""
    n_emo, counts, vads, surface = effect
    t.n_emo += n_emo
    for k, c in counts:
        t.counts[k] += c
    for n, v, a, k in vads:
        acc = t.vsum[n]
        acc[0] += v
        acc[1] += a
        acc[2] += k
    if surface:
        t.surface |= surface


def scored(t: _Tally, lex: Lexicons) -> dict[str, bool]:
    """Which features of one text rest on at least one scored word: ``<feature>`` for the NRC features
    (positivity and emotionality: a positive or negative word) and ``arousal_<lexicon>`` for a rated word."""
    c = t.counts
    out = {"positivity": c["positive"] + c["negative"] > 0}
    out["emotionality"] = out["positivity"]
    out.update({f: c[f] > 0 for f in ("awe", *NRC_EMOTION_OF)})
    out.update({f"arousal_{n}": s[2] > 0 for n, s in t.vsum.items()})
    return out


def _features(t: _Tally, lex: Lexicons) -> dict[str, float]:
    """The feature record of a tally (see :func:`text_features`)."""
    counts, vsum, n_words, n_emo = t.counts, t.vsum, t.n_words, t.n_emo
    out: dict[str, float] = {"n_words": float(n_words), "n_negated": float(t.n_neg)}
    pct = 100.0 / n_words if n_words else 0.0
    out["coverage_nrc_emotion"] = n_emo / n_words if n_words else 0.0
    for n in lex.vad_names:
        if n in lex.vad:
            out[f"coverage_{n}"] = vsum[n][2] / n_words if n_words else 0.0
        else:
            out[f"coverage_{n}"] = math.nan
    out["positivity"] = (counts["positive"] - counts["negative"]) * pct
    out["emotionality"] = (counts["positive"] + counts["negative"]) * pct
    out["awe"] = counts["awe"] * pct
    for feat in NRC_EMOTION_OF:
        out[feat] = counts[feat] * pct
    for n in lex.vad_names:
        s = vsum.get(n)
        ok = s is not None and s[2] > 0
        out[f"arousal_{n}"] = s[1] / s[2] if ok else math.nan
        out[f"valence_{n}"] = s[0] / s[2] if ok else math.nan
    return out


def score_words(
    words: Sequence[str], lex: Lexicons
) -> tuple[dict[str, float], dict[str, bool], dict[str, bool]]:
    """Features of tokenised words (:func:`text_features`) with the :func:`scored` flags after and before
    the lemmatiser (surface forms only)."""
    t = _tally(words, lex, lemmas=True)
    after = scored(t, lex)
    before = {f: f in t.surface for f in after}
    before["emotionality"] = before["positivity"]
    return _features(t, lex), after, before


def text_features(text: object, lex: Lexicons) -> dict[str, float]:
    """Features of one text (:func:`feature_columns`): positivity = % positive − % negative words,
    emotionality = % positive + % negative (Berger & Milkman's LIWC definitions), % of words per emotion
    (anxiety = NRC fear) and awe, mean valence/arousal and share of rated words per VAD lexicon, share of
    words with an NRC association. A text without words (or in another language) gives coverage 0, every %
    feature 0 and the means NaN, not an error; a configured but unavailable lexicon gives NaN."""
    return _features(_tally(tokenize(text), lex), lex)
