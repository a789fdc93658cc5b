"""Study C: content-emotion features of viral content, after Berger & Milkman (JMR 2012).

Berger, J. and Milkman, K. L. (2012). What makes online content viral? *Journal of Marketing Research*
49(2): 192-205, doi:10.1509/jmr.10.0353. The paper regresses whether a New York Times article made the
"most e-mailed" list on standardised content features (LIWC positivity and emotionality; human-coded awe,
anger, anxiety, sadness, surprise) plus controls (home-page exposure, section, length, author, ...) and reports
the change in the odds per standard deviation (Table 4). This module rebuilds the measurement with open lexicons
and the model with statsmodels / scikit-learn.

Measurement (per item; the text is ``title`` and ``text`` joined), word by word
-------------------------------------------------------------------------------------------------------------
* **Tokens** (:func:`tokenize`): HTML entities unescaped (``&amp;`` → ``&``), URLs removed, then nltk's
  ``TweetTokenizer`` (lower case, user handles stripped, runs of 3+ repeated letters shortened to 3); tokens
  are split on ``-``, ``_`` and ``/`` (URL slugs, hashtag-like compounds), a leading ``#`` is dropped, and
  a token is a **word** if it consists of letters with optional inner apostrophes (``don't``); digits and
  punctuation are not words. Punctuation ``. , ; : ! ?`` (and emoji-free symbol runs of them) ends a clause.
* **Lexicon look-up** (:func:`lookup`): the word itself, else (in this order) the word without a
  possessive ``'s``, ``-ies`` → ``-y``, without ``-es``, without ``-s``, without ``-ed``, without ``-d``,
  without ``-ing``, ``-ing`` → ``-e``; the first form found in the lexicon counts. This stands in for a
  lemmatiser (nltk's WordNet lemmatiser needs data that cannot be downloaded offline).
* **Negation** (VADER-like, Hutto & Gilbert 2014): a negator (``not``, ``no``, ``never``, ``nor``,
  ``neither``, ``none``, ``nobody``, ``nothing``, ``nowhere``, ``cannot``, ``without``, ``hardly``,
  ``barely``, ``scarcely``, ``seldom``, ``rarely`` and every word ending in ``n't`` or spelled without the
  apostrophe such as ``dont``) negates the next ``negation_window`` (default 3) words of the same clause.
  A negated word swaps its NRC ``positive``/``negative`` association, does not count for a discrete emotion
  (``not angry`` is not anger), and its valence is flipped around the scale midpoint with VADER's damping
  constant 0.74: ``v' = 0.5 - 0.74 (v - 0.5)``; arousal is unchanged.
* **positivity** = % positive words − % negative words; **emotionality** = % positive + % negative words,
  the definitions Berger & Milkman used with LIWC's posemo/negemo (percent of all words); here positive and
  negative words are the NRC emotion lexicon's ``positive``/``negative`` associations after negation.
* **anger**, **anxiety**, **sadness**, **joy**, **surprise**: % of words associated with NRC ``anger``,
  ``fear`` (our measure of anxiety), ``sadness``, ``joy``, ``surprise`` (negated words not counted).
* **awe** (OUR OWN PROXY: no lexicon codes awe, and Berger & Milkman had it human-coded): % of words that are
  either in :data:`AWE_SEED` (a short hand-made list of awe words) or are NRC ``positive`` and ``surprise``
  words with arousal >= ``awe_min_arousal`` (default 0.6) in the first available VAD lexicon (NRC-VAD by
  default), i.e. high-arousal positive surprise, after Keltner & Haidt's (2003) "vastness and accommodation".
  Without any VAD lexicon the arousal condition is dropped (logged).
* **arousal_<lex>**, **valence_<lex>**: mean rating (0..1) of the words rated in the VAD lexicon ``<lex>``
  (``nrc_vad``: Mohammad 2018; ``warriner``: Warriner, Kuperman & Brysbaert 2013 rescaled (x-1)/8);
  **coverage_<lex>** = share of words rated. **coverage_nrc_emotion** = share of words with at least one NRC
  association. A text with no words (empty, only digits or punctuation) gives ``n_words = 0``, coverage 0,
  every % feature 0 and the means NaN; a text in another language gives coverage 0 the same way. Neither is
  an error.

Lexicon licences: NRC emotion and NRC-VAD are free for research and non-commercial use; the Warriner norms are
CC BY-NC-ND 3.0 (non-commercial).

Data sets that carry the features already as ``cov_<feature>`` columns (the synthetic NYT-like articles of
:func:`virality.synth.nyt_like`) are used as given (``feature_source = "given"``).

Outcome, controls, models
-------------------------
* **viral** = outcome above its 90th percentile (top decile, strict ``>``), for data whose counts were read
  at collection time (Trump tweets) within each calendar month of ``start_time`` (``viral_within``), since a
  2009 tweet and a 2017 tweet met audiences a hundred times apart; a binary outcome is used as is;
  a fixed cut (``outcome >= cut``, 1,400 shares for the UCI Mashable data, Fernandes et al. 2015) is a
  robustness check.
* **Controls** = the data set's ``cov_*`` columns except the features themselves and the data's own sentiment
  measures (``control_exclude`` regex). 0/1 columns are kept if each value occurs at least ``min_dummy``
  times; a skewed (skewness > 1) positive column is logged (``log``, or ``log1p`` if it has zeros); others are
  standardised. Columns that are linearly dependent on earlier ones (e.g. the seventh weekday dummy) are dropped
  (rank check). If the items carry ``start_time``, a natural cubic spline of the date (``date_spline_df``
  degrees of freedom) is added: counts read at collection time depend on the item's age. No real data set
  has Berger & Milkman's home-page exposure; :func:`fit_models` drops ``exposure_controls`` in an extra model
  to show, on synthetic data, how much omitting it biases the estimates.
* **Logit** (statsmodels formula API) of viral on the z-scored features (ddof 1), with and without controls,
  robust (``HC1``) standard errors; reported as odds ratio per s.d. ``exp(b)`` with the 95% Wald interval
  ``exp(b ± 1.96 se)``, as in Berger & Milkman's Table 4. **OLS** of ``log(1 + outcome)`` (count outcomes)
  with HC1 errors as a second view (``exp(b)`` = multiplicative change of ``1 + outcome`` per s.d.).
* **Prediction**: scikit-learn ``LogisticRegression`` on standardised inputs, stratified k-fold ROC AUC with
  controls only, emotion features only, and both.
"""

from __future__ import annotations

import html
import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .canonical import NRC_EMOTIONS

log = logging.getLogger("virality.content")

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
#: Features of the joint model (Berger & Milkman 2012: emotionality, positivity, the coded emotions).
MODEL_FEATURES = ("positivity", "emotionality", "awe", "anger", "anxiety", "sadness", "surprise")
#: Direction and odds ratio per s.d. of Berger & Milkman (2012). The directions are stated in the JMR abstract
#: (verified); the sizes are as reported in secondary sources and not confirmed against the paper's tables
#: (see paper/published.yaml for the status of each).
PUBLISHED = {
    "awe": (+1, 1.30),
    "anger": (+1, 1.34),
    "anxiety": (+1, 1.21),
    "sadness": (-1, 0.84),
    "positivity": (+1, 1.13),
    "emotionality": (+1, 1.18),
    "surprise": (+1, 1.14),
}
#: Awe seed words (our own list; see the module docstring).
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
DEFAULT_EXCLUDE = r"(?i)(polarity|subjectivity|sentiment|rate_positive|rate_negative|positive_words|negative_words)"

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
    """Words of ``text`` in order, with :data:`BOUNDARY` marking clause ends (see the module docstring).

    ``None``, NaN and non-strings give ``[]``.
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


def _candidates(w: str) -> Iterable[str]:
    yield w
    n = len(w)
    if w.endswith("'s"):
        yield w[:-2]
    if w.endswith("ies") and n > 4:
        yield w[:-3] + "y"
    if w.endswith("es") and n > 3:
        yield w[:-2]
    if w.endswith("s") and not w.endswith("ss") and n > 3:
        yield w[:-1]
    if w.endswith("ed") and n > 4:
        yield w[:-2]
        yield w[:-1]
    if w.endswith("ing") and n > 5:
        yield w[:-3]
        yield w[:-3] + "e"


def lookup(word: str, table: Mapping[str, object]) -> object | None:
    """Entry of ``word`` in ``table`` or of its first inflection-stripped form found (module docstring)."""
    for c in _candidates(word):
        if c in table:
            return table[c]
    return None


def is_negator(word: str) -> bool:
    return word in NEGATORS or word.endswith("n't")


# --------------------------------------------------------------------------------------------------
# lexicons


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


# --------------------------------------------------------------------------------------------------
# features


def feature_columns(vad_names: Sequence[str]) -> list[str]:
    """Feature and coverage columns of :func:`text_features`, in order."""
    cols = ["n_words", "n_negated", "coverage_nrc_emotion"]
    cols += [f"coverage_{n}" for n in vad_names]
    cols += list(PCT_FEATURES)
    for n in vad_names:
        cols += [f"arousal_{n}", f"valence_{n}"]
    return cols


def text_features(text: object, lex: Lexicons) -> dict[str, float]:
    """Features of one text (module docstring); a text without words gives a zero-coverage record."""
    words_b = tokenize(text)
    counts = dict.fromkeys(("positive", "negative", "awe", *NRC_EMOTION_OF), 0)
    n_words = n_neg = n_emo = 0
    vsum = {n: [0.0, 0.0, 0] for n in lex.vad}
    awe_vad = lex.awe_vad
    window = 0
    for w in words_b:
        if w == BOUNDARY:
            window = 0
            continue
        n_words += 1
        if is_negator(w):
            window = lex.negation_window
            continue
        negated = window > 0
        window = max(window - 1, 0)
        n_neg += negated
        key = (w,)
        cached = lex._cache.get(key)
        if cached is None:
            emo = lookup(w, lex.emotion) or frozenset()
            vads = {n: lookup(w, t) for n, t in lex.vad.items()}
            cached = (emo, vads)
            lex._cache[key] = cached
        emo, vads = cached
        if emo:
            n_emo += 1
            pos, neg = "positive" in emo, "negative" in emo
            if negated:
                pos, neg = neg, pos
            counts["positive"] += pos
            counts["negative"] += neg
            if not negated:
                for feat, cat in NRC_EMOTION_OF.items():
                    counts[feat] += cat in emo
        for n, va in vads.items():
            if va is None:
                continue
            v, a = va
            if negated:
                v = 0.5 - VADER_NEGATION_SCALAR * (v - 0.5)
            acc = vsum[n]
            acc[0] += v
            acc[1] += a
            acc[2] += 1
        if not negated:
            if w in AWE_SEED:
                counts["awe"] += 1
            elif "positive" in emo and "surprise" in emo:
                if awe_vad is None:
                    counts["awe"] += 1
                else:
                    va = vads.get(awe_vad)
                    if va is not None and va[1] >= lex.awe_min_arousal:
                        counts["awe"] += 1
    out: dict[str, float] = {"n_words": float(n_words), "n_negated": float(n_neg)}
    pct = 100.0 / n_words if n_words else 0.0
    out["coverage_nrc_emotion"] = n_emo / n_words if n_words else 0.0
    for n in lex.vad_names:
        if n in lex.vad:
            k = vsum[n][2]
            out[f"coverage_{n}"] = k / n_words if n_words else 0.0
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


def extract_features(items: pd.DataFrame, lex: Lexicons) -> pd.DataFrame:
    """One row per item: ``item_id``, ``feature_source`` and :func:`feature_columns`.

    Text (``title``/``text``) is scored with the lexicons. Items without text but with ``cov_<feature>``
    columns (synthetic NYT-like data) take those as given (coverage NaN). Items with neither give zero rows.
    """
    cols = feature_columns(lex.vad_names)
    text = item_text(items)
    given = [f for f in PCT_FEATURES if f"cov_{f}" in items.columns]
    if text is not None:
        recs = [text_features(t, lex) for t in text.tolist()]
        df = pd.DataFrame.from_records(recs, columns=cols)
        source = "lexicon"
    elif given:
        df = pd.DataFrame({c: np.full(len(items), np.nan) for c in cols})
        for f in given:
            df[f] = items[f"cov_{f}"].to_numpy(dtype=float)
        source = "given"
    else:
        return pd.DataFrame(columns=["item_id", "feature_source", *cols])
    df.insert(0, "feature_source", source)
    df.insert(0, "item_id", items["item_id"].astype(str).to_numpy())
    return df


# --------------------------------------------------------------------------------------------------
# outcome and controls


def viral_top_decile(
    outcome: pd.Series | np.ndarray, quantile: float = 0.9, groups: Sequence | None = None
) -> np.ndarray:
    """1.0 where ``outcome`` is strictly above its ``quantile`` (NaN outcome → NaN); with ``groups`` the
    quantile is taken within each group (e.g. calendar month)."""
    y = np.asarray(outcome, dtype=float)
    ok = np.isfinite(y)
    out = np.full(y.shape, np.nan)
    if groups is None:
        if ok.any():
            q = float(np.quantile(y[ok], quantile))
            out[ok] = (y[ok] > q).astype(float)
        return out
    g = pd.Series(np.asarray(groups, dtype=object)).fillna("unknown").to_numpy()
    for key in pd.unique(g):
        m = (g == key) & ok
        if m.any():
            q = float(np.quantile(y[m], quantile))
            out[m] = (y[m] > q).astype(float)
    return out


def period_labels(start_time, period: str | None) -> np.ndarray | None:
    """Calendar period (UTC) of each Unix time: ``month`` → ``YYYY-MM``, ``quarter``, ``year``; None → None."""
    if period is None:
        return None
    t = pd.to_datetime(pd.Series(np.asarray(start_time, dtype=float)), unit="s", utc=True)
    fmt = {"month": t.dt.strftime("%Y-%m"), "year": t.dt.strftime("%Y")}
    if period == "quarter":
        lab = t.dt.year.astype("Int64").astype(str) + "Q" + t.dt.quarter.astype("Int64").astype(str)
    elif period in fmt:
        lab = fmt[period]
    else:
        raise ValueError(f"unknown period {period!r}; expected month, quarter or year")
    return lab.astype(object).where(t.notna(), "unknown").to_numpy()


def viral_outcome(
    outcome,
    kind: str | None,
    quantile: float = 0.9,
    cut: float | None = None,
    groups: Sequence | None = None,
) -> np.ndarray:
    """Binary viral indicator: the outcome itself if ``kind == "binary"``, else ``outcome >= cut`` if a cut is
    given, else the top decile (within ``groups`` if given)."""
    y = np.asarray(outcome, dtype=float)
    if kind == "binary":
        return np.where(np.isfinite(y), (y > 0).astype(float), np.nan)
    if cut is not None:
        return np.where(np.isfinite(y), (y >= cut).astype(float), np.nan)
    return viral_top_decile(y, quantile, groups)


def _skew(x: np.ndarray) -> float:
    sd = x.std()
    return float(np.mean(((x - x.mean()) / sd) ** 3)) if sd > 0 else 0.0


def date_spline(start_time: pd.Series, df: int) -> pd.DataFrame:
    """Natural cubic regression spline basis (patsy ``cr``) of the date, ``df`` columns ``date_s<k>``."""
    import patsy

    t = np.asarray(start_time, dtype=float)
    t = (t - np.nanmin(t)) / 86400.0
    basis = patsy.dmatrix(f"cr(t, df={int(df)}) - 1", {"t": t}, return_type="matrix")
    return pd.DataFrame(
        np.asarray(basis), columns=[f"date_s{k + 1}" for k in range(basis.shape[1])]
    )


def prepare_controls(
    items: pd.DataFrame,
    exclude: str = DEFAULT_EXCLUDE,
    min_dummy: int = 10,
    date_spline_df: int = 6,
    skip: Iterable[str] = (),
    include: str | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Control matrix from ``cov_*`` (and ``start_time``) as described in the module docstring.

    ``include`` (a regex), when given, keeps only the ``cov_*`` columns it matches (e.g. for the UCI data:
    channel, weekday, length, images, videos, links, as the issue's analogue of Berger & Milkman's controls).
    Returns the controls (one column per control, row-aligned with ``items``) and notes on what was dropped
    or transformed. Names keep their ``cov_`` prefix (valid formula identifiers).
    """
    skip = set(skip) | {f"cov_{f}" for f in PCT_FEATURES}
    rx = re.compile(exclude) if exclude else None
    rin = re.compile(include) if include else None
    notes: list[str] = []
    cols: dict[str, np.ndarray] = {}
    for c in sorted(items.columns):
        if not c.startswith("cov_") or c in skip:
            continue
        if rx is not None and rx.search(c):
            notes.append(f"{c}: the data's own sentiment measure, not a control")
            continue
        if rin is not None and not rin.search(c):
            continue
        x = items[c].to_numpy(dtype=float)
        if np.isnan(x).all():
            continue
        if np.isnan(x).any():
            x = np.where(np.isnan(x), np.nanmedian(x), x)
            notes.append(f"{c}: missing values set to the median")
        vals = np.unique(x)
        if len(vals) <= 1:
            continue
        if set(vals) <= {0.0, 1.0}:
            n1 = int(x.sum())
            if min(n1, len(x) - n1) < min_dummy:
                notes.append(f"{c}: dummy with fewer than {min_dummy} items in a class, dropped")
                continue
            cols[c] = x
            continue
        if _skew(x) > 1 and x.min() >= 0:
            x = np.log(x) if x.min() > 0 else np.log1p(x)
        sd = x.std(ddof=1)
        cols[c] = (x - x.mean()) / sd if sd > 0 else x
    out = pd.DataFrame(cols, index=items.index)
    if (
        "start_time" in items.columns
        and date_spline_df
        and items["start_time"].nunique() > date_spline_df
    ):
        st = items["start_time"].astype(float)
        st = st.fillna(st.median())
        spl = date_spline(st, date_spline_df)
        spl.index = items.index
        out = pd.concat([out, spl], axis=1)
    return out, notes


def independent_columns(
    X: pd.DataFrame, base: np.ndarray | None = None, tol: float = 1e-8
) -> list[str]:
    """Columns of ``X`` kept in order, each only if it raises the rank of [1, base, kept...]."""
    n = len(X)
    cur = np.ones((n, 1)) if base is None else np.column_stack([np.ones(n), base])
    rank = np.linalg.matrix_rank(cur, tol=tol * max(1, n))
    kept = []
    for c in X.columns:
        trial = np.column_stack([cur, X[c].to_numpy(dtype=float)])
        r = np.linalg.matrix_rank(trial, tol=tol * max(1, n))
        if r > rank:
            kept.append(c)
            cur, rank = trial, r
    return kept


def standardise(x: pd.Series) -> pd.Series:
    """z-score with the sample s.d. (ddof 1)."""
    x = x.astype(float)
    return (x - x.mean()) / x.std(ddof=1)


# --------------------------------------------------------------------------------------------------
# models


ODDS_COLUMNS = [
    "dataset",
    "synthetic",
    "model",
    "feature",
    "odds_ratio_per_sd",
    "ci_low",
    "ci_high",
    "p_value",
    "n",
]
OLS_COLUMNS = [
    "dataset",
    "synthetic",
    "model",
    "feature",
    "coef_per_sd",
    "ratio_per_sd",
    "ci_low",
    "ci_high",
    "p_value",
    "n",
    "r_squared",
]
PREDICTION_COLUMNS = [
    "dataset",
    "synthetic",
    "features",
    "auc_mean",
    "auc_sd",
    "n",
    "n_viral",
    "folds",
]


def estimable(x: pd.Series, min_nonzero: int = 20) -> bool:
    """A feature enters a model if it varies and (for % features) at least ``min_nonzero`` items have it."""
    v = x.dropna()
    if v.nunique() < 2:
        return False
    return int((v != v.mode().iloc[0]).sum()) >= min_nonzero


def separates(x: np.ndarray, y: np.ndarray) -> bool:
    """True if the 0/1 control ``x`` has a class in which ``y`` is constant (perfect separation: the logit's
    maximum-likelihood coefficient of ``x`` is infinite, e.g. 25 manual retweets none of which went viral)."""
    if not set(np.unique(x)) <= {0.0, 1.0}:
        return False
    for v in (0.0, 1.0):
        yv = y[x == v]
        if len(yv) and (yv.min() == yv.max()):
            return True
    return False


def fit_logit(
    y: np.ndarray,
    feats: pd.DataFrame,
    controls: pd.DataFrame | None = None,
    cov_type: str = "HC1",
    report: Sequence[str] = (),
) -> pd.DataFrame:
    """Logit of ``y`` on z-scored ``feats`` (+ ``controls``) with robust errors (statsmodels formula API).

    Returns one row per feature, plus one per control named in ``report`` that entered the model (its odds
    ratio per unit of the prepared control, i.e. per s.d. of log hours for the synthetic home-page time):
    ``feature, odds_ratio_per_sd, ci_low, ci_high, p_value, n``.
    """
    import statsmodels.formula.api as smf

    df = pd.DataFrame({f: standardise(feats[f]) for f in feats.columns})
    rhs = list(df.columns)
    yy = np.asarray(y, dtype=float)
    if controls is not None and controls.shape[1]:
        ok = [c for c in controls.columns if not separates(controls[c].to_numpy(dtype=float), yy)]
        dropped = [c for c in controls.columns if c not in ok]
        if dropped:
            log.info(
                "controls that separate the outcome perfectly, dropped: %s", ", ".join(dropped)
            )
        keep = independent_columns(controls[ok], base=df.to_numpy())
        for c in keep:
            df[c] = controls[c].to_numpy(dtype=float)
        rhs += keep
    df["viral"] = yy
    res = smf.logit("viral ~ " + " + ".join(rhs), data=df).fit(
        disp=0, cov_type=cov_type, maxiter=200
    )
    if not res.mle_retvals.get("converged", True):
        log.warning(
            "logit did not converge (%d regressors, %d viral of %d)",
            len(rhs),
            int(df["viral"].sum()),
            len(df),
        )
    ci = res.conf_int(0.05)
    rows = []
    for f in [*feats.columns, *(c for c in report if c in rhs and c not in feats.columns)]:
        rows.append(
            {
                "feature": f,
                "odds_ratio_per_sd": math.exp(res.params[f]),
                "ci_low": math.exp(ci.loc[f, 0]),
                "ci_high": math.exp(ci.loc[f, 1]),
                "p_value": float(res.pvalues[f]),
                "n": int(res.nobs),
            }
        )
    return pd.DataFrame(rows)


def fit_ols_log(
    outcome: np.ndarray,
    feats: pd.DataFrame,
    controls: pd.DataFrame | None = None,
    cov_type: str = "HC1",
) -> pd.DataFrame:
    """OLS of ``log(1 + outcome)`` on z-scored ``feats`` (+ ``controls``), HC1 errors."""
    import statsmodels.formula.api as smf

    df = pd.DataFrame({f: standardise(feats[f]) for f in feats.columns})
    rhs = list(df.columns)
    if controls is not None and controls.shape[1]:
        keep = independent_columns(controls, base=df.to_numpy())
        for c in keep:
            df[c] = controls[c].to_numpy(dtype=float)
        rhs += keep
    df["log_outcome"] = np.log1p(np.asarray(outcome, dtype=float))
    res = smf.ols("log_outcome ~ " + " + ".join(rhs), data=df).fit(cov_type=cov_type)
    ci = res.conf_int(0.05)
    return pd.DataFrame(
        [
            {
                "feature": f,
                "coef_per_sd": float(res.params[f]),
                "ratio_per_sd": math.exp(res.params[f]),
                "ci_low": math.exp(ci.loc[f, 0]),
                "ci_high": math.exp(ci.loc[f, 1]),
                "p_value": float(res.pvalues[f]),
                "n": int(res.nobs),
                "r_squared": float(res.rsquared),
            }
            for f in feats.columns
        ]
    )


def cv_auc(X: pd.DataFrame, y: np.ndarray, seed: int, folds: int = 5) -> tuple[float, float]:
    """Stratified ``folds``-fold ROC AUC of a standardised logistic regression (scikit-learn)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=int(seed) % (2**32 - 1))
    s = cross_val_score(
        pipe, X.to_numpy(dtype=float), np.asarray(y, dtype=int), cv=cv, scoring="roc_auc"
    )
    return float(np.mean(s)), float(np.std(s, ddof=1))


@dataclass
class ModelParams:
    """Parameters of :func:`fit_models` (defaults = workflow/schemas/content.schema.yaml)."""

    quantile: float = 0.9
    viral_within: str | None = None
    fixed_cut: float | None = None
    model_features: tuple[str, ...] = MODEL_FEATURES
    exposure_controls: tuple[str, ...] = ("cov_homepage_hours",)
    control_exclude: str = DEFAULT_EXCLUDE
    control_include: str | None = None
    min_dummy: int = 10
    min_nonzero: int = 20
    date_spline_df: int = 6
    cov_type: str = "HC1"
    cv_folds: int = 5
    seed: int = 0


def fit_models(
    features: pd.DataFrame,
    items: pd.DataFrame,
    dataset: str,
    synthetic: bool,
    outcome_kind: str | None,
    params: ModelParams,
    vad_names: Sequence[str] = (),
) -> dict[str, pd.DataFrame | list[str]]:
    """All models of one data set: ``odds``, ``ols``, ``prediction`` tables and ``notes``.

    Models (``model`` column): ``no_controls``; ``controls``; ``controls_cut<cut>`` (fixed cut, count
    outcomes); ``controls_without_exposure`` (when ``exposure_controls`` are present); and per VAD lexicon
    ``arousal_<lex>_controls`` (arousal and valence means, items with coverage > 0).
    """
    notes: list[str] = []
    empty = {
        "odds": pd.DataFrame(columns=ODDS_COLUMNS),
        "ols": pd.DataFrame(columns=OLS_COLUMNS),
        "prediction": pd.DataFrame(columns=PREDICTION_COLUMNS),
        "notes": notes,
    }
    if len(features) == 0 or "outcome" not in items.columns:
        notes.append(f"{dataset}: no text and no given features: nothing to model")
        return empty
    it = items.set_index(items["item_id"].astype(str))
    feats = features.set_index("item_id")
    it = it.loc[feats.index]
    outcome = it["outcome"].to_numpy(dtype=float)
    ok = np.isfinite(outcome)
    feats, it, outcome = feats[ok], it[ok], outcome[ok]
    groups = None
    if params.viral_within and "start_time" in it.columns:
        groups = period_labels(it["start_time"], params.viral_within)
        notes.append(
            f"{dataset}: viral = top decile within each {params.viral_within} of start_time"
        )
    y = viral_outcome(outcome, outcome_kind, params.quantile, groups=groups)
    if np.nansum(y) < 5 or np.nansum(1 - y) < 5:
        notes.append(f"{dataset}: fewer than 5 viral or non-viral items: not estimable")
        return empty
    controls, cnotes = prepare_controls(
        it.reset_index(drop=True),
        params.control_exclude,
        params.min_dummy,
        params.date_spline_df,
        include=params.control_include,
    )
    notes += [f"{dataset}: {m}" for m in cnotes]
    feats = feats.reset_index()
    use = [
        f
        for f in params.model_features
        if f in feats.columns and estimable(feats[f], params.min_nonzero)
    ]
    missing = [
        f
        for f in params.model_features
        if f not in use and f in feats.columns and feats[f].notna().any()
    ]
    if missing:
        notes.append(
            f"{dataset}: not estimable (no variation or too few items): {', '.join(missing)}"
        )
    odds_parts, ols_parts = [], []

    measured = [f for f in params.model_features if f in feats.columns and feats[f].notna().any()]

    def add(fit, model: str, all_feats: Sequence[str], sink: list) -> None:
        try:
            part = fit().copy()
        except (np.linalg.LinAlgError, ValueError, ArithmeticError) as exc:
            # degenerate user data (singular design, separation): a NaN row and a note, not a crash
            notes.append(
                f"{dataset}: model {model} failed ({type(exc).__name__}: {exc}); reported as NaN"
            )
            part = pd.DataFrame({"feature": pd.Series([], dtype=object)})
        for f in all_feats:  # measured but not-estimable features still get a row (NaN)
            if f in measured and f not in set(part["feature"]):
                part = pd.concat([part, pd.DataFrame([{"feature": f}])], ignore_index=True)
        part.insert(0, "model", model)
        sink.append(part)

    if use:
        F = feats[use]
        add(
            lambda: fit_logit(y, F, None, params.cov_type),
            "no_controls",
            params.model_features,
            odds_parts,
        )
        add(
            lambda: fit_logit(y, F, controls, params.cov_type, report=params.exposure_controls),
            "controls",
            params.model_features,
            odds_parts,
        )
        if params.fixed_cut is not None and outcome_kind != "binary":
            yc = viral_outcome(outcome, outcome_kind, cut=params.fixed_cut)
            add(
                lambda: fit_logit(yc, F, controls, params.cov_type),
                f"controls_cut{params.fixed_cut:g}",
                params.model_features,
                odds_parts,
            )
        exp = [c for c in params.exposure_controls if c in controls.columns]
        if exp:
            add(
                lambda: fit_logit(y, F, controls.drop(columns=exp), params.cov_type),
                "controls_without_exposure",
                params.model_features,
                odds_parts,
            )
            notes.append(
                f"{dataset}: exposure control(s) {', '.join(exp)} present; also fitted without them"
            )
        if outcome_kind != "binary":
            add(
                lambda: fit_ols_log(outcome, F, controls, params.cov_type),
                "ols_log1p_controls",
                params.model_features,
                ols_parts,
            )
    for n in vad_names:
        cov = feats.get(f"coverage_{n}")
        if cov is None or not (cov.fillna(0) > 0).any():
            continue
        m = (cov > 0).to_numpy()
        V = feats.loc[m, [f"arousal_{n}", f"valence_{n}"]].reset_index(drop=True)
        if not all(estimable(V[c], params.min_nonzero) for c in V.columns):
            continue
        ym = y[m]
        if np.sum(ym) < 5:
            continue
        add(
            lambda ym=ym, V=V, m=m: fit_logit(
                ym, V, controls[m].reset_index(drop=True), params.cov_type
            ),
            f"arousal_{n}_controls",
            list(V.columns),
            odds_parts,
        )
    odds = pd.concat(odds_parts, ignore_index=True) if odds_parts else empty["odds"]
    odds.insert(0, "synthetic", bool(synthetic))
    odds.insert(0, "dataset", dataset)
    ols = (
        pd.concat(ols_parts, ignore_index=True)
        if ols_parts
        else empty["ols"].drop(columns=["dataset", "synthetic", "model"])
    )
    if len(ols):
        ols.insert(0, "synthetic", bool(synthetic))
        ols.insert(0, "dataset", dataset)
    else:
        ols = empty["ols"]
    # out-of-sample check
    pred = []
    if use:
        Xc = controls[independent_columns(controls)] if controls.shape[1] else controls
        Xe = feats[use].astype(float)
        sets = {"emotions": Xe}
        if Xc.shape[1]:
            sets = {
                "controls": Xc,
                "controls+emotions": pd.concat([Xc, Xe], axis=1),
                "emotions": Xe,
            }
        for name, X in sets.items():
            try:
                mean, sd = cv_auc(X, y, params.seed, params.cv_folds)
            except ValueError as exc:  # e.g. fewer viral items than folds
                notes.append(f"{dataset}: cross-validated AUC ({name}) failed: {exc}")
                mean, sd = math.nan, math.nan
            pred.append(
                {
                    "dataset": dataset,
                    "synthetic": bool(synthetic),
                    "features": name,
                    "auc_mean": mean,
                    "auc_sd": sd,
                    "n": int(len(y)),
                    "n_viral": int(np.sum(y)),
                    "folds": params.cv_folds,
                }
            )
    prediction = pd.DataFrame(pred, columns=PREDICTION_COLUMNS)
    odds = odds.reindex(columns=ODDS_COLUMNS).astype({"n": "Int64"})
    ols = ols.reindex(columns=OLS_COLUMNS).astype({"n": "Int64"})
    return {"odds": odds, "ols": ols, "prediction": prediction, "notes": notes}


# --------------------------------------------------------------------------------------------------
# summaries


DIRECTION_COLUMNS = [
    "dataset",
    "synthetic",
    "model",
    "feature",
    "published_direction",
    "published_or",
    "odds_ratio_per_sd",
    "ci_low",
    "ci_high",
    "verdict",
]


def directions(odds: pd.DataFrame, models: Sequence[str] = ("controls",)) -> pd.DataFrame:
    """Does each published direction hold? ``holds`` (95% CI on the published side of 1), ``opposite`` (CI on
    the other side), ``not significant (same sign)`` / ``not significant (opposite sign)``, ``not estimable``."""
    rows = []
    for r in odds[odds["model"].isin(models) & odds["feature"].isin(list(PUBLISHED))].itertuples(
        index=False
    ):
        sign, por = PUBLISHED[r.feature]
        orr, lo, hi = r.odds_ratio_per_sd, r.ci_low, r.ci_high
        if not np.isfinite(orr):
            v = "not estimable"
        elif (lo > 1 and sign > 0) or (hi < 1 and sign < 0):
            v = "holds"
        elif (lo > 1 and sign < 0) or (hi < 1 and sign > 0):
            v = "opposite"
        else:
            v = (
                "not significant (same sign)"
                if (orr - 1) * sign > 0
                else "not significant (opposite sign)"
            )
        rows.append(
            {
                "dataset": r.dataset,
                "synthetic": r.synthetic,
                "model": r.model,
                "feature": r.feature,
                "published_direction": "up" if sign > 0 else "down",
                "published_or": por,
                "odds_ratio_per_sd": orr,
                "ci_low": lo,
                "ci_high": hi,
                "verdict": v,
            }
        )
    return pd.DataFrame(rows, columns=DIRECTION_COLUMNS)


AGREEMENT_COLUMNS = ["dataset", "synthetic", "feature", "their_column", "spearman_rho", "n"]


def measure_agreement(
    features: pd.DataFrame,
    items: pd.DataFrame,
    dataset: str,
    synthetic: bool,
    pattern: str = DEFAULT_EXCLUDE,
    ours: Sequence[str] = ("positivity", "emotionality", "valence_nrc_vad"),
) -> pd.DataFrame:
    """Spearman correlation of our measures with the data's own sentiment columns (``cov_*`` matching
    ``pattern``), e.g. the Mashable authors' Pattern-library polarity."""
    rx = re.compile(pattern)
    theirs = sorted(c for c in items.columns if c.startswith("cov_") and rx.search(c))
    if not theirs or len(features) == 0:
        return pd.DataFrame(columns=AGREEMENT_COLUMNS)
    it = items.set_index(items["item_id"].astype(str)).loc[features["item_id"]]
    rows = []
    for f in ours:
        if f not in features.columns:
            continue
        a = features[f].to_numpy(dtype=float)
        for c in theirs:
            b = it[c].to_numpy(dtype=float)
            m = np.isfinite(a) & np.isfinite(b)
            if m.sum() < 3:
                continue
            rho = pd.Series(a[m]).corr(pd.Series(b[m]), method="spearman")
            rows.append(
                {
                    "dataset": dataset,
                    "synthetic": bool(synthetic),
                    "feature": f,
                    "their_column": c,
                    "spearman_rho": float(rho),
                    "n": int(m.sum()),
                }
            )
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


# --------------------------------------------------------------------------------------------------
# per-item table


def features_table(
    features: pd.DataFrame,
    items: pd.DataFrame,
    dataset: str,
    synthetic: bool,
    outcome_kind: str | None,
    vad_names: Sequence[str],
    quantile: float = 0.9,
    viral_within: str | None = None,
) -> pd.DataFrame:
    """``content_features`` rows of one data set: ``dataset, synthetic, item_id, feature_source, outcome,
    viral`` then :func:`feature_columns`, sorted by ``item_id``. ``viral`` is the main definition (top decile,
    within ``viral_within`` periods of ``start_time`` if given; the binary outcome itself)."""
    lead = ["dataset", "synthetic", "item_id", "feature_source", "outcome", "viral"]
    cols = lead + feature_columns(vad_names)
    if len(features) == 0:
        return pd.DataFrame(columns=cols)
    out = features.copy()
    it = items.set_index(items["item_id"].astype(str)).reindex(out["item_id"])
    y = it["outcome"].to_numpy(dtype=float)
    groups = None
    if viral_within and "start_time" in it.columns:
        groups = period_labels(it["start_time"], viral_within)
    out["outcome"] = y
    out["viral"] = viral_outcome(y, outcome_kind, quantile, groups=groups)
    out["dataset"] = dataset
    out["synthetic"] = bool(synthetic)
    return out[cols].sort_values("item_id", kind="mergesort").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# figures (virality.plots style; PNG and PDF)

FEATURE_UNITS = {
    "positivity": "% pos. − % neg. words",
    "emotionality": "% pos. + % neg. words",
    "awe": "% of words",
    "anger": "% of words",
    "anxiety": "% of words",
    "sadness": "% of words",
    "joy": "% of words",
    "surprise": "% of words",
}


def _log_ticks(axis) -> None:
    """Plain-number tick labels (0.8, 1, 1.25 ...) on an axis already in log scale."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

    axis.set_major_locator(
        FixedLocator([0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0])
    )
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(NullFormatter())


def _placeholder(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def plot_forest(odds: pd.DataFrame, png, pdf, model: str = "controls") -> None:
    """Odds ratio per s.d. with 95% CI on each real data set, beside Berger & Milkman's published value."""
    from . import plots

    real = odds[(~odds["synthetic"].astype(bool)) & (odds["model"] == model)]
    feats = [f for f in PUBLISHED if f in set(real["feature"])] or list(PUBLISHED)
    datasets = sorted(real["dataset"].unique())
    fig, ax = plots.new_figure(7.0, 0.55 * len(feats) + 2.2)
    k = len(datasets) + 1
    step = 0.8 / k
    for j, d in enumerate(datasets):
        sub = real[real["dataset"] == d].set_index("feature")
        ys, xs, lo, hi = [], [], [], []
        for i, f in enumerate(feats):
            if f in sub.index and np.isfinite(sub.loc[f, "odds_ratio_per_sd"]):
                ys.append(i - 0.4 + step * (j + 0.5))
                xs.append(sub.loc[f, "odds_ratio_per_sd"])
                lo.append(sub.loc[f, "ci_low"])
                hi.append(sub.loc[f, "ci_high"])
        xs, lo, hi = np.array(xs), np.array(lo), np.array(hi)
        ax.errorbar(
            xs, ys, xerr=[xs - lo, hi - xs], fmt="o", ms=4, capsize=2, label=f"{d} (95% CI)"
        )
    py = [i - 0.4 + step * (len(datasets) + 0.5) for i in range(len(feats))]
    px = [PUBLISHED[f][1] for f in feats]
    ax.plot(px, py, "kD", ms=5, label="NYT 2008 as reported in secondary sources (unconfirmed)")
    for f, x, y in zip(feats, px, py, strict=True):
        ax.annotate(
            "↑" if PUBLISHED[f][0] > 0 else "↓", (x, y), xytext=(6, -4), textcoords="offset points"
        )
    ax.axvline(1.0, color="grey", lw=1)
    ax.set_xscale("log")
    _log_ticks(ax.xaxis)
    ax.set_yticks(range(len(feats)))
    ax.set_yticklabels(feats)
    ax.invert_yaxis()
    ax.set_xlabel("odds ratio of going viral per +1 s.d. of the feature (log scale)")
    ax.set_ylabel("content feature")
    names = ", ".join(datasets) if datasets else "no real text data set available"
    ax.set_title(f"Berger & Milkman logit with controls: {names}")
    if not datasets:
        ax.text(0.02, 0.02, "no real text data set available", transform=ax.transAxes)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    plots.save(fig, png, pdf)


def plot_synthetic_recovery(
    odds: pd.DataFrame, truths: Mapping[str, Mapping[str, float]], png, pdf
) -> None:
    """Estimated vs true odds ratios per s.d. on synthetic data, with and without the exposure control."""
    from . import plots

    syn = [d for d in sorted(truths) if d in set(odds["dataset"])]
    fig, axes = plots.new_figure(8.0, 3.8 * max(1, len(syn)), nrows=max(1, len(syn)), squeeze=False)
    if not syn:
        _placeholder(axes[0, 0], "no synthetic data set with known odds ratios")
        axes[0, 0].set_title(
            "Synthetic recovery of Berger & Milkman odds ratios: none configured (synthetic)"
        )
    styles = {
        "controls": ("o", "with exposure control"),
        "controls_without_exposure": ("s", "without exposure"),
    }
    for ax, d in zip(axes[:, 0], syn, strict=False):
        truth = truths[d]
        order = [f for f in PUBLISHED if f in truth] + sorted(
            f for f in truth if f not in PUBLISHED
        )
        feats = [f for f in order if f in set(odds.loc[odds["dataset"] == d, "feature"])]
        x = np.arange(len(feats))
        for off, (model, (marker, lab)) in zip((-0.15, 0.15), styles.items(), strict=True):
            sub = odds[(odds["dataset"] == d) & (odds["model"] == model)].set_index("feature")
            if sub.empty:
                continue
            sub = sub.reindex(feats)  # the model without exposure has no exposure row
            est = sub["odds_ratio_per_sd"].to_numpy(float)
            lo = sub["ci_low"].to_numpy(float)
            hi = sub["ci_high"].to_numpy(float)
            ax.errorbar(
                x + off,
                est,
                yerr=[est - lo, hi - est],
                fmt=marker,
                capsize=3,
                label=f"estimate, {lab}",
            )
        ax.plot(x, [truth[f] for f in feats], "k_", ms=18, mew=2, label="true odds ratio")
        ax.axhline(1.0, color="grey", lw=1)
        ax.set_xticks(x)
        ax.set_xticklabels(
            [("home page\n(per s.d. of log h)" if f == "cov_homepage_hours" else f) for f in feats],
            fontsize=8,
        )
        ax.set_yscale("log")
        _log_ticks(ax.yaxis)
        ax.set_ylabel("odds ratio per +1 s.d. (log scale)")
        ax.set_xlabel("feature")
        ax.set_title(f"Recovery of set odds ratios, {plots.label(d, True)}; 95% CI")
        ax.legend(fontsize=8)
    plots.save(fig, png, pdf)


def plot_distributions(feats: pd.DataFrame, png, pdf, columns: Sequence[str] | None = None) -> None:
    """Empirical CDF of each feature for viral (top decile) and other items, per real text data set."""
    from . import plots

    real = feats[(~feats["synthetic"].astype(bool)) & (feats["feature_source"] == "lexicon")]
    datasets = sorted(real["dataset"].unique())
    columns = list(columns or ("positivity", "emotionality", "awe", "anger", "anxiety", "sadness"))
    nr, nc = max(1, len(datasets)), len(columns)
    fig, axes = plots.new_figure(2.6 * nc, 2.4 * nr + 0.8, nrows=nr, ncols=nc, squeeze=False)
    if not datasets:
        for ax in axes.ravel():
            _placeholder(ax, "no real text data set")
    for r, d in enumerate(datasets):
        sub = real[real["dataset"] == d]
        for c, f in enumerate(columns):
            ax = axes[r, c]
            for v, lab, col in ((1.0, "viral (top 10%)", "C3"), (0.0, "other", "C0")):
                x = np.sort(sub.loc[sub["viral"] == v, f].dropna().to_numpy(float))
                if len(x):
                    ax.step(
                        x,
                        np.arange(1, len(x) + 1) / len(x),
                        where="post",
                        color=col,
                        label=f"{lab}, mean {x.mean():.2g}",
                    )
            lo, hi = (
                np.nanquantile(sub[f].to_numpy(float), [0.005, 0.995])
                if sub[f].notna().any()
                else (0, 1)
            )
            if hi > lo:
                ax.set_xlim(lo - 0.02 * (hi - lo), hi + 0.02 * (hi - lo))
            ax.set_title(f"{d}: {f}", fontsize=9)
            ax.set_xlabel(FEATURE_UNITS.get(f, "mean rating (0-1)"), fontsize=8)
            if c == 0:
                ax.set_ylabel("share of items ≤ x")
            ax.legend(fontsize=6, loc="lower right")
    fig.suptitle(
        "Content features of viral (top decile) vs other items, empirical CDFs (real data; x cut at the "
        "0.5th-99.5th percentiles)"
    )
    fig.tight_layout()
    plots.save(fig, png, pdf)


def plot_arousal_rank(
    feats: pd.DataFrame, png, pdf, vad_names: Sequence[str], bins: int = 20
) -> None:
    """Mean arousal (each VAD lexicon, 95% CI) against the item's outcome percentile rank, per real data set."""
    from . import plots

    real = feats[(~feats["synthetic"].astype(bool)) & (feats["feature_source"] == "lexicon")]
    datasets = sorted(real["dataset"].unique())
    fig, axes = plots.new_figure(
        4.2 * max(1, len(datasets)), 3.8, ncols=max(1, len(datasets)), squeeze=False
    )
    if not datasets:
        _placeholder(axes[0, 0], "no real text data set")
        axes[0, 0].set_title("Arousal vs share rank: no real text data set")
    for ax, d in zip(axes[0], datasets, strict=False):
        sub = real[real["dataset"] == d]
        rank = sub["outcome"].rank(pct=True, method="average").to_numpy(float) * 100
        b = np.minimum((rank / (100 / bins)).astype(int), bins - 1)
        for n in vad_names:
            col = f"arousal_{n}"
            if col not in sub.columns or sub[col].notna().sum() == 0:
                continue
            g = pd.DataFrame({"b": b, "a": sub[col].to_numpy(float)}).dropna().groupby("b")["a"]
            m, s, k = g.mean(), g.std(ddof=1), g.count()
            mid = (m.index.to_numpy() + 0.5) * (100 / bins)
            half = 1.96 * (s / np.sqrt(k)).to_numpy()
            ax.errorbar(
                mid, m.to_numpy(), yerr=half, fmt="o-", ms=3, capsize=2, label=f"{n} lexicon"
            )
        ax.set_xlabel("percentile rank of the outcome (shares / points / retweets, %)")
        ax.set_ylabel("mean word arousal (0 calm – 1 excited)")
        ax.set_title(f"{d}: arousal vs share rank")
        ax.legend(fontsize=8)
    plots.save(fig, png, pdf)
