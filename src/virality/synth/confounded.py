"""A Flickr-like world in which Cha et al.'s rule fails: homophily, heavy-tailed activity and links formed
after, and because of, an adoption (Study A's stress test, ``flickr_confounded_synth``).

:func:`.flickr.flickr_like` cannot make the rule's corrections fail: its non-social adopters are uniformly
random accounts, exactly the placebo's null. Here every user has a latent taste (one of ``n_tastes``) that
drives both whom they follow (``homophily``) and what they adopt without being told (``taste_adoption``);
active users (Pareto activity) adopt more and follow more accounts; and an adopter sometimes follows the
item's creator right after the adoption (``follow_back``), a link that a static graph shows as if it had
carried the item. The true channel of every adoption is known, as in :func:`.flickr.flickr_like`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .flickr import DAY, HOUR, events_frame


def _weighted_pick(cum: np.ndarray, lo: int, hi: int, rng: np.random.Generator) -> int:
    """An index in ``[lo, hi)`` drawn with probability proportional to the weights whose running sum is
    ``cum`` (``cum[k]`` = sum of the weights up to and including ``k``)."""
    base = cum[lo - 1] if lo > 0 else 0.0
    u = base + rng.random() * (cum[hi - 1] - base)
    return int(min(max(np.searchsorted(cum, u, side="right"), lo), hi - 1))


def taste_graph(
    taste: np.ndarray,
    out_deg: np.ndarray,
    attract: np.ndarray,
    homophily: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Directed follows ``src → dst``: user ``u`` makes ``out_deg[u]`` follows, each within ``u``'s taste with
    probability ``homophily`` (else anywhere), the target drawn in proportion to ``attract``; repeated
    pairs and self-loops dropped. Returns sorted unique ``(src, dst)``."""
    n = taste.size
    by_taste = np.argsort(taste, kind="stable")
    cum = np.cumsum(attract[by_taste])
    bounds = np.searchsorted(taste[by_taste], np.arange(taste.max() + 2))
    src = np.repeat(np.arange(n, dtype=np.int64), out_deg)
    within = rng.random(src.size) < homophily
    lo = np.where(within, bounds[taste[src]], 0)
    hi = np.where(within, bounds[taste[src] + 1], n)
    base = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
    u = base + rng.random(src.size) * (cum[hi - 1] - base)
    pos = np.clip(np.searchsorted(cum, u, side="right"), lo, hi - 1)
    dst = by_taste[pos]
    keep = src != dst
    pairs = np.unique(np.stack([src[keep], dst[keep]], axis=1), axis=0)
    return pairs[:, 0], pairs[:, 1]


def _users(n_users, n_tastes, mean_followees, activity_tail, rng):
    """Taste, activity (Pareto, mean 1), out-degree (proportional to activity, mean ``mean_followees``) and
    attractiveness (Pareto) of every user."""
    taste = rng.integers(0, n_tastes, n_users)
    activity = rng.pareto(activity_tail - 1.0, n_users) + 1.0
    activity /= activity.mean()
    out_deg = np.clip(np.round(activity * mean_followees), 1, n_users // 4).astype(np.int64)
    attract = rng.pareto(activity_tail - 1.0, n_users) + 1.0
    return taste, activity, out_deg, attract


def _lookups(taste, activity, src, dst, n_tastes) -> dict:
    """Arrays for drawing followers (by activity) and same-taste or any accounts (by activity)."""
    order = np.argsort(dst, kind="stable")
    f_idx = src[order]
    by_taste = np.argsort(taste, kind="stable")
    return {
        "f_ptr": np.concatenate([[0], np.cumsum(np.bincount(dst, minlength=taste.size))]),
        "f_idx": f_idx,
        "f_cum": np.cumsum(activity[f_idx]),
        "taste": taste,
        "t_bounds": np.searchsorted(taste[by_taste], np.arange(n_tastes + 1)),
        "by_taste": by_taste,
        "a_cum": np.cumsum(activity[by_taste]),
        "g_cum": np.cumsum(activity),
        "n": taste.size,
    }


def _item_adoptions(i, ctx, rng):
    """Adoptions of item ``i``: the creator at its start, then ``size − 1`` adopters, social ones through a
    follower (activity-weighted) of an earlier adopter after a hop delay, the others drawn by taste and
    activity; returns users, times, channels and the follow-back links ``(user, created)``."""
    c = ctx
    creator, start, size = int(c["creators"][i]), float(c["start"][i]), int(c["sizes"][i])
    feature = c["feature"][i]
    users, times, chans = [creator], [start], ["seed"]
    adopted = {creator}
    n_soc = int(math.floor(c["wom_share"] * (size - 1) + rng.random()))
    social = np.zeros(size, dtype=bool)
    social[1 + rng.permutation(size - 1)[:n_soc]] = True
    links = []
    for k in range(1, size):
        user = -1
        if social[k]:
            for _ in range(30):
                j = int(rng.integers(len(users)))
                a = users[j]
                lo, hi = c["f_ptr"][a], c["f_ptr"][a + 1]
                if hi == lo:
                    continue
                f = int(c["f_idx"][_weighted_pick(c["f_cum"], lo, hi, rng)])
                if f not in adopted:
                    user, t, chan = f, times[j] + rng.exponential(c["hop"]), "social"
                    break
        if user < 0:
            lo, hi = c["t_bounds"][c["taste"][creator]], c["t_bounds"][c["taste"][creator] + 1]
            same = hi > lo and rng.random() < c["taste_adoption"]
            for _ in range(1000):
                pos = _weighted_pick(c["a_cum"], lo, hi, rng) if same else None
                u = int(c["by_taste"][pos]) if same else _weighted_pick(c["g_cum"], 0, c["n"], rng)
                if u not in adopted:
                    break
            user = u
            if np.isfinite(feature) and rng.random() < 0.7:
                t, chan = feature + rng.exponential(c["burst"]), "editorial"
            else:
                t, chan = rng.uniform(start, c["horizon"]), "other"
        if rng.random() < c["follow_back"]:
            links.append((user, creator, t + rng.exponential(HOUR)))
        adopted.add(user)
        users.append(user)
        times.append(t)
        chans.append(chan)
    return users, times, chans, links


def flickr_confounded(
    n_users: int = 20_000,
    n_items: int = 1_000,
    wom_share: float = 0.35,
    mean_adoptions: float = 40.0,
    mean_followees: float = 12.0,
    n_tastes: int = 20,
    homophily: float = 0.5,
    taste_adoption: float = 0.5,
    activity_tail: float = 2.1,
    follow_back: float = 0.1,
    featured_share: float = 0.5,
    horizon_days: float = 100.0,
    hop_delay_days: float = 2.0,
    burst_days: float = 0.5,
    seed: int = 0,
) -> dict:
    """Flickr-like favourites with a known word-of-mouth share ``wom_share`` and three confounders.

    * Homophily: a user follows accounts of the same taste with probability ``homophily``; a non-social
      adopter of an item has the creator's taste with probability ``taste_adoption``.
    * Activity: Pareto activity (tail ``activity_tail``, mean 1) sets both how often a user adopts (non-social
      adopters and followers passing an item on are drawn in proportion to it) and how many accounts they
      follow (out-degree proportional to activity, mean ``mean_followees``).
    * Reverse causation: after an adoption the adopter follows the creator with probability ``follow_back``,
      one exponential hour later; ``edges.created`` dates these links, older links have ``created = 0``.

    A social adoption is made by a follower of an earlier adopter (a link older than the item) after an
    exponential delay of mean ``hop_delay_days``; a non-social one comes in the burst after the item's
    featuring (a share ``featured_share`` of items, featured 0–10 days after the start) or at a uniform
    time. Returns ``{"events", "edges", "exposures", "items", "truth"}`` as :func:`.flickr.flickr_like`.
    """
    if not 0.0 <= wom_share <= 1.0:
        raise ValueError(f"wom_share must be in [0, 1], got {wom_share}")
    rng = np.random.default_rng(seed)
    taste, activity, out_deg, attract = _users(
        n_users, n_tastes, mean_followees, activity_tail, rng
    )
    src, dst = taste_graph(taste, out_deg, attract, homophily, rng)
    n_followers = np.bincount(dst, minlength=n_users)
    sizes = np.maximum(
        2, np.round(rng.lognormal(math.log(mean_adoptions) - 0.5, 1.0, n_items))
    ).astype(int)
    horizon = horizon_days * DAY
    start = rng.uniform(0.01 * horizon, 0.2 * horizon, n_items)
    creators = rng.choice(n_users, size=n_items, p=(n_followers + 1) / (n_followers + 1).sum())
    featured = rng.random(n_items) < featured_share
    feature = np.where(featured, start + rng.uniform(0, 10 * DAY, n_items), np.nan)
    ctx = {
        **_lookups(taste, activity, src, dst, n_tastes),
        "creators": creators,
        "start": start,
        "sizes": np.minimum(sizes, n_users // 4),
        "feature": feature,
        "wom_share": wom_share,
        "taste_adoption": taste_adoption,
        "hop": hop_delay_days * DAY,
        "burst": burst_days * DAY,
        "horizon": horizon,
        "follow_back": follow_back,
    }
    ev, new_links = _all_adoptions(n_items, ctx, rng)
    return _assemble(
        ev,
        (src, dst, new_links),
        (start, creators, feature),
        {
            "generator": "flickr_confounded",
            "wom_share": float(wom_share),
            "homophily": homophily,
            "taste_adoption": taste_adoption,
            "follow_back": follow_back,
            "activity_tail": activity_tail,
            "n_tastes": n_tastes,
            "n_users": n_users,
            "n_items": n_items,
            "seed": seed,
        },
    )


def _all_adoptions(n_items: int, ctx: dict, rng: np.random.Generator):
    """Every item's adoptions as event columns (item, user, time, channel) and the links they created."""
    ev_item, ev_user, ev_time, ev_chan, new_links = [], [], [], [], []
    for i in range(n_items):
        users, times, chans, links = _item_adoptions(i, ctx, rng)
        ev_item += [i] * len(users)
        ev_user += users
        ev_time += times
        ev_chan += chans
        new_links += links
    return (ev_item, ev_user, ev_time, ev_chan), new_links


def _assemble(ev, graph, item_info, truth) -> dict:
    """Canonical tables from the generator's lists: events with the true channel, dated edges (a link made
    after an adoption keeps its first date; an older link wins), exposures and items."""
    src, dst, new_links = graph
    start, creators, feature = item_info
    n_items = start.size
    user_ids = np.char.add("u", np.arange(int(truth["n_users"])).astype(str))
    item_ids = np.char.add("p", np.arange(n_items).astype(str))
    events = events_frame(ev, item_ids, user_ids)
    nl = np.asarray(new_links, dtype=float).reshape(-1, 3)
    e = pd.DataFrame(
        {
            "s": np.concatenate([src, nl[:, 0].astype(np.int64)]),
            "t": np.concatenate([dst, nl[:, 1].astype(np.int64)]),
            "created": np.concatenate([np.zeros(src.size), nl[:, 2]]),
        }
    )
    e = e.loc[e["s"] != e["t"]].sort_values(["s", "t", "created"], kind="stable")
    e = e.drop_duplicates(["s", "t"])
    edges = pd.DataFrame(
        {
            "source": pd.array(user_ids[e["s"].to_numpy()], dtype="string"),
            "target": pd.array(user_ids[e["t"].to_numpy()], dtype="string"),
            "created": e["created"].to_numpy(dtype="float64"),
        }
    )
    feat = np.flatnonzero(np.isfinite(feature))
    exposures = pd.DataFrame(
        {
            "item_id": pd.array(item_ids[feat], dtype="string"),
            "time": feature[feat],
            "kind": pd.array(["featured"] * feat.size, dtype="string"),
        }
    )
    non_seed = events["channel"] != "seed"
    is_social = (events["channel"] == "social").to_numpy()
    per_item = (
        pd.Series(is_social[non_seed.to_numpy()])
        .groupby(events.loc[non_seed, "item_id"].to_numpy())
        .mean()
    )
    items = pd.DataFrame(
        {
            "item_id": pd.array(item_ids, dtype="string"),
            "start_time": start,
            "creator": pd.array(user_ids[creators], dtype="string"),
            "true_wom_share": pd.Series(item_ids).map(per_item).to_numpy(dtype=float),
        }
    )
    truth = {
        **truth,
        "realised_wom_share": float(is_social[non_seed.to_numpy()].mean()),
        "n_links_after_adoption": int((edges["created"] > 0).sum()),
    }
    return {
        "events": events.reset_index(drop=True),
        "edges": edges,
        "exposures": exposures,
        "items": items,
        "truth": truth,
    }
