"""Study D: influentials, consistency of influence, unpredictability, and the mix of influences.

The survey's third approach asks whether some individuals are "virulent". This module tests it four ways:

* :func:`threshold_cascade` — the threshold model of Watts (PNAS 2002, "A simple model of global cascades on
  random networks") as used by Watts & Dodds (J. Consumer Research 34: 441-458, 2007, "Influentials, networks,
  and public opinion formation"): a node adopts once the fraction of the neighbours it watches that have
  adopted reaches its threshold ``phi``. Vectorised: many seeds run at once as columns of a sparse frontier
  matrix, one sparse product per round, no loop over nodes. :func:`influentials_sweep` compares the cascades
  started by an influential seed (top 10% by influence degree) with those of an average (random) seed across
  mean degree and threshold; :func:`multiplier_table` gives the influence multiplier (mean cascade size of
  influential seeds over that of average seeds) with a bootstrap interval; :func:`er_cascade_window` gives
  Watts's (2002) analytic cascade window for Erdos-Renyi graphs (eq. 5 there: global cascades are possible
  when ``sum_k k (k-1) rho_k p_k >= z``, with ``rho_k = 1`` for vulnerable degrees ``1/k >= phi``).
* :func:`consistency` — Bakshy, Hofman, Mason & Watts (WSDM 2011, "Everyone's an influencer"): for users who
  start several cascades, how well the mean log size of their past cascades predicts the next one (Spearman's
  rank correlation, R^2), with a bootstrap over users.
* :func:`musiclab` — a simulated cultural market after Salganik, Dodds & Watts (Science 311: 854-856, 2006):
  48 songs, 8 worlds per condition, inequality (Gini of market shares) and unpredictability ``U`` (mean over
  songs of the mean absolute difference of a song's market share between pairs of worlds) as the strength of
  social influence grows.
* :func:`survey_conclusions` — the survey's three conclusions as one table, from this study's tables and the
  tables of Studies A (attribution.csv) and B (prediction_limits.csv), read as files (never imported).

All functions are deterministic for a seed (``numpy.random.default_rng``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats

from .files import DataError

SEED_GROUPS = ("average", "influential")

# --------------------------------------------------------------------------------------------------
# graphs


def adjacency_from_edges(
    edges: pd.DataFrame, undirected: bool = False
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Exposure matrix of a canonical edges table and the node ids (sorted) of its rows.

    ``A[i, j] = 1`` when node ``i`` watches node ``j`` (canonical ``source`` follows ``target``: the source is
    exposed to the target's adoptions). With ``undirected=True`` every edge counts both ways (the Topo-LSTM
    authors' loader reads their Twitter follower graph so). Self-loops and duplicates are dropped.
    """
    for col in ("source", "target"):
        if col not in edges.columns:
            raise DataError(f"edges: missing column {col!r}; the edges table needs source, target")
    if len(edges) == 0:
        raise DataError("edges: the table is empty; expected at least one edge")
    src = edges["source"].astype("string").to_numpy(dtype=object)
    dst = edges["target"].astype("string").to_numpy(dtype=object)
    nodes, inv = np.unique(np.concatenate([src, dst]).astype(str), return_inverse=True)
    i, j = inv[: len(src)], inv[len(src) :]
    if undirected:
        i, j = np.concatenate([i, j]), np.concatenate([j, i])
    keep = i != j
    n = len(nodes)
    adj = sp.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.int32), (i[keep], j[keep])), shape=(n, n)
    )
    adj.data[:] = 1  # duplicates summed by the constructor: back to 0/1
    adj.sort_indices()
    return adj, nodes


def random_graph(
    kind: str, n: int, mean_degree: float, seed: int, exponent: float = 2.5
) -> sp.csr_matrix:
    """Undirected random graph as a symmetric 0/1 CSR matrix.

    ``kind="erdos_renyi"``: G(n, p) with ``p = z / (n - 1)`` (networkx ``fast_gnp_random_graph``), Poisson
    degrees as in Watts (2002) and the base case of Watts & Dodds (2007). ``kind="heavy_tailed"``: a Chung-Lu
    expected-degree graph (networkx ``expected_degree_graph``) whose expected degrees follow a Pareto law
    ``P(k) ~ k^-exponent`` scaled to mean ``z``, a stand-in for Watts & Dodds' heterogeneous networks.
    """
    if n < 2:
        raise ValueError(f"random_graph: n must be at least 2, got {n}")
    if mean_degree <= 0:
        raise ValueError(f"random_graph: mean_degree must be positive, got {mean_degree}")
    if kind == "erdos_renyi":
        g = nx.fast_gnp_random_graph(n, min(1.0, mean_degree / (n - 1)), seed=int(seed))
    elif kind == "heavy_tailed":
        if exponent <= 2:
            raise ValueError(
                f"random_graph: exponent must exceed 2 for a finite mean, got {exponent}"
            )
        rng = np.random.default_rng(seed)
        w = (1.0 - rng.random(n)) ** (-1.0 / (exponent - 1.0))
        w = np.minimum(w * mean_degree / w.mean(), n - 1.0)
        g = nx.expected_degree_graph(w.tolist(), seed=int(seed) + 1, selfloops=False)
    else:
        raise ValueError(
            f"random_graph: unknown kind {kind!r}; expected erdos_renyi or heavy_tailed"
        )
    adj = nx.to_scipy_sparse_array(g, nodelist=range(n), dtype=np.int32, format="csr")
    return sp.csr_matrix(adj)


def thin_edges(adj: sp.csr_matrix, keep_fraction: float, seed: int) -> sp.csr_matrix:
    """Keep each edge with probability ``keep_fraction`` (both directions of a symmetric pair together)."""
    if not 0 < keep_fraction <= 1:
        raise ValueError(f"thin_edges: keep_fraction must be in (0, 1], got {keep_fraction}")
    if keep_fraction == 1:
        return adj.copy()
    coo = sp.triu(adj + adj.T, k=1).tocoo() if _is_symmetric(adj) else adj.tocoo()
    keep = np.random.default_rng(seed).random(coo.nnz) < keep_fraction
    out = sp.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.int32), (coo.row[keep], coo.col[keep])), shape=adj.shape
    )
    if _is_symmetric(adj):
        out = out + out.T
    out.data[:] = 1
    out.sort_indices()
    return sp.csr_matrix(out)


def _is_symmetric(adj: sp.csr_matrix) -> bool:
    return (adj != adj.T).nnz == 0


def mean_degree(adj: sp.csr_matrix) -> float:
    """Mean number of watched neighbours per node (for a symmetric matrix, the usual mean degree)."""
    return float(adj.nnz) / adj.shape[0]


# --------------------------------------------------------------------------------------------------
# the threshold model


def threshold_cascade(
    adj: sp.spmatrix,
    seeds: Sequence[int] | np.ndarray,
    thresholds: float | np.ndarray,
    max_rounds: int | None = None,
    return_state: bool = False,
):
    """Final sizes of threshold cascades, one per seed, all run at once (Watts 2002; Watts & Dodds 2007).

    ``adj[i, j] = 1`` when node ``i`` watches node ``j``. Node ``i`` (not yet active) becomes active in a round
    when ``a_i / k_i >= phi_i``, where ``k_i`` is the number of nodes it watches and ``a_i`` the number of them
    active at the end of the previous round (synchronous update, as in ndlib's ``ThresholdModel``); nodes that
    watch no one never adopt unless seeded. Activation is permanent, so the final set is the same for any
    update order. Each seed ``seeds[r]`` starts run ``r`` alone.

    The state is a set of columns: each round multiplies the sparse adjacency by the sparse matrix of the
    nodes that became active in the previous round, adds the result to the running counts, and activates the
    touched nodes whose fraction crossed their threshold. The work is proportional to the edges leaving
    newly active nodes.

    Returns the cascade sizes (number of active nodes, the seed included) as an int array; with
    ``return_state=True`` also the boolean ``(n, len(seeds))`` final state and the number of rounds per run.
    """
    adj = sp.csr_matrix(adj)
    n = adj.shape[0]
    if adj.shape != (n, n):
        raise ValueError(f"threshold_cascade: adjacency must be square, got shape {adj.shape}")
    seeds = np.asarray(seeds, dtype=np.int64)
    if seeds.ndim != 1:
        raise ValueError("threshold_cascade: seeds must be a 1-d array of node indices")
    if seeds.size and (seeds.min() < 0 or seeds.max() >= n):
        raise ValueError(f"threshold_cascade: seed indices must be in [0, {n - 1}]")
    phi = np.broadcast_to(np.asarray(thresholds, dtype=np.float64), (n,))
    if np.any(~np.isfinite(phi)) or np.any(phi <= 0) or np.any(phi > 1):
        raise ValueError("threshold_cascade: thresholds must be in (0, 1]")
    adj = adj.astype(np.int32)
    adj.data[:] = 1
    deg = np.diff(adj.indptr).astype(np.float64)
    runs = seeds.size
    # flat (node * runs + run) indexing of the dense state: faster than 2-d fancy indexing
    active = np.zeros(n * runs, dtype=bool)
    counts = np.zeros(n * runs, dtype=np.int32)
    rounds = np.zeros(runs, dtype=np.int64)
    cols = np.arange(runs, dtype=np.int64)
    active[seeds * runs + cols] = True
    frontier = sp.csr_matrix((np.ones(runs, dtype=np.int32), (seeds, cols)), shape=(n, runs))
    step = 0
    while frontier.nnz and (max_rounds is None or step < max_rounds):
        step += 1
        touched = (adj @ frontier).tocoo()
        r = touched.row.astype(np.int64)
        flat = r * runs + touched.col
        cnt = counts[flat] + touched.data
        counts[flat] = cnt
        new = (cnt / deg[r] >= phi[r]) & ~active[flat]
        flat, r, c = flat[new], r[new], touched.col[new]
        active[flat] = True
        rounds[np.unique(c)] = step
        frontier = sp.csr_matrix((np.ones(r.size, dtype=np.int32), (r, c)), shape=(n, runs))
    active = active.reshape(n, runs)
    sizes = active.sum(axis=0).astype(np.int64)
    if return_state:
        return sizes, active, rounds
    return sizes


def influence_degree(adj: sp.csr_matrix) -> np.ndarray:
    """Number of nodes that watch each node (its audience): column sums of the exposure matrix."""
    return np.asarray(adj.sum(axis=0)).ravel().astype(np.int64)


def top_nodes(adj: sp.csr_matrix, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """The ``ceil(fraction * n)`` nodes with the largest influence degree, ties broken at random."""
    if not 0 < fraction <= 1:
        raise ValueError(f"top_nodes: fraction must be in (0, 1], got {fraction}")
    deg = influence_degree(adj)
    n = deg.size
    order = rng.permutation(n)
    ranked = order[np.argsort(-deg[order], kind="stable")]
    return np.sort(ranked[: math.ceil(fraction * n)])


def simulate_graph(
    adj: sp.csr_matrix,
    thresholds: Sequence[float],
    n_seeds: int,
    top_fraction: float,
    seed: int,
) -> pd.DataFrame:
    """One graph, every threshold: ``n_seeds`` influential and ``n_seeds`` average seeds each.

    Influential seeds are drawn (with replacement) from the top ``top_fraction`` of nodes by influence degree;
    average seeds uniformly from all nodes (Watts & Dodds 2007 compare with an average individual).
    Returns one row per run: threshold, seed_group, seed_node, seed_degree, size, n_nodes.
    """
    rng = np.random.default_rng(seed)
    n = adj.shape[0]
    top = top_nodes(adj, top_fraction, rng)
    audience = influence_degree(adj)
    frames = []
    for phi in thresholds:
        inf = rng.choice(top, size=n_seeds, replace=True)
        avg = rng.integers(0, n, size=n_seeds)
        seeds = np.concatenate([avg, inf])
        sizes = threshold_cascade(adj, seeds, float(phi))
        frames.append(
            pd.DataFrame(
                {
                    "threshold": float(phi),
                    "seed_group": np.repeat(SEED_GROUPS, n_seeds),
                    "seed_node": seeds,
                    "seed_degree": audience[seeds],
                    "size": sizes,
                    "n_nodes": n,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def influentials_sweep(
    kind: str,
    n_nodes: int,
    mean_degrees: Sequence[float],
    thresholds: Sequence[float],
    n_graphs: int,
    n_seeds: int,
    top_fraction: float = 0.1,
    exponent: float = 2.5,
    seed: int = 0,
) -> pd.DataFrame:
    """Threshold cascades on ``n_graphs`` random graphs of each mean degree (see :func:`random_graph`).

    Returns one row per run: graph, mean_degree (nominal), realised_mean_degree, realisation, threshold,
    seed_group, seed_node, seed_degree, size, n_nodes.
    """
    frames = []
    for z in mean_degrees:
        for g in range(n_graphs):
            gseed = _sub_seed(seed, kind, z, g)
            adj = random_graph(kind, n_nodes, float(z), gseed, exponent=exponent)
            runs = simulate_graph(adj, thresholds, n_seeds, top_fraction, gseed + 1)
            runs.insert(0, "realisation", g)
            runs.insert(0, "realised_mean_degree", mean_degree(adj))
            runs.insert(0, "mean_degree", float(z))
            runs.insert(0, "graph", kind)
            frames.append(runs)
    return pd.concat(frames, ignore_index=True)


def real_graph_sweep(
    adj: sp.csr_matrix,
    name: str,
    keep_fractions: Sequence[float],
    thresholds: Sequence[float],
    n_seeds: int,
    top_fraction: float = 0.1,
    seed: int = 0,
) -> pd.DataFrame:
    """Threshold cascades on a real graph, thinned to several edge fractions to vary its mean degree.

    ``mean_degree`` is the realised mean number of watched neighbours of the thinned graph.
    """
    frames = []
    for g, f in enumerate(keep_fractions):
        gseed = _sub_seed(seed, name, f, 0)
        sub = thin_edges(adj, float(f), gseed)
        runs = simulate_graph(sub, thresholds, n_seeds, top_fraction, gseed + 1)
        runs.insert(0, "realisation", g)
        runs.insert(0, "realised_mean_degree", mean_degree(sub))
        runs.insert(0, "mean_degree", round(mean_degree(sub), 4))
        runs.insert(0, "graph", name)
        frames.append(runs)
    return pd.concat(frames, ignore_index=True)


def _sub_seed(seed: int, *parts) -> int:
    from .files import stable_seed

    return stable_seed(seed, *parts) % (2**31 - 2)


def summarise_runs(runs: pd.DataFrame, global_fraction: float = 0.1) -> pd.DataFrame:
    """``influentials.csv``: per graph, mean degree, threshold and seed group, the mean cascade size and the
    share of runs reaching a global cascade (at least ``global_fraction`` of the nodes; Watts 2002 counts
    cascades that reach a finite fraction of the network, and the size distribution is bimodal, so the cut
    matters little)."""
    r = runs.assign(is_global=runs["size"] >= global_fraction * runs["n_nodes"])
    out = (
        r.groupby(["graph", "mean_degree", "threshold", "seed_group"], sort=True)
        .agg(
            mean_cascade_size=("size", "mean"),
            p_global_cascade=("is_global", "mean"),
            n_runs=("size", "size"),
            n_nodes=("n_nodes", "first"),
        )
        .reset_index()
    )
    out["n_runs"] = out["n_runs"].astype("int64")
    out["n_nodes"] = out["n_nodes"].astype("int64")
    return out


def _boot_means(values: np.ndarray, rng: np.random.Generator, n_boot: int) -> np.ndarray:
    idx = rng.integers(0, values.size, size=(n_boot, values.size))
    return values[idx].mean(axis=1)


def multiplier_table(
    runs: pd.DataFrame,
    global_fraction: float = 0.1,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """The influence multiplier of Watts & Dodds (2007): mean cascade size started by influential seeds over
    mean size started by average seeds, per cell (graph, mean degree, threshold), with a percentile bootstrap
    interval (runs resampled within each seed group).

    Rows with ``scope="window"`` pool, per graph, the cells inside the cascade window (cells where at least
    one run of either group went global): the ratio of the cell-averaged means, bootstrapped jointly.
    """
    rng = np.random.default_rng(seed)
    lo_q, hi_q = 100 * (1 - level) / 2, 100 * (1 + level) / 2
    rows, boots = [], {}
    for (graph, z, phi), cell in runs.groupby(["graph", "mean_degree", "threshold"], sort=True):
        n = int(cell["n_nodes"].iloc[0])
        s_inf = cell.loc[cell["seed_group"] == "influential", "size"].to_numpy(float)
        s_avg = cell.loc[cell["seed_group"] == "average", "size"].to_numpy(float)
        b_inf, b_avg = _boot_means(s_inf, rng, n_boot), _boot_means(s_avg, rng, n_boot)
        p_inf = float(np.mean(s_inf >= global_fraction * n))
        p_avg = float(np.mean(s_avg >= global_fraction * n))
        in_window = (p_inf > 0) or (p_avg > 0)
        ratio = b_inf / b_avg
        rows.append(
            {
                "graph": graph,
                "scope": "cell",
                "mean_degree": z,
                "threshold": phi,
                "multiplier": s_inf.mean() / s_avg.mean(),
                "ci_low": np.percentile(ratio, lo_q),
                "ci_high": np.percentile(ratio, hi_q),
                "p_global_influential": p_inf,
                "p_global_average": p_avg,
                "in_window": in_window,
                "n_runs": int(s_inf.size + s_avg.size),
            }
        )
        if in_window:
            boots.setdefault(graph, []).append(
                (s_inf.mean(), s_avg.mean(), b_inf, b_avg, s_inf.size + s_avg.size)
            )
    for graph, cells in sorted(boots.items()):
        m_inf = np.mean([c[0] for c in cells])
        m_avg = np.mean([c[1] for c in cells])
        ratio = np.mean([c[2] for c in cells], axis=0) / np.mean([c[3] for c in cells], axis=0)
        rows.append(
            {
                "graph": graph,
                "scope": "window",
                "mean_degree": np.nan,
                "threshold": np.nan,
                "multiplier": m_inf / m_avg,
                "ci_low": np.percentile(ratio, lo_q),
                "ci_high": np.percentile(ratio, hi_q),
                "p_global_influential": np.nan,
                "p_global_average": np.nan,
                "in_window": True,
                "n_runs": int(sum(c[4] for c in cells)),
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(
        ["graph", "scope", "mean_degree", "threshold"], na_position="last"
    ).reset_index(drop=True)


def er_cascade_condition(mean_degree_: float, threshold: float, kmax: int = 400) -> float:
    """Watts (2002) eq. 5 for an Erdos-Renyi graph with a uniform threshold: ``sum_k k(k-1) rho_k p_k - z``,
    where ``p_k`` is Poisson(z) and ``rho_k = 1`` when a node of degree ``k`` is vulnerable (``1/k >= phi``).
    Global cascades are possible where the value is positive."""
    k = np.arange(1, kmax + 1)
    vulnerable = (1.0 / k) >= threshold
    pk = stats.poisson.pmf(k, mean_degree_)
    return float(np.sum(k * (k - 1) * vulnerable * pk) - mean_degree_)


def er_cascade_window(threshold: float, z_max: float = 40.0) -> tuple[float, float]:
    """Analytic cascade window ``(z_low, z_high)`` of Watts (2002) for an Erdos-Renyi graph and uniform
    threshold ``phi``: the mean degrees where :func:`er_cascade_condition` is positive (roots found with
    ``scipy.optimize.brentq``). Returns ``(nan, nan)`` when there is no window."""
    from scipy.optimize import brentq

    grid = np.linspace(0.05, z_max, 800)
    vals = np.array([er_cascade_condition(z, threshold) for z in grid])
    pos = np.flatnonzero(vals > 0)
    if pos.size == 0:
        return (math.nan, math.nan)
    i, j = pos[0], pos[-1]
    f = lambda z: er_cascade_condition(z, threshold)  # noqa: E731
    lo = brentq(f, grid[i - 1], grid[i]) if i > 0 else grid[0]
    hi = brentq(f, grid[j], grid[j + 1]) if j + 1 < grid.size else grid[-1]
    return (float(lo), float(hi))


def window_table(summary: pd.DataFrame, min_p: float = 0.01) -> pd.DataFrame:
    """Observed cascade window per graph, threshold and seed group (smallest and largest mean degree where the
    share of global cascades is at least ``min_p``), next to Watts's analytic window for Erdos-Renyi graphs."""
    rows = []
    for (graph, phi, group), d in summary.groupby(["graph", "threshold", "seed_group"], sort=True):
        inside = d.loc[d["p_global_cascade"] >= min_p, "mean_degree"]
        lo_a, hi_a = er_cascade_window(phi) if graph == "erdos_renyi" else (math.nan, math.nan)
        rows.append(
            {
                "graph": graph,
                "threshold": phi,
                "seed_group": group,
                "window_low": inside.min() if len(inside) else math.nan,
                "window_high": inside.max() if len(inside) else math.nan,
                "max_p_global": d["p_global_cascade"].max(),
                "degrees_tested_low": d["mean_degree"].min(),
                "degrees_tested_high": d["mean_degree"].max(),
                "analytic_low": lo_a,
                "analytic_high": hi_a,
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------------
# consistency of influence (Bakshy et al. 2011)


def creator_cascades(events: pd.DataFrame, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per item: item_id, creator, start_time, size.

    ``creator`` is ``items.creator`` where the data give it, else the earliest adopter (ties by user id);
    ``start_time`` is ``items.start_time`` where given, else the first adoption time; ``size`` is the number of
    distinct adopters other than the creator (the cascade the creator triggered).
    """
    for col in ("item_id", "user_id", "time"):
        if col not in events.columns:
            raise DataError(
                f"events: missing column {col!r}; the events table needs item_id, user_id, time"
            )
    ev = events[["item_id", "user_id", "time"]].astype({"item_id": str, "user_id": str})
    ev = ev.sort_values(["item_id", "time", "user_id"], kind="stable")
    first = ev.groupby("item_id", sort=True).agg(
        first_user=("user_id", "first"), first_time=("time", "first")
    )
    out = first.copy()
    out["creator"] = out["first_user"]
    out["start_time"] = out["first_time"]
    if items is not None and len(items):
        it = items.assign(item_id=items["item_id"].astype(str)).set_index("item_id")
        if "creator" in it.columns:
            c = it["creator"].reindex(out.index)
            out["creator"] = c.where(c.notna(), out["first_user"]).astype(str)
        if "start_time" in it.columns:
            s = it["start_time"].reindex(out.index).astype(float)
            out["start_time"] = s.where(s.notna(), out["first_time"])
    pairs = ev.drop_duplicates(["item_id", "user_id"])
    pairs = pairs.join(out["creator"], on="item_id")
    n_other = (pairs["user_id"] != pairs["creator"]).groupby(pairs["item_id"], sort=True).sum()
    out["size"] = n_other.reindex(out.index).fillna(0).astype("int64")
    out = out.reset_index()[["item_id", "creator", "start_time", "size"]]
    out["creator"] = out["creator"].astype(str)
    return out.sort_values(["creator", "start_time", "item_id"], kind="stable").reset_index(
        drop=True
    )


def consistency_pairs(cascades: pd.DataFrame, min_items: int = 2) -> pd.DataFrame:
    """For each creator with at least ``min_items`` cascades, in time order, every cascade after the first
    with ``past_mean`` = mean ``log(1 + size)`` of the creator's earlier cascades and ``next_log_size`` =
    ``log(1 + size)`` of this one (Bakshy et al. 2011 predict a user's influence from its past mean).
    ``other_mean`` is the mean over all the creator's other cascades, earlier or later: an order-free check
    for data whose item times are unknown or tied."""
    if min_items < 2:
        raise ValueError(f"consistency_pairs: min_items must be at least 2, got {min_items}")
    c = cascades.sort_values(["creator", "start_time", "item_id"], kind="stable").reset_index(
        drop=True
    )
    n_by = c.groupby("creator", sort=False)["item_id"].transform("size")
    c = c.loc[n_by >= min_items].reset_index(drop=True)
    c["log_size"] = np.log1p(c["size"].astype(float))
    g = c.groupby("creator", sort=False)["log_size"]
    k = g.cumcount()
    past_sum = g.cumsum() - c["log_size"]
    n_all = g.transform("size")
    c["n_past"] = k
    c["past_mean"] = past_sum / k.where(k > 0)
    c["other_mean"] = (g.transform("sum") - c["log_size"]) / (n_all - 1)
    out = c.loc[k > 0, ["creator", "item_id", "n_past", "past_mean", "other_mean", "log_size"]]
    return out.rename(columns={"log_size": "next_log_size"}).reset_index(drop=True)


def _r2_stats(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Spearman rho, R^2 of the OLS fit of y on x, and R^2 of the past mean used directly as the forecast."""
    if x.size < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return (math.nan, math.nan, math.nan)
    rho = stats.spearmanr(x, y).statistic
    r = np.corrcoef(x, y)[0, 1]
    sst = np.sum((y - y.mean()) ** 2)
    direct = 1.0 - np.sum((y - x) ** 2) / sst
    return (float(rho), float(r * r), float(direct))


def consistency(
    pairs: pd.DataFrame, n_boot: int = 500, seed: int = 0, level: float = 0.95
) -> dict[str, float]:
    """Spearman's rho and R^2 between a creator's past mean log cascade size and the next one, with percentile
    bootstrap intervals from resampling creators (all of a creator's cascades together).

    Keys: n_creators, n_pairs, spearman, spearman_ci_low, spearman_ci_high, r2, r2_ci_low, r2_ci_high,
    r2_direct (1 - SSE/SST with the past mean itself as the forecast; negative when worse than the mean),
    spearman_other (with the mean of all the creator's other cascades instead of the earlier ones)."""
    x = pairs["past_mean"].to_numpy(float)
    y = pairs["next_log_size"].to_numpy(float)
    rho, r2, direct = _r2_stats(x, y)
    creators, inv = np.unique(pairs["creator"].astype(str).to_numpy(), return_inverse=True)
    out = {
        "n_creators": int(creators.size),
        "n_pairs": int(x.size),
        "spearman": rho,
        "r2": r2,
        "r2_direct": direct,
        "spearman_ci_low": math.nan,
        "spearman_ci_high": math.nan,
        "r2_ci_low": math.nan,
        "r2_ci_high": math.nan,
        "spearman_other": math.nan,
    }
    if "other_mean" in pairs.columns:
        out["spearman_other"] = _r2_stats(pairs["other_mean"].to_numpy(float), y)[0]
    if math.isnan(rho) or creators.size < 5:
        return out
    rng = np.random.default_rng(seed)
    order = np.argsort(inv, kind="stable")
    starts = np.searchsorted(inv[order], np.arange(creators.size))
    ends = np.append(starts[1:], order.size)
    lens = ends - starts
    bs_rho, bs_r2 = [], []
    for _ in range(n_boot):
        pick = rng.integers(0, creators.size, creators.size)
        # rows of the picked creators, without a Python loop over creators
        n_rows = lens[pick]
        offset = np.arange(n_rows.sum()) - np.repeat(np.cumsum(n_rows) - n_rows, n_rows)
        idx = order[np.repeat(starts[pick], n_rows) + offset]
        b = _r2_stats(x[idx], y[idx])
        bs_rho.append(b[0])
        bs_r2.append(b[1])
    lo_q, hi_q = 100 * (1 - level) / 2, 100 * (1 + level) / 2
    out["spearman_ci_low"], out["spearman_ci_high"] = np.nanpercentile(
        bs_rho, [lo_q, hi_q]
    ).tolist()
    out["r2_ci_low"], out["r2_ci_high"] = np.nanpercentile(bs_r2, [lo_q, hi_q]).tolist()
    return out


# --------------------------------------------------------------------------------------------------
# MusicLab (Salganik, Dodds & Watts 2006)


def gini(shares: np.ndarray) -> np.ndarray:
    """Gini coefficient along the last axis: ``sum_i sum_j |m_i - m_j| / (2 S sum_k m_k)`` (Salganik et al.
    2006). Zero when all ``S`` shares are equal."""
    m = np.asarray(shares, dtype=float)
    s = m.shape[-1]
    diff = np.abs(m[..., :, None] - m[..., None, :]).sum(axis=(-2, -1))
    tot = m.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return diff / (2.0 * s * tot)


def unpredictability(shares: np.ndarray) -> np.ndarray:
    """Unpredictability ``U`` of Salganik et al. (2006): for each song the mean over pairs of worlds of the
    absolute difference of its market share, averaged over songs. ``shares`` has worlds on axis -2 and songs
    on axis -1; returns one value per leading index."""
    m = np.asarray(shares, dtype=float)
    w = m.shape[-2]
    if w < 2:
        raise ValueError("unpredictability: needs at least 2 worlds")
    iu, ju = np.triu_indices(w, k=1)
    d = np.abs(m[..., iu, :] - m[..., ju, :])  # (..., pairs, songs)
    return d.mean(axis=-2).mean(axis=-1)


def musiclab(
    strengths: Sequence[float] = (0.0, 0.25, 0.5, 0.75, 0.9),
    n_songs: int = 48,
    n_worlds: int = 8,
    listens_per_world: int = 2500,
    n_markets: int = 40,
    quality_range: tuple[float, float] = (0.1, 0.6),
    appeal_sigma: float = 0.5,
    seed: int = 0,
) -> pd.DataFrame:
    """Simulated artificial cultural markets after Salganik, Dodds & Watts (2006).

    Each market has ``n_songs`` songs with a quality ``q_i`` (probability of a download after a listen, drawn
    uniformly in ``quality_range``) and an appeal ``a_i`` (log-normal, ``appeal_sigma``). Each of
    ``n_worlds`` worlds per social-influence strength ``w`` sees ``listens_per_world`` listens in sequence; a
    listener picks song ``i`` with probability ``(1 - w) a_i / sum(a) + w (d_i + 1) / sum(d + 1)`` (``d`` =
    the world's downloads so far; ``w = 0`` is the independent condition, here with as many worlds as the
    social one so that ``U`` compares like with like) and downloads it with probability ``q_i``. All worlds
    of all markets and strengths run at once (numpy arrays), looping only over listens.

    Returns one row per market and strength: market, social_strength, gini (mean over worlds),
    unpredictability, quality_spearman (Spearman between quality and the mean market share over worlds),
    top_song_best_quality_share.
    """
    if n_worlds < 2:
        raise ValueError(f"musiclab: n_worlds must be at least 2, got {n_worlds}")
    w = np.asarray(strengths, dtype=float)
    if np.any((w < 0) | (w > 1)):
        raise ValueError("musiclab: social influence strengths must be in [0, 1]")
    rng = np.random.default_rng(seed)
    m_, s_, k_ = n_markets, w.size, n_songs
    quality = rng.uniform(quality_range[0], quality_range[1], size=(m_, k_))
    appeal = np.exp(appeal_sigma * rng.standard_normal((m_, k_)))
    appeal /= appeal.sum(axis=1, keepdims=True)
    base = (1.0 - w)[None, :, None, None] * appeal[:, None, None, :]  # (m, s, 1, k)
    ww = w[None, :, None, None]
    q4 = np.broadcast_to(quality[:, None, None, :], (m_, s_, n_worlds, k_))
    downloads = np.zeros((m_, s_, n_worlds, k_))
    for _ in range(listens_per_world):
        pop = (downloads + 1.0) / (downloads.sum(axis=-1, keepdims=True) + k_)
        p = base + ww * pop
        cum = np.cumsum(p, axis=-1)
        u = rng.random((m_, s_, n_worlds, 1)) * cum[..., -1:]
        choice = np.minimum((cum < u).sum(axis=-1, keepdims=True), k_ - 1)
        got = rng.random((m_, s_, n_worlds, 1)) < np.take_along_axis(q4, choice, axis=-1)
        np.put_along_axis(
            downloads, choice, np.take_along_axis(downloads, choice, axis=-1) + got, axis=-1
        )
    share = downloads / np.maximum(downloads.sum(axis=-1, keepdims=True), 1.0)
    g = gini(share).mean(axis=-1)  # (m, s)
    u_ = unpredictability(share)  # (m, s)
    mean_share = share.mean(axis=2)  # (m, s, k)
    rows = []
    for i in range(m_):
        best = int(np.argmax(quality[i]))
        for j in range(s_):
            rows.append(
                {
                    "market": i,
                    "social_strength": float(w[j]),
                    "gini": float(g[i, j]),
                    "unpredictability": float(u_[i, j]),
                    "quality_spearman": float(
                        stats.spearmanr(quality[i], mean_share[i, j]).statistic
                    ),
                    "best_song_top_share": float(np.mean(np.argmax(share[i, j], axis=-1) == best)),
                }
            )
    return pd.DataFrame(rows)


def summarise_musiclab(markets: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """``musiclab.csv``: per social-influence strength the mean over markets of each measure, with the
    central ``level`` range over simulated markets."""
    lo_q, hi_q = (1 - level) / 2, (1 + level) / 2
    rows = []
    for w, d in markets.groupby("social_strength", sort=True):
        row = {
            "condition": "independent" if w == 0 else "social_influence",
            "social_strength": w,
            "n_markets": int(d["market"].nunique()),
        }
        for col in ("gini", "unpredictability", "quality_spearman", "best_song_top_share"):
            row[col] = d[col].mean()
            if col in ("gini", "unpredictability"):
                row[f"{col}_low"] = d[col].quantile(lo_q)
                row[f"{col}_high"] = d[col].quantile(hi_q)
        rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------------
# the survey's three conclusions

ATTRIBUTION_REQUIRED = ("dataset", "synthetic", "wom_share", "wom_ci_low", "wom_ci_high")
ATTRIBUTION_OPTIONAL = (
    "null_wom_share",
    "excess_wom_share",
    "bass_external_share",
    "hawkes_external_share",
)
CONCLUSIONS = {
    1: "no one is influential in all circumstances",
    2: "buzz happens on some content but is not easily predictable",
    3: "buzz always mixes several influences, the media included",
}
CONCLUSION_COLUMNS = [
    "conclusion",
    "claim",
    "source",
    "dataset",
    "statistic",
    "value",
    "ci_low",
    "ci_high",
    "synthetic",
]


def _check_columns(df: pd.DataFrame, required: Sequence[str], name: str) -> None:
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError(
            f"{name}: missing column(s) {', '.join(missing)} (found: {', '.join(map(str, df.columns))})"
        )


def _as_bool(s: pd.Series) -> pd.Series:
    if s.dtype == bool:
        return s
    return s.astype(str).str.strip().str.lower().isin(["true", "1", "yes"])


def _label_part(v) -> str:
    return f"{v:g}" if isinstance(v, (float, np.floating)) else str(v)


def prediction_limits_long(limits: pd.DataFrame) -> pd.DataFrame:
    """Study B's ``prediction_limits.csv`` as long rows (dataset, statistic, value, synthetic).

    Accepts Study B's long form (``dataset, synthetic, information, t_i, r2, n``: the statistic is named
    ``r2_<information>[_<t_i>]``, e.g. ``r2_ex_ante``, ``r2_early_1``; also ``stage``, ``features``,
    ``feature_set``, ``horizon`` or ``model`` as naming columns) or a wide one (every numeric column whose
    name contains ``r2``). :func:`survey_conclusions` keeps, per data set, the ex-ante R^2 and the early R^2 at
    the earliest and the latest indicator time ``t_i``."""
    _check_columns(limits, ["dataset"], "prediction_limits.csv")
    syn = (
        _as_bool(limits["synthetic"])
        if "synthetic" in limits.columns
        else pd.Series(False, index=limits.index)
    )
    if "r2" in limits.columns:
        keys = [
            c
            for c in ("information", "stage", "features", "feature_set", "horizon", "model", "t_i")
            if c in limits.columns
        ]
        name = pd.Series(
            [
                "_".join(_label_part(v) for v in row if pd.notna(v))
                for row in limits[keys].itertuples(index=False)
            ]
            if keys
            else "r2",
            index=limits.index,
        )
        out = pd.DataFrame(
            {
                "dataset": limits["dataset"].astype(str),
                "statistic": "r2_" + name,
                "value": pd.to_numeric(limits["r2"], errors="coerce"),
                "synthetic": syn,
                "t_i": pd.to_numeric(limits["t_i"], errors="coerce")
                if "t_i" in limits.columns
                else np.nan,
            }
        )
        for lo, hi in (("r2_ci_low", "r2_ci_high"), ("ci_low", "ci_high")):
            if lo in limits.columns and hi in limits.columns:
                out["ci_low"] = pd.to_numeric(limits[lo], errors="coerce")
                out["ci_high"] = pd.to_numeric(limits[hi], errors="coerce")
                break
        return out
    cols = [
        c
        for c in limits.columns
        if "r2" in str(c).lower()
        and not str(c).lower().endswith(("_ci_low", "_ci_high", "_low", "_high"))
    ]
    if not cols:
        raise DataError(
            "prediction_limits.csv: no R^2 column; expected a column 'r2' (long form) or columns whose "
            f"names contain 'r2' (found: {', '.join(map(str, limits.columns))})"
        )
    frames = []
    for c in cols:
        f = pd.DataFrame(
            {
                "dataset": limits["dataset"].astype(str),
                "statistic": str(c),
                "value": pd.to_numeric(limits[c], errors="coerce"),
                "synthetic": syn,
            }
        )
        for lo, hi in ((f"{c}_ci_low", f"{c}_ci_high"), (f"{c}_low", f"{c}_high")):
            if lo in limits.columns and hi in limits.columns:
                f["ci_low"] = pd.to_numeric(limits[lo], errors="coerce")
                f["ci_high"] = pd.to_numeric(limits[hi], errors="coerce")
        frames.append(f)
    return pd.concat(frames, ignore_index=True)


def survey_conclusions(
    multiplier: pd.DataFrame,
    consistency_table: pd.DataFrame,
    musiclab_table: pd.DataFrame,
    attribution: pd.DataFrame | None = None,
    prediction_limits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The survey's three conclusions, each with the numbers that test it (one row per number).

    1. No one is influential in all circumstances: the pooled influence multiplier in the cascade window,
       its range over cells, and the consistency of creators' cascade sizes (Spearman, R^2).
    2. Buzz is not easily predictable: unpredictability and inequality of the simulated markets without and
       with the strongest social influence, and Study B's ex-ante against early R^2.
    3. A mix of influences: Study A's word-of-mouth share (and so the exogenous share ``1 - wom``) per data
       set with its interval, its excess over the shuffle null and the Bass and Hawkes external shares.
    """
    rows = []

    def add(k, source, dataset, statistic, value, lo=math.nan, hi=math.nan, synthetic=False):
        rows.append(
            {
                "conclusion": k,
                "claim": CONCLUSIONS[k],
                "source": source,
                "dataset": dataset,
                "statistic": statistic,
                "value": float(value) if value is not None else math.nan,
                "ci_low": float(lo),
                "ci_high": float(hi),
                "synthetic": bool(synthetic),
            }
        )

    mt = multiplier
    for _, r in mt.loc[mt["scope"] == "window"].iterrows():
        add(
            1,
            "influence_multiplier.csv",
            r["graph"],
            "multiplier_in_window",
            r["multiplier"],
            r["ci_low"],
            r["ci_high"],
            _as_bool(pd.Series([r.get("synthetic", True)])).iloc[0],
        )
    cells = mt.loc[(mt["scope"] == "cell") & mt["in_window"].astype(bool)]
    for graph, d in cells.groupby("graph", sort=True):
        syn = _as_bool(d["synthetic"]).iloc[0] if "synthetic" in d.columns else True
        add(
            1,
            "influence_multiplier.csv",
            graph,
            "multiplier_min_over_window",
            d["multiplier"].min(),
            synthetic=syn,
        )
        add(
            1,
            "influence_multiplier.csv",
            graph,
            "multiplier_max_over_window",
            d["multiplier"].max(),
            synthetic=syn,
        )
    for _, r in consistency_table.dropna(subset=["spearman"]).iterrows():
        syn = _as_bool(pd.Series([r.get("synthetic", False)])).iloc[0]
        add(
            1,
            "influence_consistency.csv",
            r["dataset"],
            "spearman_past_next",
            r["spearman"],
            r["spearman_ci_low"],
            r["spearman_ci_high"],
            syn,
        )
        add(
            1,
            "influence_consistency.csv",
            r["dataset"],
            "r2_past_next",
            r["r2"],
            r["r2_ci_low"],
            r["r2_ci_high"],
            syn,
        )
    ml = musiclab_table.sort_values("social_strength")
    for label, r in (("independent", ml.iloc[0]), ("strongest_social", ml.iloc[-1])):
        w = r["social_strength"]
        add(
            2,
            "musiclab.csv",
            "musiclab_simulation",
            f"unpredictability_{label}_w{w:g}",
            r["unpredictability"],
            r["unpredictability_low"],
            r["unpredictability_high"],
            True,
        )
        add(
            2,
            "musiclab.csv",
            "musiclab_simulation",
            f"gini_{label}_w{w:g}",
            r["gini"],
            r["gini_low"],
            r["gini_high"],
            True,
        )
    if prediction_limits is not None:
        lim = prediction_limits_long(prediction_limits)
        if "t_i" in lim.columns and lim["t_i"].notna().any():
            # per data set: what is known ex ante against the earliest and the latest indicator time
            t = lim["t_i"]
            g = t.groupby(lim["dataset"])
            keep = t.isna() | (t == g.transform("min")) | (t == g.transform("max"))
            lim = lim[keep]
        for _, r in lim.iterrows():
            add(
                2,
                "prediction_limits.csv",
                r["dataset"],
                r["statistic"],
                r["value"],
                r.get("ci_low", math.nan),
                r.get("ci_high", math.nan),
                r["synthetic"],
            )
    if attribution is not None:
        _check_columns(attribution, ATTRIBUTION_REQUIRED, "attribution.csv")
        at = attribution.assign(synthetic=_as_bool(attribution["synthetic"]))
        for _, r in at.sort_values("dataset").iterrows():
            ds, syn = str(r["dataset"]), bool(r["synthetic"])
            wom, lo, hi = (pd.to_numeric(r[c], errors="coerce") for c in ATTRIBUTION_REQUIRED[2:])
            if pd.notna(wom):  # a data set without a graph has only the Bass / Hawkes shares
                add(3, "attribution.csv", ds, "wom_share", wom, lo, hi, syn)
                add(3, "attribution.csv", ds, "exogenous_share", 1 - wom, 1 - hi, 1 - lo, syn)
            for col in ATTRIBUTION_OPTIONAL:
                if col in at.columns and pd.notna(pd.to_numeric(r[col], errors="coerce")):
                    add(3, "attribution.csv", ds, col, pd.to_numeric(r[col]), synthetic=syn)
    out = pd.DataFrame(rows, columns=CONCLUSION_COLUMNS)
    return out.sort_values(
        ["conclusion", "source", "dataset", "statistic"], kind="stable"
    ).reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# figures (matplotlib through virality.plots; return the figure, the caller saves it)

_GROUP_STYLE = {"average": ("tab:blue", "o", "-"), "influential": ("tab:red", "s", "--")}
_GRAPH_TITLE = {"erdos_renyi": "Erdos-Renyi", "heavy_tailed": "heavy-tailed (Chung-Lu)"}


def _log_x(ax) -> None:
    from matplotlib.ticker import NullFormatter, ScalarFormatter

    ax.set_xscale("log")
    lim = ax.get_xlim()
    ax.set_xticks([t for t in (0.5, 1, 2, 5, 10, 20, 50) if lim[0] <= t <= lim[1]])
    ax.set_xlim(lim)
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.xaxis.set_minor_formatter(NullFormatter())


def _graph_label(graph: str, synthetic: bool) -> str:
    from . import plots

    return plots.label(_GRAPH_TITLE.get(graph, graph), synthetic)


def plot_window(summary: pd.DataFrame, window: pd.DataFrame, synthetic: dict[str, bool]):
    """Share of global cascades against mean degree, one panel per graph, one line per threshold and seed
    group; the analytic Erdos-Renyi window of Watts (2002) is marked."""
    from . import plots

    graphs = sorted(summary["graph"].unique())
    fig, axes = plots.new_figure(4.2 * len(graphs), 3.8, ncols=len(graphs), squeeze=False)
    phis = sorted(summary["threshold"].unique())
    palette = ["tab:green", "tab:orange", "tab:purple", "tab:brown", "tab:pink", "tab:olive"]
    cmap = {phi: palette[i % len(palette)] for i, phi in enumerate(phis)}
    for ax, graph in zip(axes[0], graphs, strict=True):
        d = summary[summary["graph"] == graph]
        for phi in phis:
            for group in SEED_GROUPS:
                g = d[(d["threshold"] == phi) & (d["seed_group"] == group)].sort_values(
                    "mean_degree"
                )
                _, marker, ls = _GROUP_STYLE[group]
                ax.plot(
                    g["mean_degree"],
                    g["p_global_cascade"],
                    ls=ls,
                    marker=marker,
                    ms=3,
                    color=cmap[phi],
                    label=f"phi={phi:g}, {group} seed",
                )
            w = window[(window["graph"] == graph) & (window["threshold"] == phi)]
            if len(w) and np.isfinite(w["analytic_high"].iloc[0]):
                ax.axvline(w["analytic_high"].iloc[0], color=cmap[phi], lw=0.8, alpha=0.6, ls=":")
        if synthetic.get(graph, True):
            _log_x(ax)
        ax.set_xlabel("mean degree z (neighbours per node)")
        ax.set_ylabel("share of runs with a global cascade")
        ax.set_title(_graph_label(graph, synthetic.get(graph, True)))
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        loc="lower center",
        ncol=min(6, len(labels)),
        fontsize=7,
        bbox_to_anchor=(0.5, -0.08),
    )
    fig.suptitle("Cascade window of the threshold model (dotted: analytic upper edge, Watts 2002)")
    fig.tight_layout()
    return fig


def plot_multiplier(mult: pd.DataFrame, synthetic: dict[str, bool]):
    """Influence multiplier (influential over average mean cascade size) with its bootstrap interval against
    mean degree, inside the cascade window."""
    from matplotlib.ticker import NullFormatter, ScalarFormatter

    from . import plots

    cells = mult[(mult["scope"] == "cell") & mult["in_window"].astype(bool)]
    graphs = sorted(mult["graph"].unique())
    fig, axes = plots.new_figure(4.2 * len(graphs), 3.8, ncols=len(graphs), squeeze=False)
    for ax, graph in zip(axes[0], graphs, strict=True):
        d = cells[cells["graph"] == graph]
        for phi, g in d.groupby("threshold", sort=True):
            g = g.sort_values("mean_degree")
            ax.errorbar(
                g["mean_degree"],
                g["multiplier"],
                yerr=[g["multiplier"] - g["ci_low"], g["ci_high"] - g["multiplier"]],
                marker="o",
                ms=3,
                capsize=2,
                label=f"phi={phi:g}",
            )
        pooled = mult[(mult["graph"] == graph) & (mult["scope"] == "window")]
        if len(pooled):
            p = pooled.iloc[0]
            ax.axhline(
                p["multiplier"],
                color="k",
                lw=0.8,
                label=f"pooled {p['multiplier']:.2f} [{p['ci_low']:.2f}, {p['ci_high']:.2f}]",
            )
        ax.axhline(1.0, color="grey", lw=0.6, ls=":")
        if synthetic.get(graph, True):
            _log_x(ax)
        ax.set_yscale("log")
        lim = ax.get_ylim()
        ax.set_yticks([t for t in (0.5, 1, 2, 5, 10, 20, 50, 100, 200) if lim[0] <= t <= lim[1]])
        ax.set_ylim(lim)
        ax.yaxis.set_major_formatter(ScalarFormatter())
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("mean degree z (neighbours per node)")
        ax.set_ylabel("multiplier (ratio of mean cascade sizes)")
        ax.set_title(_graph_label(graph, synthetic.get(graph, True)))
        ax.legend(fontsize=7)
    fig.suptitle(
        "Influence multiplier of top-10% seeds inside the cascade window (95% bootstrap CI)"
    )
    fig.tight_layout()
    return fig


def plot_consistency(pairs: dict[str, pd.DataFrame], table: pd.DataFrame):
    """Next cascade's log size against the creator's past mean, one panel per data set with pairs."""
    from . import plots

    names = [n for n in sorted(pairs) if len(pairs[n])]
    if not names:
        fig, ax = plots.new_figure()
        ax.text(0.5, 0.5, "no creator with several cascades", ha="center", va="center")
        ax.set_title("Consistency of influence: no data")
        ax.set_xlabel("past mean log(1 + cascade size)")
        ax.set_ylabel("next log(1 + cascade size)")
        return fig
    fig, axes = plots.new_figure(3.8 * len(names), 3.6, ncols=len(names), squeeze=False)
    for ax, name in zip(axes[0], names, strict=True):
        d = pairs[name]
        row = table[table["dataset"] == name].iloc[0]
        ax.scatter(
            d["past_mean"],
            d["next_log_size"],
            s=6,
            alpha=0.4,
            label=f"rho={row['spearman']:.2f}, R2={row['r2']:.2f} (n={int(row['n_pairs'])})",
        )
        lim = [
            min(d["past_mean"].min(), d["next_log_size"].min()),
            max(d["past_mean"].max(), d["next_log_size"].max()),
        ]
        ax.plot(lim, lim, color="grey", lw=0.7, ls=":", label="next = past mean")
        ax.set_xlabel("past mean log(1 + cascade size)")
        ax.set_ylabel("next log(1 + cascade size)")
        ax.set_title(plots.label(name, bool(row["synthetic"])))
        ax.legend(fontsize=7)
    fig.suptitle("Does a creator's past cascade size predict the next? (Bakshy et al. 2011)")
    return fig


def plot_musiclab(summary: pd.DataFrame):
    """Gini and unpredictability against social-influence strength with their ranges over markets."""
    from . import plots

    fig, axes = plots.new_figure(8.4, 3.6, ncols=2)
    for ax, col, name in (
        (axes[0], "gini", "Gini of market shares"),
        (axes[1], "unpredictability", "unpredictability U"),
    ):
        s = summary.sort_values("social_strength")
        ax.errorbar(
            s["social_strength"],
            s[col],
            yerr=[s[col] - s[f"{col}_low"], s[f"{col}_high"] - s[col]],
            marker="o",
            capsize=3,
            label="mean over markets (95% range)",
        )
        ax.set_xlabel("social influence strength w (0 = independent)")
        ax.set_ylabel(f"{name} (dimensionless)")
        ax.legend(fontsize=7)
    fig.suptitle("Simulated MusicLab markets (synthetic): 48 songs, 8 worlds per condition")
    return fig


def plot_mix(conclusions: pd.DataFrame):
    """Endogenous (word-of-mouth) against exogenous shares per data set from Study A, with intervals: the
    word-of-mouth share as a bar, and the endogenous share implied by the Bass and Hawkes fits
    (``1 - external share``) as markers; a note when Study A has no rows."""
    from . import plots

    c3 = conclusions[conclusions["conclusion"] == 3]
    names = sorted(c3["dataset"].unique())
    fig, ax = plots.new_figure(6.4, 0.9 + 0.45 * max(len(names), 2))
    if not names:
        ax.text(0.5, 0.5, "Study A's attribution.csv has no rows", ha="center", va="center")
    else:
        y = {n: k for k, n in enumerate(names)}
        syn = c3.groupby("dataset")["synthetic"].first().astype(bool)
        d = c3[c3["statistic"] == "wom_share"]
        if len(d):
            yy = d["dataset"].map(y).to_numpy()
            ax.barh(yy, d["value"], color="tab:red", label="word of mouth (endogenous)")
            ax.barh(
                yy,
                1 - d["value"],
                left=d["value"],
                color="tab:blue",
                alpha=0.5,
                label="other channels (editorial, media, exogenous)",
            )
            ax.errorbar(
                d["value"],
                yy,
                xerr=[d["value"] - d["ci_low"], d["ci_high"] - d["value"]],
                fmt="none",
                color="k",
                capsize=3,
                label="95% interval",
            )
        for stat, marker, name in (
            ("bass_external_share", "^", "Bass"),
            ("hawkes_external_share", "D", "Hawkes"),
        ):
            m = c3[c3["statistic"] == stat]
            if len(m):
                ax.scatter(
                    1 - m["value"],
                    m["dataset"].map(y),
                    marker=marker,
                    color="k",
                    zorder=3,
                    s=22,
                    label=f"1 - {name} external share",
                )
        ax.set_yticks(range(len(names)), [plots.label(n, bool(syn[n])) for n in names])
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3)
    marked = (
        " (synthetic data sets marked)" if len(c3) and c3["synthetic"].astype(bool).any() else ""
    )
    ax.set_xlim(0, 1)
    ax.set_xlabel("endogenous share of adoptions (fraction)")
    ax.set_title(f"A mix of influences: word-of-mouth share per data set (Study A){marked}")
    return fig
