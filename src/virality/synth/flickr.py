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
