"""What Cha et al.'s rule would label word of mouth by chance, and the share corrected for it.

* Time shuffle (Anagnostopoulos, Kumar & Mahdian, KDD 2008): adoption times permuted within each item, users,
  graph and creator's seed kept; the excess of the observed share over it is what the time order explains.
* Placebo: every non-seed adopter replaced by another account (same item, same time, same creator); the share
  the rule then labels social is the chance-exposure rate ``f``, and with non-social adopters that look like
  the replacements the observed share is ``s = w + (1 − w) f``, so ``w = (s − f) / (1 − f)``. *Uniform*:
  the replacement is any account, uniformly. *Matched* (the default): the replacement is the adopter of
  another adoption in the same out-degree bin, i.e. the adopters are permuted within bins, so replacements
  are active accounts (at least one adoption, drawn in proportion to their adoptions) that follow as many
  accounts as the real adopters. Real adopters are active and follow many accounts; uniform replacements
  follow few, so the uniform placebo understates chance exposure and overstates the corrected share.

Every estimate is given on the static graph (every link counts) and, with dated links, on the dated graph.
Intervals: a bootstrap over items (:func:`bootstrap_share` exactly for the share; the other estimates resample
items, or beyond ``max_units`` items as many random blocks of items, in :func:`estimates`).
"""

from __future__ import annotations

import math
from collections.abc import Container, Mapping

import numpy as np

from .social import Adoptions, Attribution, followee_pairs, item_counts, social_flags

#: Placebo replacements: ``uniform`` (any account) or ``matched`` (out-degree bin, active accounts).
PLACEBOS = ("uniform", "matched")


def shuffle_times(
    item: np.ndarray, time: np.ndarray, seed_mask: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Adoption times permuted at random within each item (Anagnostopoulos et al. 2008); seeds keep theirs.

    ``item`` must be sorted (as in :class:`Adoptions`).
    """
    out = time.copy()
    idx = np.flatnonzero(~seed_mask)
    # item codes are integers and sorted: item + U(0,1) sorts by item, then at random within the item
    order = np.argsort(item[idx] + rng.random(idx.size))
    out[idx] = time[idx[order]]
    return out


def _variants(att: Attribution) -> tuple[str, ...]:
    return ("static", "dated") if att.graph.dated else ("static",)


def _skip_draw(rng: np.random.Generator, how: str, ad: Adoptions) -> None:
    """Advance ``rng`` exactly as one draw of ``how`` (``shuffle``, ``uniform``, ``matched``) would, without
    its work: a shard computes only its own draws, yet each keeps its place in the stream, so the tables are
    the same for any split (:func:`null_draws`)."""
    m = int((~ad.seed).sum())
    if how == "uniform":
        rng.integers(0, len(ad.user_ids), m)
    else:  # shuffle_times and the matched replacement draw m uniform numbers
        rng.random(m)


def time_shuffle_null(
    att: Attribution, n_perm: int, seed: int, draws: Container[int] | None = None
) -> dict[str, tuple]:
    """Per graph variant: the share labelled social under each of ``n_perm`` within-item time permutations
    and, per adoption row, how many of them labelled it social. With ``draws``, only those permutations
    are made (the others' shares are 0 and they count nothing); their random numbers are skipped."""
    ad = att.ad
    rng = np.random.default_rng(seed)
    counted = ~ad.seed
    denom = max(int(counted.sum()), 1)
    out = {v: (np.zeros(n_perm), np.zeros(len(ad), np.int32)) for v in _variants(att)}
    for k in range(n_perm):
        if draws is not None and k not in draws:
            _skip_draw(rng, "shuffle", ad)
            continue
        t = shuffle_times(ad.item, ad.time, ad.seed, rng)
        for v, (shares, per_row) in out.items():
            soc = social_flags(t, att.pairs, dated=v == "dated") & counted
            shares[k] = soc.sum() / denom
            per_row += soc
    return out


def degree_bins(out_degree: np.ndarray, ratio: float) -> np.ndarray:
    """Out-degree bin of each account: ``floor(log(d + 1) / log(ratio))`` (0 for no followees)."""
    return np.floor(np.log1p(out_degree) / math.log(ratio) + 1e-9).astype(np.int64)


def replacement_users(
    ad: Adoptions, how: str, rng: np.random.Generator, bins: np.ndarray | None = None
) -> np.ndarray:
    """The adopters after one placebo draw: every non-seed adopter replaced ``uniform``-ly by any account,
    or (``matched``) by an active account (one with a non-seed adoption) drawn uniformly among those in
    the adopter's out-degree bin (``bins``: the bin of every account)."""
    u = ad.user.copy()
    idx = np.flatnonzero(~ad.seed)
    if how == "uniform":
        u[idx] = rng.integers(0, len(ad.user_ids), idx.size)
    elif how == "matched":
        active = np.unique(ad.user[idx])
        pool = active[np.argsort(bins[active], kind="stable")]
        pool_bins = bins[pool]
        key = bins[ad.user[idx]]
        lo = np.searchsorted(pool_bins, key, "left")
        width = np.searchsorted(pool_bins, key, "right") - lo  # >= 1: the adopter is in its own bin
        u[idx] = pool[lo + (rng.random(idx.size) * width).astype(np.int64)]
    else:
        raise ValueError(f"placebo must be one of {', '.join(PLACEBOS)}, got {how!r}")
    return u


def placebo_null(
    att: Attribution,
    n_draws: int,
    seed: int,
    how: str = "matched",
    bin_ratio: float = 2.0,
    threads: int = 2,
    memory_limit: str | None = None,
    draws: Container[int] | None = None,
) -> dict[str, tuple]:
    """Per graph variant: the chance-exposure rate of each of ``n_draws`` placebo draws (``how``: see
    :func:`replacement_users`) and, per adoption row, how many draws labelled it social. Each draw is one
    more attribution join, of the non-seed adopters with their earlier co-adopters only (the pairs the rule
    can count). ``draws``: as in :func:`time_shuffle_null`."""
    ad = att.ad
    rng = np.random.default_rng(seed)
    counted = ~ad.seed
    denom = max(int(counted.sum()), 1)
    bins = degree_bins(att.graph.out_degree(len(ad.user_ids)), bin_ratio)
    out = {v: (np.zeros(n_draws), np.zeros(len(ad), np.int32)) for v in _variants(att)}
    for k in range(n_draws):
        if draws is not None and k not in draws:
            _skip_draw(rng, how, ad)
            continue
        users = replacement_users(ad, how, rng, bins)
        pairs = followee_pairs(
            ad.item, users, att.graph, threads, memory_limit, rows=counted, earlier=ad.time
        )
        for v, (shares, per_row) in out.items():
            soc = social_flags(ad.time, pairs, dated=v == "dated") & counted
            shares[k] = soc.sum() / denom
            per_row += soc
    return out


def null_draws(
    att: Attribution,
    n_perm: int,
    n_placebo: int,
    seed: int,
    bin_ratio: float = 2.0,
    threads: int = 2,
    memory_limit: str | None = None,
    shard: int = 0,
    n_shards: int = 1,
) -> dict:
    """The time-shuffle and placebo draws of :func:`wom_summary`, or shard ``shard`` of ``n_shards`` of them.

    Replicates (the ``n_perm`` permutations, then ``n_placebo`` draws of each placebo) are dealt to the
    shards in turn; a shard skips the others' random numbers, so :func:`merge_draws` of all shards equals
    the unsplit draws exactly. Returns ``{"shuffle": {variant: (shares, per-row counts)}, "placebos":
    {variant: {how: (shares, per-row counts)}}}``.
    """
    units = [("shuffle", k) for k in range(n_perm)]
    units += [(how, k) for how in PLACEBOS for k in range(n_placebo)]
    mine = units[shard::n_shards]
    if n_shards == 1:
        pick = dict.fromkeys(("shuffle", *PLACEBOS))
    else:
        pick = {how: {k for h, k in mine if h == how} for how in ("shuffle", *PLACEBOS)}
    empty = {v: (np.array([]), np.zeros(len(att.ad), np.int32)) for v in _variants(att)}
    shuffle = time_shuffle_null(att, n_perm, seed + 1, pick["shuffle"]) if n_perm > 0 else empty
    placebos = {v: {} for v in _variants(att)}
    for k, how in enumerate(PLACEBOS):
        if n_placebo > 0:
            res = placebo_null(
                att, n_placebo, seed + 2 + k, how, bin_ratio, threads, memory_limit, pick[how]
            )
            for v in res:
                placebos[v][how] = res[v]
    return {"shuffle": shuffle, "placebos": placebos}


def merge_draws(parts: list[Mapping]) -> dict:
    """The draws of all shards (:func:`null_draws`) as one: each replicate's share comes from the one shard
    that made it (the others hold 0), per-row counts add up."""

    def add(pairs):
        return (sum(p[0] for p in pairs), sum(p[1] for p in pairs))

    first = parts[0]
    shuffle = {v: add([p["shuffle"][v] for p in parts]) for v in first["shuffle"]}
    placebos = {
        v: {h: add([p["placebos"][v][h] for p in parts]) for h in first["placebos"][v]}
        for v in first["placebos"]
    }
    return {"shuffle": shuffle, "placebos": placebos}


def save_draws(drawn: Mapping, path) -> None:
    """Write :func:`null_draws` to an ``.npz`` file (keys ``shuffle/<variant>/{0,1}``,
    ``<how>/<variant>/{0,1}``)."""
    arrays = {
        f"shuffle/{v}/{i}": a for v, pair in drawn["shuffle"].items() for i, a in enumerate(pair)
    }
    for v, hows in drawn["placebos"].items():
        arrays |= {f"{h}/{v}/{i}": a for h, pair in hows.items() for i, a in enumerate(pair)}
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)


def load_draws(path) -> dict:
    """The draws written by :func:`save_draws`."""
    with np.load(path) as z:
        keys = [k.split("/") for k in z.files]
        got = {tuple(k): z["/".join(k)] for k in keys}
    variants = sorted({v for _, v, _ in got}, key=lambda v: v != "static")
    shuffle = {v: (got["shuffle", v, "0"], got["shuffle", v, "1"]) for v in variants}
    placebos = {
        v: {h: (got[h, v, "0"], got[h, v, "1"]) for h in PLACEBOS if (h, v, "0") in got}
        for v in variants
    }
    return {"shuffle": shuffle, "placebos": placebos}


def corrected(share: float, f: float) -> float:
    """Word-of-mouth share corrected for chance exposure: ``(s − f) / (1 − f)``."""
    return (share - f) / (1.0 - f) if math.isfinite(f) and f < 1 else math.nan


def bootstrap_share(
    n: np.ndarray, s: np.ndarray, n_boot: int, seed: int, level: float = 0.95
) -> tuple[float, float]:
    """Percentile interval of ``Σs / Σn`` resampling items with replacement (``n_boot`` replicates).

    Items with the same ``(n, s)`` are interchangeable for this statistic, so a replicate (``k`` items drawn
    with replacement from ``k``) is drawn as multinomial counts over the distinct ``(n, s)`` types, with
    probabilities their frequencies: the same bootstrap distribution as resampling item indices, at a cost
    of ``O(n_boot × types)`` instead of ``O(n_boot × items)`` (types are few: most items are small).
    """
    keep = n > 0
    n, s = n[keep].astype(np.int64), s[keep].astype(np.int64)
    k = n.size
    if k == 0 or n_boot <= 0:
        return math.nan, math.nan
    types, counts = np.unique(np.stack([n, s], axis=1), axis=0, return_counts=True)
    nt, st = types[:, 0].astype(float), types[:, 1].astype(float)
    rng = np.random.default_rng(seed)
    block = max(1, min(n_boot, 5_000_000 // max(len(types), 1)))
    shares = []
    done = 0
    while done < n_boot:
        b = min(block, n_boot - done)
        w = rng.multinomial(k, counts / k, size=b).astype(float)
        shares.append((w @ st) / (w @ nt))
        done += b
    sh = np.concatenate(shares)
    a = (1 - level) / 2
    return float(np.quantile(sh, a)), float(np.quantile(sh, 1 - a))


def _replicates(M: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Column sums of ``n_boot`` bootstrap resamples of the rows (units) of ``M``."""
    k = M.shape[0]
    w = rng.multinomial(k, np.full(k, 1.0 / k), size=n_boot).astype(float)
    return w @ M


def _interval(values: np.ndarray, level: float) -> list[float]:
    v = values[np.isfinite(values)]
    a = (1 - level) / 2
    return [float(np.quantile(v, a)), float(np.quantile(v, 1 - a))] if v.size else [math.nan] * 2


def stratified_corrected(n_b: np.ndarray, s_b: np.ndarray, F_b: np.ndarray, D: int) -> np.ndarray:
    """``Σ_b n_b (s_b − f_b) / (1 − f_b) / Σ_b n_b`` over bins with ``f_b < 1``, ``f_b = F_b / (D n_b)``.

    Arrays ``(..., bins)`` of adoptions, social ones and placebo social labels summed over ``D`` draws.
    """
    den = D * n_b - F_b
    ok = den > 0
    w = np.where(ok, (D * s_b - F_b) / np.where(ok, den, 1.0), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (n_b * w).sum(-1) / np.where(ok, n_b, 0).sum(-1)


def _unit_sums(att, social, shuffle, placebos, p, rng) -> tuple[np.ndarray, int]:
    """Per unit (an item, or a random block of items beyond ``p["max_units"]``): adoptions, social ones,
    shuffle and placebo social labels, then adoptions, social ones and matched-placebo labels per
    out-degree bin of the adopter. Returns the matrix (units × columns) and the number of bins."""
    ad = att.ad
    rows = np.flatnonzero(~ad.seed)
    units = np.unique(ad.item[rows])
    code = np.zeros(len(ad.item_ids), np.int64)
    code[units] = (
        rng.permutation(units.size) % p["max_units"]
        if units.size > p["max_units"]
        else np.arange(units.size)
    )
    k = int(code[units].max(initial=-1)) + 1
    unit = code[ad.item[rows]]
    b = degree_bins(att.graph.out_degree(len(ad.user_ids)), p["bin_ratio"])[ad.user[rows]]
    nb = int(b.max(initial=0)) + 1
    zeros = np.zeros(len(ad), np.int32)
    flat = {
        "n": np.ones(rows.size),
        "s": social[rows],
        "r": shuffle[1][rows],
        **{h: placebos.get(h, (None, zeros))[1][rows] for h in PLACEBOS},
    }
    M = np.stack([np.bincount(unit, weights=v, minlength=k) for v in flat.values()], axis=1)
    strata = [
        np.bincount(unit * nb + b, weights=v, minlength=k * nb).reshape(k, nb)
        for v in (flat["n"], flat["s"], flat["matched"])
    ]
    return np.concatenate([M, *strata], axis=1), nb


def estimates(
    att: Attribution,
    social: np.ndarray,
    shuffle: tuple,
    placebos: Mapping[str, tuple],
    p: Mapping,
) -> dict:
    """Every estimator on one graph variant, with intervals from one bootstrap over items.

    ``shuffle`` and each of ``placebos`` (``uniform``, ``matched``) are ``(draws, per-row counts)``; ``p``
    holds ``n_boot``, ``seed``, ``level``, ``bin_ratio``, ``max_units``. The matched correction is made
    within the adopters' out-degree bins (the placebo's strata) and averaged over them: a social adopter
    follows more accounts than a non-social one, so one chance rate for all would overstate the chance
    exposure of the non-social ones.
    """
    ad = att.ad
    n, s = item_counts(ad.item, social, ad.seed, len(ad.item_ids))
    total = int(n.sum())
    share = float(s.sum() / total) if total else math.nan
    lo, hi = bootstrap_share(n, s, p["n_boot"], p["seed"], p["level"])
    draws = shuffle[0]
    null = math.fsum(draws) / draws.size if draws.size else math.nan
    out = {
        "wom_share": share,
        "wom_ci_low": lo,
        "wom_ci_high": hi,
        "null_wom_share": null,
        "null_wom_sd": float(draws.std(ddof=1)) if draws.size > 1 else math.nan,
        "null_wom_shares": [float(x) for x in draws],
        "excess_wom_share": share - null,
    }
    rng = np.random.default_rng(p["seed"] + 7)
    M, nb = _unit_sums(att, social, shuffle, placebos, p, rng)
    k = M.shape[0]
    P = max(draws.size, 1)
    D = {h: max(placebos[h][0].size, 1) for h in placebos}

    def stats(x):  # x: (..., columns) sums
        n_, s_, r_, fu, fm = (x[..., j] for j in range(5))
        got = {"excess": (s_ - r_ / P) / n_ if draws.size else n_ * math.nan}
        if "uniform" in D:
            got["uniform"] = (D["uniform"] * s_ - fu) / (D["uniform"] * n_ - fu)
            got["chance_uniform"] = fu / (D["uniform"] * n_)
        if "matched" in D:
            sb = x[..., 5:].reshape(*x.shape[:-1], 3, nb)
            got["matched"] = stratified_corrected(
                sb[..., 0, :], sb[..., 1, :], sb[..., 2, :], D["matched"]
            )
            got["chance_matched"] = fm / (D["matched"] * n_)
        return got

    with np.errstate(divide="ignore", invalid="ignore"):
        point = stats(M.sum(0)) if k else {}
        boot = stats(_replicates(M, p["n_boot"], rng)) if k and p["n_boot"] > 0 else {}
    out["excess_ci"] = _interval(boot["excess"], p["level"]) if boot else [math.nan] * 2
    for h in PLACEBOS:
        out[f"chance_{h}"] = float(point.get(f"chance_{h}", math.nan))
        out[f"corrected_{h}"] = float(point.get(h, math.nan))
        out[f"corrected_{h}_ci"] = _interval(boot[h], p["level"]) if h in boot else [math.nan] * 2
    return out


def wom_summary(
    att: Attribution,
    n_boot: int = 1000,
    n_perm: int = 20,
    n_placebo: int = 3,
    seed: int = 0,
    level: float = 0.95,
    bin_ratio: float = 2.0,
    threads: int = 2,
    memory_limit: str | None = None,
    max_units: int = 5000,
    drawn: Mapping | None = None,
) -> dict:
    """The word-of-mouth share and all its nulls and corrections (``wom.json``).

    ``drawn``: the null draws made beforehand (:func:`merge_draws` of the shards' :func:`null_draws`);
    without it they are made here.

    ``graphs``: per graph variant (``static``, and ``dated`` with dated links) the :func:`estimates`. The
    flat keys repeat the static graph's (names of ``attribution.csv``; ``wom_share_corrected`` is the
    uniform placebo's, ``wom_share_corrected_matched`` the matched one's) and the dated graph's main ones.
    Beyond ``max_units`` items the bootstrap of the corrected shares resamples random blocks of items.
    """
    ad = att.ad
    if drawn is None:
        drawn = null_draws(att, n_perm, n_placebo, seed, bin_ratio, threads, memory_limit)
    shuffle, placebos = drawn["shuffle"], drawn["placebos"]
    flags = {"static": att.social, "dated": att.social_dated}
    p = {"n_boot": n_boot, "seed": seed, "level": level, "bin_ratio": bin_ratio}
    p["max_units"] = max_units
    graphs = {v: estimates(att, flags[v], shuffle[v], placebos[v], p) for v in _variants(att)}
    st = graphs["static"]
    dt = graphs.get("dated", {})
    return {
        "n_items": int(np.unique(ad.item[~ad.seed]).size),
        "n_adoptions": int((~ad.seed).sum()),
        "n_links": int(att.graph.src.size),
        "dated_links": att.graph.dated,
        **{k: st[k] for k in ("wom_share", "wom_ci_low", "wom_ci_high", "null_wom_share")},
        **{k: st[k] for k in ("null_wom_sd", "null_wom_shares", "excess_wom_share")},
        "n_boot": int(n_boot),
        "n_perm": int(n_perm),
        "n_placebo": int(n_placebo),
        "placebo_share": st["chance_uniform"],
        "wom_share_corrected": st["corrected_uniform"],
        "null_matched_share": st["chance_matched"],
        "wom_share_corrected_matched": st["corrected_matched"],
        "wom_share_dated": dt.get("wom_share", math.nan),
        "wom_share_dated_corrected_matched": dt.get("corrected_matched", math.nan),
        "graphs": graphs,
    }
