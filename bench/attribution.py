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

Measured at full scale (2.5 M users, 33 M links, 34 M adoptions; 2 threads, 1 draw of each placebo), on a
quiet 2-core machine on 2026-11-27: 182 s for the join, bootstrap, 5 time shuffles, both placebos and the
corrected shares, plus 188 s generating the data (6 min 13 s in all), peak resident memory 8.81 GB (411 s +
304 s on the same machine shared with other jobs).
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
from virality.synth.flickr_scale import generate


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
