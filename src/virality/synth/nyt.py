"""NYT-like articles (Berger & Milkman, JMR 2012): text with planted lexicon words, controls, and "made the
most-emailed list" drawn from a logistic model with chosen odds ratios per standard deviation of the
features that the lexicon scoring should read from the text."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: Odds ratios per standard deviation used by default in :func:`nyt_like` (Berger & Milkman 2012 as
#: reported in secondary sources; see ``paper/published.yaml`` for their status).
NYT_DEFAULT_ODDS = {
    "awe": 1.30,
    "anger": 1.34,
    "anxiety": 1.21,
    "sadness": 0.84,
    "positivity": 1.13,
    "emotionality": 1.18,
}
#: Features of the planted text, as Study C scores them (% of words; positivity = % positive − % negative,
#: emotionality = % positive + % negative). Those without a given odds ratio have none (1.0).
NYT_FEATURES = ("awe", "anger", "anxiety", "sadness", "positivity", "emotionality", "surprise")

#: Planted words by what the NRC emotion lexicon (Mohammad & Turney 2013, as in the nrclex wheel) makes of
#: them, inflected forms included so that the look-up by lemma is exercised: anger, fear and sadness words
#: are also negative and nothing else among Study C's categories; positive and negative words only that;
#: surprise words only surprise; awe words are in Study C's awe seed list and in no NRC category; filler
#: words are in no category and are no negators (tests/content/test_synthetic_recovery.py checks all of
#: this against the lexicon, through the scoring).
VOCABULARY = {
    "anger": "angry argue argues battle battles annoy annoys antagonism altercation accusations".split(),
    "fear": "afraid anxious beware avoid avoided apprehension burglar burglars artillery".split(),
    "sadness": "ache aches bleak barren beg begged bereavement boredom blunder blunders".split(),
    "awe": "awesome breathtaking incredible awestruck astounding marvellous wonder".split(),
    "positive": "ability abilities accomplishment advantage advantages admire admired accurate".split(),
    "negative": "absurd abnormal arrest arrested abort aborted aberration ambiguous".split(),
    "surprise": "abrupt coincidence gasp gasped jolt jolts guess fluke".split(),
    "filler": (
        "the a of in on to city week report plan team street year two three data board county official "
        "market road state said told people first last morning evening from with by at for as about after "
        "before over under new old local national museum station river bridge school company"
    ).split(),
}
#: Categories of planted words and their mean count per article; ``negated`` plants "not <positive word>,"
#: which Study C's negation rule scores as one negative word (the comma ends the negation's clause).
RATES = {
    "awe": 0.8,
    "anger": 0.8,
    "fear": 0.8,
    "sadness": 0.8,
    "positive": 1.2,
    "negative": 0.6,
    "negated": 0.4,
    "surprise": 0.8,
}


def _counts(
    rng: np.random.Generator, n: int, words: float = 30.0
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Planted words per article and category, and the latent intensities behind them: Poisson counts with
    log-normal rates from mildly correlated (0.1) standard-normal intensities, scaled to ``words`` words per
    article on average (filler: the rest, at least ``0.4 words``)."""
    k = len(RATES)
    cov = np.full((k, k), 0.1)
    np.fill_diagonal(cov, 1.0)
    u = rng.multivariate_normal(np.zeros(k), cov, size=n)
    scale = words / 30.0
    out = {
        c: rng.poisson(r * scale * np.exp(0.6 * u[:, i] - 0.18))
        for i, (c, r) in enumerate(RATES.items())
    }
    out["filler"] = np.round(0.4 * words).astype(int) + rng.poisson(words / 3.0, n)
    return out, {c: u[:, i] for i, c in enumerate(RATES)}


def planted_features(c: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The features Study C should read from the planted text (% of the article's words; "not" counts as a
    word)."""
    n_words = sum(c[k] for k in (*RATES, "filler")) + c["negated"]  # + the "not" of each negation
    neg = c["anger"] + c["fear"] + c["sadness"] + c["negative"] + c["negated"]
    pct = 100.0 / n_words
    return {
        "awe": c["awe"] * pct,
        "anger": c["anger"] * pct,
        "anxiety": c["fear"] * pct,
        "sadness": c["sadness"] * pct,
        "positivity": (c["positive"] - neg) * pct,
        "emotionality": (c["positive"] + neg) * pct,
        "surprise": c["surprise"] * pct,
    }


def _texts(rng: np.random.Generator, c: dict[str, np.ndarray]) -> list[str]:
    """One text per article: its planted words and filler in random order, "not <positive>," phrases."""
    units, owner = [], []
    n = len(c["filler"])
    for cat in (
        "anger",
        "fear",
        "sadness",
        "awe",
        "positive",
        "negative",
        "surprise",
        "filler",
        "negated",
    ):
        k = np.asarray(c[cat], dtype=int)
        words = rng.choice(VOCABULARY["positive" if cat == "negated" else cat], size=int(k.sum()))
        units.append(np.char.add(np.char.add("not ", words), ",") if cat == "negated" else words)
        owner.append(np.repeat(np.arange(n), k))
    units_all, owner_all = np.concatenate(units).astype(object), np.concatenate(owner)
    order = np.lexsort((rng.random(len(units_all)), owner_all))  # by article, shuffled within it
    bounds = np.cumsum(np.bincount(owner_all, minlength=n))[:-1]
    texts = []
    for part in np.split(units_all[order], bounds):
        words = " ".join(part)
        texts.append(words[:1].upper() + words[1:] + ".")
    return texts


def _standardise(x: np.ndarray) -> np.ndarray:
    sd = x.std(ddof=1)
    return (x - x.mean()) / sd if sd > 0 else x - x.mean()


#: Latent intensity behind each discrete emotion (``truth_on="latent"``).
LATENT_OF = {"awe": "awe", "anger": "anger", "anxiety": "fear", "sadness": "sadness"}


def nyt_like(
    n_articles: int = 7_000,
    odds_ratios: dict[str, float] | None = None,
    base_rate: float = 0.2,
    homepage_or: float = 1.8,
    homepage_emotion_corr: float = 0.3,
    words_per_article: float = 30.0,
    truth_on: str = "text",
    seed: int = 0,
) -> dict:
    """NYT-like articles after Berger & Milkman (JMR 2012), with known odds ratios per s.d.

    Each article's ``text`` holds planted lexicon words (:data:`VOCABULARY`, counts from :func:`_counts`)
    among filler, so the odds ratios can only be recovered THROUGH the lexicon scoring (tokeniser, look-up by
    lemma, negation, percentages). ``cov_<feature>`` holds the z-scored features the scoring should find
    (:func:`planted_features`): the truth is defined on them. The controls are home-page exposure (hours,
    log-normal, correlated ``homepage_emotion_corr`` with anger and awe: editors feature arousing stories,
    which is what makes omitting it biased), log word count of the full article and five section dummies.
    ``P(made list) = logistic(b0 + sum_k log(OR_k) z_k + log(homepage_or) z_home + section)``, with ``b0``
    solved so the mean probability is ``base_rate``; features without an odds ratio have none (1.0).
    ``outcome`` is 0/1.

    ``truth_on="latent"`` builds a world that breaks the measurement: the odds ratios of awe, anger,
    anxiety and sadness act on each article's latent intensity (the rate behind its planted words), of
    which the words are a noisy count, sparse in short texts (``words_per_article`` 10: title length);
    positivity, emotionality and surprise then have no effect. The estimates shrink towards 1.
    Returns ``{"items", "truth"}`` (truth: the odds ratios per s.d. of every planted feature).
    """
    given = dict(NYT_DEFAULT_ODDS if odds_ratios is None else odds_ratios)
    unknown = sorted(set(given) - set(NYT_FEATURES))
    if unknown:
        raise ValueError(f"nyt_like: no planted feature {unknown}; known: {NYT_FEATURES}")
    odds = {f: float(given.get(f, 1.0)) for f in NYT_FEATURES}
    if truth_on not in ("text", "latent"):
        raise ValueError(f"nyt_like: truth_on must be 'text' or 'latent', got {truth_on!r}")
    if truth_on == "latent":
        odds.update({f: 1.0 for f in NYT_FEATURES if f not in LATENT_OF})
    rng = np.random.default_rng(seed)
    counts, latent = _counts(rng, n_articles, words_per_article)
    raw = planted_features(counts)
    feats = {f: _standardise(raw[f]) for f in NYT_FEATURES}
    acts = dict(feats)
    if truth_on == "latent":
        acts.update({f: _standardise(latent[c]) for f, c in LATENT_OF.items()})
    drive = _standardise(acts["anger"] + acts["awe"])
    c = homepage_emotion_corr
    home_z = _standardise(c * drive + math.sqrt(max(0.0, 1 - c**2)) * rng.normal(size=n_articles))
    homepage_hours = np.exp(1.0 + 0.8 * home_z)
    sections = rng.choice(5, size=n_articles, p=[0.3, 0.25, 0.2, 0.15, 0.1])
    section_eff = np.array([0.0, 0.2, -0.2, 0.4, -0.3])[sections]
    words = np.exp(rng.normal(6.8, 0.5, n_articles))
    lin = sum(math.log(odds[f]) * acts[f] for f in NYT_FEATURES)
    lin = lin + math.log(homepage_or) * home_z + section_eff
    b0 = _intercept(lin, base_rate)
    p = 1.0 / (1.0 + np.exp(-(b0 + lin)))
    y = (rng.random(n_articles) < p).astype(float)
    aid = np.char.add("a", np.arange(n_articles).astype(str))
    items = pd.DataFrame({"item_id": pd.array(aid, dtype="string"), "outcome": y})
    items["text"] = pd.array(_texts(rng, counts), dtype="string")
    for f in NYT_FEATURES:
        items[f"cov_{f}"] = feats[f]
    items["cov_homepage_hours"] = homepage_hours
    items["cov_log_words"] = np.log(words)
    for s in range(1, 5):
        items[f"cov_section_{s}"] = (sections == s).astype(float)
    items["true_p"] = p
    truth = {
        "generator": "nyt_like",
        "odds_ratios_per_sd": odds,
        "features_from": "text (planted lexicon words; cov_<feature> = the z-scored planted features)",
        "truth_on": truth_on,
        "words_per_article": float(words_per_article),
        "homepage_or_per_sd": float(homepage_or),
        "homepage_emotion_corr": float(homepage_emotion_corr),
        "base_rate": float(base_rate),
        "intercept": b0,
        "seed": seed,
    }
    return {"items": items, "truth": truth}


def _intercept(lin: np.ndarray, base_rate: float) -> float:
    """The intercept ``b0`` whose mean logistic probability ``mean(1 / (1 + exp(-(b0 + lin))))`` is
    ``base_rate`` (bisection on [-20, 20], 100 steps)."""

    def mean_p(b0: float) -> float:
        return float(np.mean(1.0 / (1.0 + np.exp(-(b0 + lin)))))

    lo, hi = -20.0, 20.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if mean_p(mid) < base_rate else (lo, mid)
    return 0.5 * (lo + hi)
