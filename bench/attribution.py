"""Benchmark of Study A's social attribution at Flickr's scale (Cha, Mislove & Gummadi 2009).

Flickr (WOSN '08 / WWW '09): 2.5 million users, 33 million follow links, 34 million favourites of 11 million
photos. This script generates a synthetic graph and adoptions of that size (vectorised numpy, not
``virality.synth.flickr_like``, which loops in Python), then times the attribution join of
:mod:`virality.attribution.social` (``followee_pairs`` in DuckDB + ``social_flags``), the bootstrap interval,
the time-shuffle null, the uniform and the matched placebo nulls (:mod:`virality.attribution.nulls`, one
attribution join per draw) and the corrected shares with their block bootstrap, and prints adoptions per
second and peak memory.

Each scale runs in its own subprocess, so its peak resident memory (``ru_maxrss``, which includes DuckDB's
native allocations) is its own. Not a test; run by hand::

    .venv/bin/python bench/attribution.py                 # 1/100 and 1/10
    .venv/bin/python bench/attribution.py --scales 1      # full scale

Measured at full scale (2.5 M users, 33 M links, 34 M adoptions; 2 threads on a shared 2-core machine,
1 draw of each placebo): 411 s for the join, bootstrap, 5 time shuffles, both placebos and the corrected
shares (plus 304 s generating the data), peak resident memory 8.8 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

from virality.attribution import nulls as N
from virality.attribution import social as A

FLICKR = {"users": 2_500_000, "links": 33_000_000, "favourites": 34_000_000, "photos": 11_000_000}
DAY = 86400.0


def generate(scale: float, seed: int = 0, wom_share: float = 0.5) -> dict:
    """Graph and adoptions at ``scale`` × Flickr, vectorised.

    Out-degrees are Pareto (tail 1.1) scaled to the link count; targets are drawn with Pareto
    attractiveness (heavy-tailed follower counts); duplicates and self-loops are dropped. Photos have
    log-normal sizes scaled to the favourite count and creators drawn in proportion to followers + 1. A
    favourite is social with probability ``wom_share``: half of those are made by a follower of the creator
    (one exponential hop of mean 2 days), half by a follower of a first-hop adopter of the same photo (a
    second hop); the others by a uniform random user at a uniform time. Links and favourites are drawn in
    excess, repeated (follower, followee) and (photo, user) pairs dropped, then subsampled to the counts.
    """
    rng = np.random.default_rng(seed)
    n_users = int(FLICKR["users"] * scale)
    n_links = int(FLICKR["links"] * scale)
    n_fav = int(FLICKR["favourites"] * scale)
    n_photos = int(FLICKR["photos"] * scale)
    raw = rng.pareto(1.1, n_users) + 1.0
    # draw about 35% more links than needed (repeats of popular targets are dropped), then subsample
    out_deg = np.minimum(np.round(raw * 1.35 * n_links / raw.sum()).astype(np.int64), n_users - 1)
    attract = rng.pareto(1.1, n_users) + 1.0
    cdf = np.cumsum(attract)
    src = np.repeat(np.arange(n_users, dtype=np.int64), out_deg)
    dst = np.searchsorted(cdf, rng.random(src.size) * cdf[-1]).astype(np.int64)
    key = np.unique(src * n_users + dst)
    src, dst = key // n_users, key % n_users
    keep = np.flatnonzero(src != dst)
    if keep.size > n_links:
        keep = np.sort(rng.choice(keep, n_links, replace=False))
    src, dst = src[keep], dst[keep]
    # followers of each user (CSR on target)
    order = np.argsort(dst, kind="stable")
    f_idx = src[order]
    n_follow = np.bincount(dst, minlength=n_users)
    f_ptr = np.concatenate([[0], np.cumsum(n_follow)])

    def random_follower(u):
        k = n_follow[u]
        pick = f_ptr[u] + (rng.random(u.size) * np.maximum(k, 1)).astype(np.int64)
        out = np.where(
            k > 0, f_idx[np.minimum(pick, f_idx.size - 1)], rng.integers(0, n_users, u.size)
        )
        return out

    sizes = np.maximum(1, np.round(rng.lognormal(0.0, 1.2, n_photos))).astype(np.int64)
    sizes = np.maximum(1, np.round(sizes * 1.15 * n_fav / sizes.sum())).astype(np.int64)
    p_creator = (n_follow + 1.0) / (n_follow + 1.0).sum()
    creator = np.searchsorted(np.cumsum(p_creator), rng.random(n_photos)).clip(0, n_users - 1)
    start = rng.uniform(0.0, 20 * DAY, n_photos)
    item = np.repeat(np.arange(n_photos, dtype=np.int64), sizes)
    kind = rng.random(item.size)  # < w/2: hop 1, < w: hop 2, else non-social
    hop1 = kind < wom_share / 2
    hop2 = (kind >= wom_share / 2) & (kind < wom_share)
    user = rng.integers(0, n_users, item.size)
    time_ = rng.uniform(start[item], 100 * DAY)
    i1 = np.flatnonzero(hop1)
    user[i1] = random_follower(creator[item[i1]])
    time_[i1] = start[item[i1]] + rng.exponential(2 * DAY, i1.size)
    # second hop: a follower of a random first-hop adopter of the same photo (creator if there is none)
    k1 = np.bincount(item[i1], minlength=n_photos)
    p1 = np.concatenate([[0], np.cumsum(k1)])
    i2 = np.flatnonzero(hop2)
    it2 = item[i2]
    has = k1[it2] > 0
    j = p1[it2] + (rng.random(i2.size) * np.maximum(k1[it2], 1)).astype(np.int64)
    j = np.minimum(j, max(i1.size - 1, 0))
    parent_user = np.where(has, user[i1][j] if i1.size else creator[it2], creator[it2])
    parent_time = np.where(has, time_[i1][j] if i1.size else start[it2], start[it2])
    user[i2] = random_follower(parent_user)
    time_[i2] = parent_time + rng.exponential(2 * DAY, i2.size)
    # creators are the seeds; drop repeated (photo, user) pairs, keeping the seed
    item = np.concatenate([np.arange(n_photos, dtype=np.int64), item])
    user = np.concatenate([creator, user])
    time_ = np.concatenate([start, time_])
    seed_mask = np.concatenate([np.ones(n_photos, bool), np.zeros(user.size - n_photos, bool)])
    _, first = np.unique(item * n_users + user, return_index=True)
    item, user, time_, seed_mask = item[first], user[first], time_[first], seed_mask[first]
    fav = np.flatnonzero(~seed_mask)  # 15% drawn in excess: subsample to the favourite count
    if fav.size > n_fav:
        drop = rng.choice(fav, fav.size - n_fav, replace=False)
        keep = np.ones(item.size, bool)
        keep[drop] = False
        item, user, time_, seed_mask = item[keep], user[keep], time_[keep], seed_mask[keep]
    order = np.lexsort((~seed_mask, time_, item))
    return {
        "item": item[order],
        "user": user[order],
        "time": time_[order],
        "seed": seed_mask[order],
        "src": src,
        "dst": dst,
        "n_users": n_users,
        "n_photos": n_photos,
    }


def run(
    scale: float, threads: int, n_perm: int, n_boot: int, memory_limit: str, n_placebo: int = 1
) -> dict:
    t0 = time.perf_counter()
    g = generate(scale)
    t_gen = time.perf_counter() - t0
    n_adopt = int((~g["seed"]).sum())
    graph = A.Graph(g["src"], g["dst"])
    t0 = time.perf_counter()
    pairs = A.followee_pairs(
        g["item"], g["user"], graph, threads=threads, memory_limit=memory_limit
    )
    social = A.social_flags(g["time"], pairs) & ~g["seed"]
    t_attr = time.perf_counter() - t0
    share = float(social.sum() / n_adopt)
    t0 = time.perf_counter()
    n, s = A.item_counts(g["item"], social, g["seed"], g["n_photos"])
    lo, hi = N.bootstrap_share(n, s, n_boot, seed=1)
    t_boot = time.perf_counter() - t0
    ad = A.Adoptions(
        g["item"],
        g["user"],
        g["time"],
        g["seed"],
        np.arange(g["n_photos"]),
        np.arange(g["n_users"]),
    )
    att = A.Attribution(ad, graph, pairs, social, None)
    del g
    t0 = time.perf_counter()
    shuffle = N.time_shuffle_null(att, n_perm, seed=2)["static"]
    t_null = time.perf_counter() - t0
    placebos, t_placebo = {}, {}
    for k, how in enumerate(N.PLACEBOS):
        t0 = time.perf_counter()
        placebos[how] = N.placebo_null(att, n_placebo, 3 + k, how, 2.0, threads, memory_limit)[
            "static"
        ]
        t_placebo[how] = time.perf_counter() - t0
    t0 = time.perf_counter()
    p = {"n_boot": n_boot, "seed": 4, "level": 0.95, "bin_ratio": 2.0, "max_units": 5000}
    est = N.estimates(att, social, shuffle, placebos, p)
    t_est = time.perf_counter() - t0
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    return {
        "scale": scale,
        "users": int(ad.user_ids.size),
        "links": int(graph.src.size),
        "adoptions": n_adopt,
        "photos": int(ad.item_ids.size),
        "follower_pairs": int(pairs[0].size),
        "wom_share": round(share, 4),
        "ci": [round(lo, 4), round(hi, 4)],
        "null_share": round(float(shuffle[0].mean()), 4),
        "chance_uniform": round(est["chance_uniform"], 4),
        "chance_matched": round(est["chance_matched"], 4),
        "corrected_uniform": round(est["corrected_uniform"], 4),
        "corrected_matched": round(est["corrected_matched"], 4),
        "corrected_matched_ci": [round(x, 4) for x in est["corrected_matched_ci"]],
        "generate_s": round(t_gen, 1),
        "attribution_s": round(t_attr, 1),
        "adoptions_per_s": round(n_adopt / t_attr),
        "bootstrap_s": round(t_boot, 1),
        "null_s": round(t_null, 1),
        "placebo_uniform_s": round(t_placebo["uniform"], 1),
        "placebo_matched_s": round(t_placebo["matched"], 1),
        "estimates_s": round(t_est, 1),
        "total_s_excl_generate": round(
            t_attr + t_boot + t_null + sum(t_placebo.values()) + t_est, 1
        ),
        "peak_rss_gb": round(peak_gb, 2),
    }


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--scales", type=float, nargs="+", default=[0.01, 0.1], help="fractions of Flickr's size"
    )
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--n-perm", type=int, default=5, help="time-shuffle permutations")
    ap.add_argument("--n-boot", type=int, default=200, help="bootstrap replicates")
    ap.add_argument("--n-placebo", type=int, default=1, help="draws of each placebo null")
    ap.add_argument("--memory-limit", default="9GB", help="DuckDB memory limit")
    ap.add_argument(
        "--one", type=float, help=argparse.SUPPRESS
    )  # internal: run one scale, print JSON
    a = ap.parse_args(argv)
    if a.one is not None:
        print(json.dumps(run(a.one, a.threads, a.n_perm, a.n_boot, a.memory_limit, a.n_placebo)))
        return
    for scale in a.scales:
        cmd = [
            sys.executable,
            __file__,
            "--one",
            str(scale),
            "--threads",
            str(a.threads),
            "--n-perm",
            str(a.n_perm),
            "--n-boot",
            str(a.n_boot),
            "--n-placebo",
            str(a.n_placebo),
            "--memory-limit",
            a.memory_limit,
        ]
        out = (
            subprocess.run(cmd, check=True, capture_output=True, text=True)
            .stdout.strip()
            .splitlines()[-1]
        )
        r = json.loads(out)
        print(
            f"scale {r['scale']:g}: {r['users']:,} users, {r['links']:,} links, {r['adoptions']:,} adoptions "
            f"({r['photos']:,} photos); follower pairs within photos {r['follower_pairs']:,}\n"
            f"  attribution join {r['attribution_s']} s = {r['adoptions_per_s']:,} adoptions/s; "
            f"bootstrap ({a.n_boot}) {r['bootstrap_s']} s; time-shuffle null ({a.n_perm}) {r['null_s']} s; "
            f"placebo uniform ({a.n_placebo}) {r['placebo_uniform_s']} s, matched ({a.n_placebo}) "
            f"{r['placebo_matched_s']} s; corrected shares and intervals {r['estimates_s']} s; "
            f"total {r['total_s_excl_generate']} s (+ generation {r['generate_s']} s); "
            f"peak RSS {r['peak_rss_gb']} GB\n"
            f"  word-of-mouth share {r['wom_share']} (95% CI {r['ci'][0]}-{r['ci'][1]}), null {r['null_share']}; "
            f"chance uniform {r['chance_uniform']}, matched {r['chance_matched']}; corrected uniform "
            f"{r['corrected_uniform']}, matched {r['corrected_matched']} {r['corrected_matched_ci']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
