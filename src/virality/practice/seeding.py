"""Seeding strategies of Study E1: the same number of seeds concentrated in one community, at random, or on
the highest-degree nodes.

Concentrated seeding is the campaign manager's rule ("focus on a city or on a specific population
category, to ensure that interactions are concentrated in this segment"): a community is drawn, then a
start node inside it, and the seeds are the nodes nearest to it within the community (breadth-first, ties
in random order). On a lattice this is the seed-and-neighbours seeding of Centola & Macy (2007) and of
Becker's NetLogo replication.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import scipy.sparse as sp

STRATEGIES = ("community", "random", "top_degree")


def community_patch(
    adj: sp.csr_matrix, labels: np.ndarray, n_seeds: int, rng: np.random.Generator
) -> np.ndarray:
    """``n_seeds`` nodes of one community, nearest first to a random start node of it.

    The community is drawn uniformly among those with at least ``n_seeds`` members; breadth-first search
    stays inside it and restarts from another random member if the part it reached is too small.
    """
    ids, sizes = np.unique(labels, return_counts=True)
    big = ids[sizes >= n_seeds]
    if big.size == 0:
        raise ValueError(f"community seeding: no community has {n_seeds} members")
    members = np.flatnonzero(labels == rng.choice(big))
    inside = np.zeros(labels.size, dtype=bool)
    inside[members] = True
    chosen: list[int] = []
    taken = np.zeros(labels.size, dtype=bool)
    for start in rng.permutation(members):
        if taken[start]:
            continue
        queue = deque([int(start)])
        taken[start] = True
        while queue and len(chosen) < n_seeds:
            node = queue.popleft()
            chosen.append(node)
            nbrs = adj.indices[adj.indptr[node] : adj.indptr[node + 1]]
            for nb in rng.permutation(nbrs[inside[nbrs] & ~taken[nbrs]]):
                taken[nb] = True
                queue.append(int(nb))
        if len(chosen) == n_seeds:
            break
    return np.array(chosen, dtype=np.int64)


def top_degree(adj: sp.csr_matrix, n_seeds: int, rng: np.random.Generator) -> np.ndarray:
    """The ``n_seeds`` nodes watched by most others (in-degree; degree when symmetric), ties at random."""
    deg = np.asarray(sp.csr_matrix(adj).sum(axis=0)).ravel()
    order = rng.permutation(deg.size)
    return np.sort(order[np.argsort(-deg[order], kind="stable")][:n_seeds])


def seed_sets(
    strategy: str,
    adj: sp.csr_matrix,
    labels: np.ndarray,
    n_seeds: int,
    runs: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Seeds of ``runs`` runs ``(runs, n_seeds)`` under ``strategy`` (one of :data:`STRATEGIES`)."""
    n = adj.shape[0]
    if not 0 < n_seeds <= n:
        raise ValueError(f"seeding: n_seeds must be in [1, {n}], got {n_seeds}")
    if strategy == "community":
        rows = [community_patch(adj, labels, n_seeds, rng) for _ in range(runs)]
    elif strategy == "random":
        rows = [rng.choice(n, size=n_seeds, replace=False) for _ in range(runs)]
    elif strategy == "top_degree":
        rows = [top_degree(adj, n_seeds, rng) for _ in range(runs)]
    else:
        raise ValueError(f"seeding: unknown strategy {strategy!r}; expected one of {STRATEGIES}")
    return np.vstack(rows).astype(np.int64)
