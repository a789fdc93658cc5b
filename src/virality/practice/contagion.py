"""Contagions of Study E1, vectorised over runs with scipy sparse matrices.

* Simple contagion: the independent cascade model (Goldenberg, Libai & Muller 2001; Kempe, Kleinberg &
  Tardos 2003): a node that adopts in round t gets one chance, with probability ``p``, to pass the behaviour
  to each neighbour that watches it, who then adopts in round t + 1. Equivalent to breadth-first search on
  the edges that are open (each open with probability ``p``), so each run is one scipy ``csgraph``
  Dijkstra call (unweighted, from all seeds at once) on its open edges (drawn up front by :func:`ic_masks`).
* Complex contagion (Centola & Macy, AJS 113: 702-734, 2007): a node adopts once at least ``k`` of the
  nodes it watches have adopted (absolute threshold), or a fraction ``phi`` of them (fractional threshold of
  Watts 2002, as in Study D). Synchronous rounds; all runs advance together as the columns of a sparse
  frontier, one sparse product per round.

Adjacency: ``adj[i, j] = 1`` when node i watches node j (i is exposed to j's adoption). Results are the
round in which each node adopted in each run (-1: never), seeds adopting in round 0.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph


def _check(adj: sp.spmatrix, seeds: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
    adj = sp.csr_matrix(adj, dtype=np.int32)
    adj.data[:] = 1
    n = adj.shape[0]
    if adj.shape != (n, n):
        raise ValueError(f"contagion: adjacency must be square, got shape {adj.shape}")
    seeds = np.asarray(seeds, dtype=np.int64)
    if seeds.ndim != 2 or seeds.shape[1] == 0:
        raise ValueError("contagion: seeds must be a (runs, n_seeds) array of node indices")
    if seeds.min() < 0 or seeds.max() >= n:
        raise ValueError(f"contagion: seed indices must be in [0, {n - 1}]")
    if any(len(set(row)) != len(row) for row in seeds.tolist()):
        raise ValueError("contagion: a run has a repeated seed")
    return adj, seeds


def absolute_need(adj: sp.spmatrix, k: float) -> np.ndarray:
    """Adopting neighbours each node needs under an absolute threshold ``k``."""
    return np.full(adj.shape[0], float(k))


def fractional_need(adj: sp.spmatrix, phi: float) -> np.ndarray:
    """Adopting neighbours each node needs under a fractional threshold ``phi`` (infinite for a node that
    watches no one: it never adopts unless seeded)."""
    deg = np.diff(sp.csr_matrix(adj).indptr).astype(np.float64)
    with np.errstate(divide="ignore"):
        return np.where(deg > 0, phi * deg, np.inf)


def threshold_spread(
    adj: sp.spmatrix, seeds: np.ndarray, need: np.ndarray, max_rounds: int | None = None
) -> np.ndarray:
    """Adoption rounds ``(n, runs)`` of a threshold contagion: node i adopts in the first round after at
    least ``need[i]`` (or ``need[i, run]``) of the nodes it watches have adopted.

    The state is flat (node * runs + run); each round multiplies the adjacency by the sparse matrix of the
    previous round's adopters, adds the products to the running counts and activates the touched nodes that
    reached their need. The work is proportional to the edges leaving new adopters.
    """
    adj, seeds = _check(adj, seeds)
    n, runs = adj.shape[0], seeds.shape[0]
    need = np.broadcast_to(np.asarray(need, dtype=np.float64).reshape(n, -1), (n, runs)).ravel()
    rounds = np.full(n * runs, -1, dtype=np.int32)
    counts = np.zeros(n * runs, dtype=np.int32)
    cols = np.repeat(np.arange(runs), seeds.shape[1])
    rows = seeds.ravel()
    rounds[rows * runs + cols] = 0
    step = 0
    while rows.size and (max_rounds is None or step < max_rounds):
        step += 1
        frontier = sp.csr_matrix(
            (np.ones(rows.size, dtype=np.int32), (rows, cols)), shape=(n, runs)
        )
        touched = (adj @ frontier).tocoo()
        flat = touched.row.astype(np.int64) * runs + touched.col
        counts[flat] += touched.data
        new = (counts[flat] >= need[flat]) & (rounds[flat] < 0)
        rounds[flat[new]] = step
        rows, cols = touched.row[new].astype(np.int64), touched.col[new]
    return rounds.reshape(n, runs)


def ic_masks(adj: sp.spmatrix, p: float, runs: int, rng: np.random.Generator) -> np.ndarray:
    """Which transmission arcs are open in each run ``(runs, nnz)``: arc j -> i (i watches j) is open
    with probability ``p``, in the order of the stored entries of ``adj.T`` as CSR."""
    if not 0 <= p <= 1:
        raise ValueError(f"independent cascade: p must be in [0, 1], got {p}")
    return rng.random((runs, transmission(adj).nnz)) < p


def transmission(adj: sp.spmatrix) -> sp.csr_matrix:
    """The arcs ``j -> i`` along which node j's adoption reaches node i (``adj.T``, sorted CSR)."""
    trans = sp.csr_matrix(sp.csr_matrix(adj, dtype=np.int32).T)
    trans.sort_indices()
    trans.data[:] = 1
    return trans


def independent_cascade(adj: sp.spmatrix, seeds: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """Adoption rounds ``(n, runs)`` of independent cascades whose open arcs are ``masks`` (see
    :func:`ic_masks`): a node adopts at its breadth-first distance from the run's seeds along open arcs."""
    adj, seeds = _check(adj, seeds)
    trans = transmission(adj)
    n, runs = adj.shape[0], seeds.shape[0]
    if masks.shape != (runs, trans.nnz):
        raise ValueError(f"independent cascade: masks must have shape {(runs, trans.nnz)}")
    out = np.empty((n, runs), dtype=np.int32)
    row_of = np.repeat(np.arange(n), np.diff(trans.indptr))  # the row of each stored arc
    for r in range(runs):
        keep = masks[r]
        # the open arcs keep trans's (sorted CSR) order: their CSR rows directly, no COO sort
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_of[keep], minlength=n), out=indptr[1:])
        open_arcs = sp.csr_matrix((np.ones(indptr[-1]), trans.indices[keep], indptr), shape=(n, n))
        dist = csgraph.dijkstra(
            open_arcs, directed=True, indices=seeds[r], unweighted=True, min_only=True
        )
        out[:, r] = np.where(np.isfinite(dist), dist, -1).astype(np.int32)
    return out


def summarise(rounds: np.ndarray) -> dict[str, np.ndarray]:
    """Per run: ``final`` adopters, ``time_to_half`` (first round by which half of the run's own final
    adopters had adopted) and ``time_to_half_population`` (first round with half of all nodes adopted,
    NaN when never)."""
    n, runs = rounds.shape
    final = (rounds >= 0).sum(axis=0)
    ordered = np.sort(np.where(rounds >= 0, rounds, np.iinfo(np.int32).max), axis=0)
    half = np.maximum(np.ceil(final / 2).astype(np.int64) - 1, 0)
    t_half = ordered[half, np.arange(runs)].astype(np.float64)
    half_pop = max(int(np.ceil(n / 2)) - 1, 0)
    t_pop = ordered[half_pop].astype(np.float64)
    t_pop[final <= half_pop] = np.nan
    return {"final": final, "time_to_half": t_half, "time_to_half_population": t_pop}
