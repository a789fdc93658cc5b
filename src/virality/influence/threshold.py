"""The threshold model of Watts (PNAS 2002) as used by Watts & Dodds (J. Consumer Research 34: 441-458, 2007).

A node adopts once the fraction of the neighbours it watches that have adopted reaches its threshold ``phi``;
many seeds run at once as columns of a sparse frontier matrix. Influential seeds (top 10% by influence
degree) against average ones across mean degree and threshold; the influence multiplier with a bootstrap
interval; the observed cascade window next to Watts's analytic one for Erdos-Renyi graphs (eq. 5 there).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Container, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..files import stable_seed
from .graphs import influence_degree, mean_degree, random_graph, thin_edges

SEED_GROUPS = ("average", "influential")


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
        rounds[c] = step
        # r ascends (the product's rows in order): the new frontier's CSR rows directly, no COO sort
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(r, minlength=n), out=indptr[1:])
        frontier = sp.csr_matrix((np.ones(r.size, dtype=np.int32), c, indptr), shape=(n, runs))
    active = active.reshape(n, runs)
    sizes = active.sum(axis=0).astype(np.int64)
    if return_state:
        return sizes, active, rounds
    return sizes


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
    cells: Container[int] | None = None,
) -> pd.DataFrame:
    """Threshold cascades on ``n_graphs`` random graphs of each mean degree (see :func:`random_graph`).

    Returns one row per run: graph, mean_degree (nominal), realised_mean_degree, realisation, threshold,
    seed_group, seed_node, seed_degree, size, n_nodes. ``cells``: only these (mean degree, graph) cells,
    numbered in the order of the loops, with their number in a column ``cell`` (every cell has its own
    seed, so a shard of the grid gives the same runs as the whole sweep).
    """
    frames = []
    for c, (z, g) in enumerate(itertools.product(mean_degrees, range(n_graphs))):
        if cells is not None and c not in cells:
            continue
        gseed = _sub_seed(seed, kind, z, g)
        adj = random_graph(kind, n_nodes, float(z), gseed, exponent=exponent)
        runs = simulate_graph(adj, thresholds, n_seeds, top_fraction, gseed + 1)
        runs.insert(0, "realisation", g)
        runs.insert(0, "realised_mean_degree", mean_degree(adj))
        runs.insert(0, "mean_degree", float(z))
        runs.insert(0, "graph", kind)
        frames.append(runs if cells is None else runs.assign(cell=c))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


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

    The bootstrap draws of each graph come from their own stream (seeded by ``seed`` and the graph's name).
    Rows with ``scope="window"`` pool, per graph, the cells inside the cascade window (cells where at least
    one run of either group went global): the ratio of the cell-averaged means, bootstrapped jointly.
    """
    lo_q, hi_q = 100 * (1 - level) / 2, 100 * (1 + level) / 2
    rows, boots, rngs = [], {}, {}
    for (graph, z, phi), cell in runs.groupby(["graph", "mean_degree", "threshold"], sort=True):
        # one stream per graph: adding a data set's graph leaves the other graphs' intervals unchanged
        rng = rngs.setdefault(graph, np.random.default_rng(stable_seed(seed, "multiplier", graph)))
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
    from scipy import stats  # here, not at the top: ~1 s of every job that imports the module

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
