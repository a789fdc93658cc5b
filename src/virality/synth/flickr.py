"""Flickr-like favourites (Cha, Mislove & Gummadi, WWW 2009): word of mouth through a follower graph and
editorial exposure (featuring), with the true channel of every adoption."""

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
    """Flickr-like favourites with two channels and a known word-of-mouth share (Cha et al. 2009).

    Each item has a creator (channel ``seed``) and a trajectory class (``trajectory_shares`` of editorial,
    word_of_mouth, hybrid) whose offset in :data:`TRAJECTORY_OFFSETS` shifts its social probability around
    ``wom_share``. A social adoption is a follower of an earlier adopter after an exponential hop delay; the
    others are random users, in a burst after a featuring (``exposures``) or at uniform times. Returns
    canonical tables and ``truth``; ``events.channel`` is the true channel.
    """
    if not 0.0 <= wom_share <= 1.0:
        raise ValueError(f"wom_share must be in [0, 1], got {wom_share}")
    rng = np.random.default_rng(seed)
    edges = follower_graph(n_users, mean_followees=mean_followees, seed=seed + 1)
    followers = _followers(edges, n_users)
    n_followers = np.diff(followers[0])

    classes = np.array(list(TRAJECTORY_OFFSETS))
    sizes = np.maximum(
        2, np.round(rng.lognormal(math.log(mean_adoptions) - 0.5, 1.0, n_items))
    ).astype(int)
    sizes = np.minimum(sizes, n_users // 2)
    cls = _stratified_classes(rng, sizes, trajectory_shares, len(classes))
    horizon = horizon_days * DAY
    start = rng.uniform(0.0, 0.2 * horizon, n_items)
    creators = rng.choice(n_users, size=n_items, p=(n_followers + 1) / (n_followers + 1).sum())

    scales = (n_users, horizon, hop_delay_days * DAY, burst_days * DAY)
    ev_cols, exp_cols, true_share = _all_adoptions(
        rng, classes[cls], sizes, start, creators, wom_share, followers, scales
    )
    events, exposures, items = _tables(
        ev_cols,
        exp_cols,
        start,
        creators,
        true_share,
        cls,
        n_users,
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


def _followers(edges: pd.DataFrame, n_users: int) -> tuple[np.ndarray, np.ndarray]:
    """Followers of each user in CSR form (``ptr``, ``idx``): who follows ``target``."""
    src = edges["source"].str.slice(1).astype(int).to_numpy()
    dst = edges["target"].str.slice(1).astype(int).to_numpy()
    order = np.argsort(dst, kind="stable")
    ptr = np.concatenate([[0], np.cumsum(np.bincount(dst, minlength=n_users))])
    return ptr, src[order]


def _stratified_classes(
    rng: np.random.Generator, sizes: np.ndarray, shares, n_classes: int
) -> np.ndarray:
    """Class of each item: items in random order each join the class whose share of adoptions is
    furthest below its target, so adoption-weighted class shares (and hence the overall social share)
    match the parameters closely even for heavy-tailed item sizes."""
    target = np.asarray(shares, dtype=float) / sum(shares)
    cls = np.zeros(len(sizes), dtype=int)
    mass = np.zeros(n_classes)
    for i in rng.permutation(len(sizes)):
        c = int(np.argmax(target * (mass.sum() + sizes[i]) - mass))
        cls[i] = c
        mass[c] += sizes[i] - 1
    return cls


def _featuring(rng: np.random.Generator, kind: str, start: float) -> float | None:
    """When an item is featured: soon after its start (editorial), later (hybrid), never (word of mouth)."""
    if kind == "editorial":
        return start + rng.exponential(0.1 * DAY)
    if kind == "hybrid":
        return start + rng.uniform(2 * DAY, 30 * DAY)
    return None


def _social_adoption(rng, a_users, a_times, adopted, followers, hop_delay):
    """A follower of an earlier adopter passes the item on (20 tries), or ``None``."""
    ptr, idx = followers
    for _ in range(20):
        j = int(rng.integers(len(a_users)))
        a = a_users[j]
        n_f = ptr[a + 1] - ptr[a]
        if n_f == 0:
            continue
        f = int(idx[ptr[a] + rng.integers(n_f)])
        if f not in adopted:
            return f, a_times[j] + rng.exponential(hop_delay), "social"
    return None


def _item_adoptions(rng, kind, creator, start, size, feature_time, p_social, followers, scales):
    """Adopters, times and true channels of one item, its creator first (channel ``seed``)."""
    n_users, horizon, hop_delay, burst = scales
    adopted = {creator}
    a_users, a_times, a_chan = [creator], [start], ["seed"]
    # exactly round(p_social * (size - 1)) social adoptions (randomised rounding), in random order
    n_soc = int(math.floor(p_social * (size - 1) + rng.random()))
    social_flags = np.zeros(size, dtype=bool)
    social_flags[1 + rng.permutation(size - 1)[:n_soc]] = True
    for k in range(1, size):
        found = None
        if social_flags[k]:
            found = _social_adoption(rng, a_users, a_times, adopted, followers, hop_delay)
        if found is None:
            while True:
                u = int(rng.integers(n_users))
                if u not in adopted:
                    break
            if feature_time is not None:
                t, chan = feature_time + rng.exponential(burst), "editorial"
            else:
                t, chan = rng.uniform(start, horizon), "other"
            if kind == "hybrid" and rng.random() < 0.3:
                t, chan = rng.uniform(start, horizon), "other"
            found = (u, t, chan)
        user, t, chan = found
        adopted.add(user)
        a_users.append(user)
        a_times.append(t)
        a_chan.append(chan)
    return a_users, a_times, a_chan


def _tables(events_cols, exposure_cols, start, creators, true_share, cls, n_users):
    """The generated adoptions and featurings as canonical events, exposures and items tables."""
    exp_item, exp_time = exposure_cols
    n_items = len(start)
    item_ids = np.char.add("p", np.arange(n_items).astype(str))
    user_ids = np.char.add("u", np.arange(n_users).astype(str))
    events = events_frame(events_cols, item_ids, user_ids)
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
    return events, exposures, items


def _all_adoptions(rng, kinds, sizes, start, creators, wom_share, followers, scales):
    """Every item's adoptions (column lists), its featurings and its realised word-of-mouth share."""
    ev_item, ev_user, ev_time, ev_chan = [], [], [], []
    exp_item, exp_time = [], []
    true_share = np.zeros(len(kinds))
    for i in range(len(kinds)):
        kind = kinds[i]
        feature_time = _featuring(rng, kind, start[i])
        if feature_time is not None:
            exp_item.append(i)
            exp_time.append(feature_time)
        a_users, a_times, a_chan = _item_adoptions(
            rng,
            kind,
            int(creators[i]),
            start[i],
            int(sizes[i]),
            feature_time,
            min(1.0, max(0.0, wom_share + TRAJECTORY_OFFSETS[kind])),
            followers,
            scales,
        )
        chans = np.array(a_chan[1:])
        true_share[i] = float(np.mean(chans == "social")) if chans.size else 0.0
        ev_item.extend([i] * len(a_users))
        ev_user.extend(a_users)
        ev_time.extend(a_times)
        ev_chan.extend(a_chan)

    return (ev_item, ev_user, ev_time, ev_chan), (exp_item, exp_time), true_share


def events_frame(cols, item_ids: np.ndarray, user_ids: np.ndarray) -> pd.DataFrame:
    """Canonical events from column lists (item index, user index, time, true channel), sorted by item,
    time and user."""
    ev_item, ev_user, ev_time, ev_chan = cols
    events = pd.DataFrame(
        {
            "item_id": pd.array(item_ids[np.asarray(ev_item)], dtype="string"),
            "user_id": pd.array(user_ids[np.asarray(ev_user)], dtype="string"),
            "time": np.asarray(ev_time, dtype="float64"),
            "channel": pd.array(ev_chan, dtype="string"),
        }
    )
    return events.sort_values(["item_id", "time", "user_id"], kind="stable").reset_index(drop=True)
