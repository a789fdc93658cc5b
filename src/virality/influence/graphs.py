"""Graphs for the threshold model: exposure matrices of real edges tables, random graphs, thinning.

``A[i, j] = 1`` when node ``i`` watches node ``j``. Random graphs: Erdos-Renyi G(n, p) as in Watts (PNAS 2002)
and a heavy-tailed Chung-Lu expected-degree graph standing in for the heterogeneous networks of Watts & Dodds
(J. Consumer Research 2007).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..files import DataError


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
    return graph_matrix(g, n)


def graph_matrix(g: nx.Graph, n: int) -> sp.csr_matrix:
    """The symmetric 0/1 CSR matrix of an undirected graph on nodes ``0 .. n-1`` without self-loops:
    ``nx.to_scipy_sparse_array(g, nodelist=range(n), dtype=np.int32, format="csr")``, the same arrays
    (tested), from the edge list in numpy instead of networkx's per-edge Python loop."""
    uv = np.fromiter(
        (x for e in g.edges() for x in e), dtype=np.int64, count=2 * g.number_of_edges()
    ).reshape(-1, 2)
    if (
        uv.size and (uv[:, 0] == uv[:, 1]).any()
    ):  # a self-loop: networkx's own rules for the diagonal
        adj = nx.to_scipy_sparse_array(g, nodelist=range(n), dtype=np.int32, format="csr")
        return sp.csr_matrix(adj)
    rows = np.concatenate([uv[:, 0], uv[:, 1]])
    cols = np.concatenate([uv[:, 1], uv[:, 0]])
    data = np.ones(rows.size, dtype=np.int32)
    return sp.csr_matrix(sp.coo_array((data, (rows, cols)), shape=(n, n)).tocsr())


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


def influence_degree(adj: sp.csr_matrix) -> np.ndarray:
    """Number of nodes that watch each node (its audience): column sums of the exposure matrix."""
    return np.asarray(adj.sum(axis=0)).ravel().astype(np.int64)
