"""Synthetic data with known ground truth, for the studies that have no real data of their own.

Each generator is deterministic for a seed and returns canonical tables (see ``docs/architecture.md``)
plus a ``truth`` dictionary. Every output is synthetic and must be labelled so downstream.

* :func:`flickr_like` — Cha, Mislove & Gummadi (WWW 2009): favourites spreading through a follower graph
  (word of mouth) and through editorial exposure (featuring), with the true channel of every adoption.
* :func:`digg_like` — Wu & Huberman (PNAS 2007): ``N_t = (1 + r_t X_t) N_{t-1}`` with novelty decay
  ``r_t = exp(-a t^b)``; vote timestamps per story.
* :func:`nyt_like` — Berger & Milkman (JMR 2012): article emotion features and controls, outcome "made the
  most-emailed list" from a logistic model with chosen odds ratios per standard deviation.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

DAY = 86400.0
HOUR = 3600.0

#: Trajectory classes of :func:`flickr_like` and their offset from the overall word-of-mouth share.
TRAJECTORY_OFFSETS = {"editorial": -0.3, "word_of_mouth": 0.3, "hybrid": 0.0}


def follower_graph(
    n_users: int, mean_followees: float = 12.0, alpha: float = 2.1, seed: int = 0
) -> pd.DataFrame:
    """Directed follower graph with heavy-tailed in- and out-degrees.

    Out-degree (accounts followed) is drawn from a discrete Pareto law with tail exponent ``alpha`` scaled to
    mean ``mean_followees``; each follow picks its target with probability proportional to a Pareto
    "attractiveness", giving a heavy-tailed follower count as on Flickr (Mislove et al. 2007).
    Returns edges ``source`` follows ``target`` (no self-loops, no duplicates), ids ``u0 … u{n-1}``.
    """
    rng = np.random.default_rng(seed)
    raw = rng.pareto(alpha - 1.0, n_users) + 1.0
    out_deg = np.minimum(np.maximum(1, np.round(raw * mean_followees / raw.mean())), n_users - 1)
    out_deg = out_deg.astype(np.int64)
    attract = rng.pareto(alpha - 1.0, n_users) + 1.0
    p = attract / attract.sum()
    src = np.repeat(np.arange(n_users, dtype=np.int64), out_deg)
    dst = rng.choice(n_users, size=src.size, p=p)
    keep = src != dst
    pairs = np.unique(np.stack([src[keep], dst[keep]], axis=1), axis=0)
    ids = np.char.add("u", np.arange(n_users).astype(str))
    return pd.DataFrame(
        {
            "source": pd.array(ids[pairs[:, 0]], dtype="string"),
            "target": pd.array(ids[pairs[:, 1]], dtype="string"),
        }
    )


def flickr_like(
    n_users: int = 20_000,
    n_items: int = 1_000,
    wom_share: float = 0.53,
    mean_adoptions: float = 40.0,
    mean_followees: float = 12.0,
    horizon_days: float = 100.0,
    hop_delay_days: float = 2.0,
    burst_days: float = 0.5,
    trajectory_shares: tuple[float, float, float] = (0.3, 0.3, 0.4),
    seed: int = 0,
) -> dict:
    """Flickr-like favourites with two channels and a known word-of-mouth share.

    Every item has a creator (adopter zero, channel ``seed``) and a trajectory class drawn with
    ``trajectory_shares`` (editorial, word_of_mouth, hybrid). Its per-adoption probability of being social is
    ``wom_share`` plus the class offset in :data:`TRAJECTORY_OFFSETS` (offsets average to zero under the default
    shares, so the expected overall share is ``wom_share``). A social adoption is made by a follower of an
    earlier adopter after an exponential delay (mean ``hop_delay_days`` per hop: "a significant delay at each
    hop", Cha et al. 2009). A non-social adoption is made by a random user: for featured items (editorial at
    the start, hybrid at a random later time) in a burst after the featuring (mean ``burst_days``), else at a
    uniform time over the horizon (search, external links). Featurings are listed in ``exposures``.

    Returns ``{"events", "edges", "exposures", "items", "truth"}``; ``events.channel`` is the true channel
    (``seed``, ``social``, ``editorial``, ``other``); ``items.true_wom_share`` the realised per-item share.
    """
    if not 0.0 <= wom_share <= 1.0:
        raise ValueError(f"wom_share must be in [0, 1], got {wom_share}")
    rng = np.random.default_rng(seed)
    edges = follower_graph(n_users, mean_followees=mean_followees, seed=seed + 1)
    src = edges["source"].str.slice(1).astype(int).to_numpy()
    dst = edges["target"].str.slice(1).astype(int).to_numpy()
    # followers of each user (CSR: who follows `target`)
    order = np.argsort(dst, kind="stable")
    f_ptr = np.concatenate([[0], np.cumsum(np.bincount(dst, minlength=n_users))])
    f_idx = src[order]
    n_followers = np.diff(f_ptr)

    classes = np.array(list(TRAJECTORY_OFFSETS))
    sizes = np.maximum(
        2, np.round(rng.lognormal(math.log(mean_adoptions) - 0.5, 1.0, n_items))
    ).astype(int)
    sizes = np.minimum(sizes, n_users // 2)
    # stratified class assignment: items in random order each join the class whose share of adoptions is
    # furthest below its target, so adoption-weighted class shares (and hence the overall social share)
    # match the parameters closely even for heavy-tailed item sizes
    target = np.asarray(trajectory_shares, dtype=float) / sum(trajectory_shares)
    cls = np.zeros(n_items, dtype=int)
    mass = np.zeros(len(classes))
    for i in rng.permutation(n_items):
        c = int(np.argmax(target * (mass.sum() + sizes[i]) - mass))
        cls[i] = c
        mass[c] += sizes[i] - 1
    horizon = horizon_days * DAY
    start = rng.uniform(0.0, 0.2 * horizon, n_items)
    creators = rng.choice(n_users, size=n_items, p=(n_followers + 1) / (n_followers + 1).sum())

    ev_item, ev_user, ev_time, ev_chan = [], [], [], []
    exp_item, exp_time = [], []
    true_share = np.zeros(n_items)
    for i in range(n_items):
        kind = classes[cls[i]]
        p_social = min(1.0, max(0.0, wom_share + TRAJECTORY_OFFSETS[kind]))
        feature_time = None
        if kind == "editorial":
            feature_time = start[i] + rng.exponential(0.1 * DAY)
        elif kind == "hybrid":
            feature_time = start[i] + rng.uniform(2 * DAY, 30 * DAY)
        if feature_time is not None:
            exp_item.append(i)
            exp_time.append(feature_time)
        adopted = {int(creators[i])}
        a_users = [int(creators[i])]
        a_times = [start[i]]
        a_chan = ["seed"]
        # exactly round(p_social * (size - 1)) social adoptions (randomised rounding), in random order
        n_soc = int(math.floor(p_social * (sizes[i] - 1) + rng.random()))
        social_flags = np.zeros(sizes[i], dtype=bool)
        social_flags[1 + rng.permutation(sizes[i] - 1)[:n_soc]] = True
        for k in range(1, sizes[i]):
            user = -1
            if social_flags[k]:
                # an earlier adopter with followers passes the item on
                for _ in range(20):
                    j = int(rng.integers(len(a_users)))
                    a = a_users[j]
                    if n_followers[a] == 0:
                        continue
                    f = int(f_idx[f_ptr[a] + rng.integers(n_followers[a])])
                    if f not in adopted:
                        user, t, chan = (
                            f,
                            a_times[j] + rng.exponential(hop_delay_days * DAY),
                            "social",
                        )
                        break
            if user < 0:
                while True:
                    u = int(rng.integers(n_users))
                    if u not in adopted:
                        break
                user = u
                if feature_time is not None:
                    t, chan = feature_time + rng.exponential(burst_days * DAY), "editorial"
                else:
                    t, chan = rng.uniform(start[i], horizon), "other"
                if kind == "hybrid" and rng.random() < 0.3:
                    t, chan = rng.uniform(start[i], horizon), "other"
            adopted.add(user)
            a_users.append(user)
            a_times.append(t)
            a_chan.append(chan)
        chans = np.array(a_chan[1:])
        true_share[i] = float(np.mean(chans == "social")) if chans.size else 0.0
        ev_item.extend([i] * len(a_users))
        ev_user.extend(a_users)
        ev_time.extend(a_times)
        ev_chan.extend(a_chan)

    item_ids = np.char.add("p", np.arange(n_items).astype(str))
    user_ids = np.char.add("u", np.arange(n_users).astype(str))
    events = pd.DataFrame(
        {
            "item_id": pd.array(item_ids[np.asarray(ev_item)], dtype="string"),
            "user_id": pd.array(user_ids[np.asarray(ev_user)], dtype="string"),
            "time": np.asarray(ev_time, dtype="float64"),
            "channel": pd.array(ev_chan, dtype="string"),
        }
    )
    events = events.sort_values(["item_id", "time", "user_id"], kind="stable").reset_index(
        drop=True
    )
    exposures = pd.DataFrame(
        {
            "item_id": pd.array(item_ids[np.asarray(exp_item, dtype=int)], dtype="string"),
            "time": np.asarray(exp_time, dtype="float64"),
            "kind": pd.array(["featured"] * len(exp_item), dtype="string"),
        }
    )
    items = pd.DataFrame(
        {
            "item_id": pd.array(item_ids, dtype="string"),
            "start_time": start,
            "creator": pd.array(user_ids[creators], dtype="string"),
            "true_wom_share": true_share,
            "true_trajectory": cls.astype("float64"),
        }
    )
    non_seed = events["channel"] != "seed"
    realised = float((events.loc[non_seed, "channel"] == "social").mean())
    truth = {
        "generator": "flickr_like",
        "wom_share": float(wom_share),
        "realised_wom_share": realised,
        "trajectory_codes": {str(c): int(k) for k, c in enumerate(classes)},
        "n_users": n_users,
        "n_items": n_items,
        "seed": seed,
    }
    return {
        "events": events,
        "edges": edges,
        "exposures": exposures,
        "items": items,
        "truth": truth,
    }


def novelty_decay(t: np.ndarray, a: float = 0.4, b: float = 0.4) -> np.ndarray:
    """Wu & Huberman's stretched-exponential novelty factor ``r_t = exp(-a t^b)``."""
    return np.exp(-a * np.power(np.asarray(t, dtype=float), b))


def digg_like(
    n_stories: int = 2_000,
    a: float = 0.4,
    b: float = 0.4,
    n_steps: int = 720,
    step_seconds: float = HOUR,
    mu: float = 0.065,
    sigma: float = 0.065,
    log_n0_mean: float = 4.5,
    log_n0_sd: float = 0.62,
    seed: int = 0,
) -> dict:
    """Digg-like stories after Wu & Huberman (PNAS 2007), eq. ``N_t = (1 + r_t X_t) N_{t-1}``.

    ``X_t`` are i.i.d. gamma variables with mean ``mu`` and s.d. ``sigma``; ``r_t = exp(-a t^b)`` with ``t`` in
    steps of ``step_seconds``; ``N_0`` (votes at promotion, time 0) is log-normal. The defaults put the mean
    of ``log N_inf`` near the 6.5 that Wu & Huberman report for Digg 2006 (see ``docs``). Votes within a step
    are placed uniformly inside it. Since ``E[N_t / N_{t-1} - 1] = r_t mu`` exactly, the decay can be
    recovered from the mean relative growth per step.

    Returns ``{"events", "items", "truth"}``; times are seconds since promotion (``start_time`` 0).
    """
    rng = np.random.default_rng(seed)
    shape = (mu / sigma) ** 2
    scale = sigma**2 / mu
    n0 = np.maximum(1.0, np.round(np.exp(rng.normal(log_n0_mean, log_n0_sd, n_stories))))
    r = novelty_decay(np.arange(1, n_steps + 1), a, b)
    x = rng.gamma(shape, scale, size=(n_stories, n_steps))
    growth = np.cumprod(1.0 + r[None, :] * x, axis=1)
    n_real = n0[:, None] * growth
    # randomised rounding with one uniform offset per story: E[floor(x + u)] = x, so integer counts stay
    # unbiased for the real-valued process at every step (N_0 is already an integer)
    u = rng.random(n_stories)[:, None]
    counts = np.concatenate([n0[:, None], np.floor(n_real + u)], axis=1)
    counts = np.maximum.accumulate(counts, axis=1)
    new = np.diff(counts, axis=1).astype(np.int64)  # votes in step t (1..n_steps)
    n0i = n0.astype(np.int64)
    # votes at promotion sit at time 0; later votes uniform within their step
    story_of_initial = np.repeat(np.arange(n_stories), n0i)
    times_initial = np.zeros(story_of_initial.size)
    per = new.ravel()
    story_of_new = np.repeat(np.repeat(np.arange(n_stories), n_steps), per)
    step_of_new = np.repeat(np.tile(np.arange(n_steps), n_stories), per)
    times_new = (step_of_new + rng.random(step_of_new.size)) * step_seconds
    story = np.concatenate([story_of_initial, story_of_new])
    times = np.concatenate([times_initial, times_new])
    order = np.lexsort((times, story))
    story, times = story[order], times[order]
    rank = np.arange(story.size) - np.searchsorted(story, story)
    sid = np.char.add("s", np.arange(n_stories).astype(str))
    events = pd.DataFrame(
        {
            "item_id": pd.array(sid[story], dtype="string"),
            "user_id": pd.array(
                np.char.add(np.char.add(sid[story], "_v"), rank.astype(str)), dtype="string"
            ),
            "time": times,
        }
    )
    items = pd.DataFrame(
        {
            "item_id": pd.array(sid, dtype="string"),
            "start_time": np.zeros(n_stories),
            "outcome": counts[:, -1],
            "true_n0": n0,
        }
    )
    half = (math.log(2.0) / a) ** (1.0 / b)  # r_t = 1/2 of r_0 = 1
    truth = {
        "generator": "digg_like",
        "a": a,
        "b": b,
        "mu": mu,
        "sigma": sigma,
        "step_seconds": step_seconds,
        "n_steps": n_steps,
        "half_life_steps": half,
        "seed": seed,
    }
    return {"events": events, "items": items, "truth": truth}


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


def nyt_like(
    n_articles: int = 7_000,
    odds_ratios: dict[str, float] | None = None,
    base_rate: float = 0.2,
    homepage_or: float = 1.8,
    homepage_emotion_corr: float = 0.3,
    seed: int = 0,
) -> dict:
    """NYT-like articles after Berger & Milkman (JMR 2012), with known odds ratios per s.d.

    Features (``cov_<name>``) are standard-normal with mild correlations; the controls are homepage exposure
    (hours on the home page, log-normal, correlated ``homepage_emotion_corr`` with anger and awe: editors
    feature arousing stories, which is what makes omitting it biased), log word count and five section
    dummies. ``P(made list) = logistic(b0 + sum_k log(OR_k) z_k + log(homepage_or) z_home + section)``, with
    ``b0`` solved so the mean probability is ``base_rate``. ``outcome`` is 0/1.

    Returns ``{"items", "truth"}``; truth holds the odds ratios per s.d. of each feature.
    """
    odds = dict(NYT_DEFAULT_ODDS if odds_ratios is None else odds_ratios)
    rng = np.random.default_rng(seed)
    names = list(odds)
    k = len(names)
    cov = np.full((k, k), 0.1)
    np.fill_diagonal(cov, 1.0)
    z = rng.multivariate_normal(np.zeros(k), cov, size=n_articles)
    z = (z - z.mean(0)) / z.std(0)
    feats = dict(zip(names, z.T, strict=True))
    drive = sum(feats.get(n, 0.0) for n in ("anger", "awe"))
    drive = drive / (np.std(drive) if np.std(drive) > 0 else 1.0)
    c = homepage_emotion_corr
    home_z = c * drive + math.sqrt(max(0.0, 1 - c**2)) * rng.normal(size=n_articles)
    home_z = (home_z - home_z.mean()) / home_z.std()
    homepage_hours = np.exp(1.0 + 0.8 * home_z)
    sections = rng.choice(5, size=n_articles, p=[0.3, 0.25, 0.2, 0.15, 0.1])
    section_eff = np.array([0.0, 0.2, -0.2, 0.4, -0.3])[sections]
    words = np.exp(rng.normal(6.8, 0.5, n_articles))
    lin = (
        sum(math.log(odds[n]) * feats[n] for n in names)
        + math.log(homepage_or) * home_z
        + section_eff
    )

    def mean_p(b0: float) -> float:
        return float(np.mean(1.0 / (1.0 + np.exp(-(b0 + lin)))))

    lo, hi = -20.0, 20.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if mean_p(mid) < base_rate else (lo, mid)
    b0 = 0.5 * (lo + hi)
    p = 1.0 / (1.0 + np.exp(-(b0 + lin)))
    y = (rng.random(n_articles) < p).astype(float)
    aid = np.char.add("a", np.arange(n_articles).astype(str))
    items = pd.DataFrame({"item_id": pd.array(aid, dtype="string"), "outcome": y})
    for n in names:
        items[f"cov_{n}"] = feats[n]
    items["cov_homepage_hours"] = homepage_hours
    items["cov_log_words"] = np.log(words)
    for s in range(1, 5):
        items[f"cov_section_{s}"] = (sections == s).astype(float)
    items["true_p"] = p
    truth = {
        "generator": "nyt_like",
        "odds_ratios_per_sd": {n: float(v) for n, v in odds.items()},
        "homepage_or_per_sd": float(homepage_or),
        "homepage_emotion_corr": float(homepage_emotion_corr),
        "base_rate": float(base_rate),
        "intercept": b0,
        "seed": seed,
    }
    return {"items": items, "truth": truth}
