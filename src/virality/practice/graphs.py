"""Graphs of Study E1: Centola's clustered lattice and its degree-preserving rewiring, a stochastic block
model, a real follower graph, and communities.

Centola (Science 329: 1194-1197, 2010) compared a clustered lattice with a random network of the same size
and degree ("corresponding random networks"): :func:`lattice` builds a periodic lattice (degree 6: the
hexagonal/triangular lattice; 4 and 8 also allowed), :func:`rewire` randomises its ties with networkx's
degree-preserving ``double_edge_swap``. Segments are networkx's ``stochastic_block_model``; communities of
the other graphs are networkx's Louvain method (Blondel et al. 2008).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..files import DataError

#: Neighbour offsets (row, column) of the periodic lattices by degree: von Neumann (4), triangular (6, each
#: node linked to the six nodes around it, Centola's hexagonal neighbourhood) and Moore (8).
LATTICE_OFFSETS = {
    4: ((0, 1), (1, 0)),
    6: ((0, 1), (1, 0), (1, -1)),
    8: ((0, 1), (1, 0), (1, 1), (1, -1)),
}


def lattice_shape(n_nodes: int) -> tuple[int, int]:
    """Rows and columns of the most nearly square torus with ``n_nodes`` nodes and both sides >= 3."""
    for rows in range(math.isqrt(n_nodes), 2, -1):
        if n_nodes % rows == 0 and n_nodes // rows >= 3:
            return rows, n_nodes // rows
    raise ValueError(f"lattice: {n_nodes} nodes do not fill a torus with both sides >= 3")


def lattice(n_nodes: int, degree: int = 6) -> nx.Graph:
    """A periodic lattice (torus) of ``n_nodes`` nodes, each with ``degree`` neighbours (4, 6 or 8)."""
    if degree not in LATTICE_OFFSETS:
        raise ValueError(f"lattice: degree must be one of 4, 6, 8, got {degree}")
    rows, cols = lattice_shape(n_nodes)
    g = nx.empty_graph(n_nodes)
    for r in range(rows):
        for c in range(cols):
            for dr, dc in LATTICE_OFFSETS[degree]:
                g.add_edge(r * cols + c, ((r + dr) % rows) * cols + (c + dc) % cols)
    if any(d != degree for _, d in g.degree()):
        raise ValueError(f"lattice: a {rows}x{cols} torus is too small for degree {degree}")
    return g


def rewire(g: nx.Graph, seed: int, swaps_per_edge: int = 10) -> nx.Graph:
    """Degree-preserving randomisation: ``swaps_per_edge`` double edge swaps per edge (networkx)."""
    out = g.copy()
    n_edges = out.number_of_edges()
    nx.double_edge_swap(
        out, nswap=swaps_per_edge * n_edges, max_tries=100 * swaps_per_edge * n_edges, seed=seed
    )
    return out


def block_model(
    n_blocks: int, block_size: int, p_in: float, p_out: float, seed: int
) -> tuple[nx.Graph, np.ndarray]:
    """A stochastic block model of ``n_blocks`` equal segments and the block of every node."""
    probs = np.full((n_blocks, n_blocks), p_out)
    np.fill_diagonal(probs, p_in)
    g = nx.stochastic_block_model([block_size] * n_blocks, probs.tolist(), seed=seed)
    labels = np.repeat(np.arange(n_blocks), block_size)
    return nx.Graph(g), labels


def communities(g: nx.Graph, seed: int, resolution: float = 1.0) -> np.ndarray:
    """Louvain communities (networkx) as one label per node ``0..n-1``, numbered by their smallest node."""
    parts = nx.community.louvain_communities(g, resolution=resolution, seed=seed)
    labels = np.full(g.number_of_nodes(), -1, dtype=np.int64)
    for i, part in enumerate(sorted(parts, key=min)):
        labels[list(part)] = i
    return labels


def to_csr(g: nx.Graph) -> sp.csr_matrix:
    """Symmetric 0/1 adjacency matrix of a graph on nodes ``0..n-1`` (row i = the nodes i watches)."""
    adj = nx.to_scipy_sparse_array(g, nodelist=range(g.number_of_nodes()), dtype=np.int32)
    return sp.csr_matrix(adj)


def from_edges(edges: pd.DataFrame, undirected: bool = True) -> tuple[nx.Graph, np.ndarray]:
    """A canonical edges table as a graph on ``0..n-1`` and the node ids (sorted) of those indices.

    Canonical ``source`` follows ``target``; with ``undirected`` every edge counts both ways (Louvain and
    the seeding compare segments of an undirected graph); otherwise the graph is a ``DiGraph`` whose edge
    ``i -> j`` means i watches j. Self-loops and duplicates are dropped.
    """
    missing = {"source", "target"} - set(edges.columns)
    if missing:
        raise DataError(f"edges: missing column(s) {', '.join(sorted(missing))}")
    src = edges["source"].astype("string").to_numpy(dtype=object).astype(str)
    dst = edges["target"].astype("string").to_numpy(dtype=object).astype(str)
    nodes, inv = np.unique(np.concatenate([src, dst]), return_inverse=True)
    i, j = inv[: len(src)], inv[len(src) :]
    keep = i != j
    g = nx.Graph() if undirected else nx.DiGraph()
    g.add_nodes_from(range(len(nodes)))
    g.add_edges_from(zip(i[keep].tolist(), j[keep].tolist(), strict=True))
    return g, nodes


def clustering(g: nx.Graph) -> float:
    """Average clustering coefficient (of the undirected graph)."""
    return float(nx.average_clustering(nx.Graph(g)))
