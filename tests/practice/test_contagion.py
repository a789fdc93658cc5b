"""The vectorised contagions against independent node-by-node references (identical adoption rounds)."""

from collections import deque

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from virality.practice import contagion as cg
from virality.practice import graphs


def _reference_threshold(adj, seeds, need):
    """Synchronous threshold dynamics, one node and one run at a time (plain Python)."""
    n, runs = adj.shape[0], seeds.shape[0]
    watched = [set(adj.indices[adj.indptr[i] : adj.indptr[i + 1]].tolist()) for i in range(n)]
    need = np.broadcast_to(np.asarray(need, dtype=float).reshape(n, -1), (n, runs))
    out = np.full((n, runs), -1)
    for r in range(runs):
        active = {int(s): 0 for s in seeds[r]}
        step = 0
        while True:
            step += 1
            new = [
                i
                for i in range(n)
                if i not in active and sum(j in active for j in watched[i]) >= need[i, r]
            ]
            if not new:
                break
            for i in new:
                active[i] = step
        for i, t in active.items():
            out[i, r] = t
    return out


def _reference_cascade(adj, seeds, masks):
    """Independent cascade: each new adopter tries each open arc to the nodes that watch it, in rounds."""
    n, runs = adj.shape[0], seeds.shape[0]
    trans = cg.transmission(adj)
    out = np.full((n, runs), -1)
    for r in range(runs):
        arcs = {}
        for j in range(n):
            for k in range(trans.indptr[j], trans.indptr[j + 1]):
                if masks[r, k]:
                    arcs.setdefault(j, []).append(int(trans.indices[k]))
        queue = deque((int(s), 0) for s in seeds[r])
        for s in seeds[r]:
            out[s, r] = 0
        while queue:
            j, t = queue.popleft()
            for i in arcs.get(j, []):
                if out[i, r] < 0:
                    out[i, r] = t + 1
                    queue.append((i, t + 1))
    return out


@pytest.fixture(scope="module")
def graph():
    g = graphs.rewire(graphs.lattice(48, 6), seed=3)
    g.add_edges_from([(0, 5), (7, 30)])  # some degree heterogeneity
    return graphs.to_csr(g)


@pytest.fixture(scope="module")
def directed():
    g = nx.gnp_random_graph(60, 0.08, seed=5, directed=True)
    return sp.csr_matrix(nx.to_scipy_sparse_array(g, nodelist=range(60), dtype=np.int32))


def _seeds(n, runs, k, seed):
    rng = np.random.default_rng(seed)
    return np.vstack([rng.choice(n, k, replace=False) for _ in range(runs)])


@pytest.mark.parametrize("k", [1, 2, 3])
def test_absolute_threshold_matches_node_loop(graph, k):
    seeds = _seeds(graph.shape[0], 12, 6, k)
    need = cg.absolute_need(graph, k)
    got = cg.threshold_spread(graph, seeds, need)
    np.testing.assert_array_equal(got, _reference_threshold(graph, seeds, need))


@pytest.mark.parametrize("phi", [0.2, 0.34])
def test_fractional_threshold_matches_node_loop(graph, directed, phi):
    for adj in (graph, directed):
        seeds = _seeds(adj.shape[0], 10, 5, 7)
        need = cg.fractional_need(adj, phi)
        got = cg.threshold_spread(adj, seeds, need)
        np.testing.assert_array_equal(got, _reference_threshold(adj, seeds, need))


def test_per_run_thresholds_match_node_loop(graph):
    rng = np.random.default_rng(11)
    seeds = _seeds(graph.shape[0], 8, 4, 2)
    need = np.where(rng.random((graph.shape[0], 8)) < 0.2, 1.0, 2.0)
    got = cg.threshold_spread(graph, seeds, need)
    np.testing.assert_array_equal(got, _reference_threshold(graph, seeds, need))


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_independent_cascade_matches_node_loop(graph, directed, p):
    for adj in (graph, directed):
        rng = np.random.default_rng(int(p * 100))
        seeds = _seeds(adj.shape[0], 15, 3, 4)
        masks = cg.ic_masks(adj, p, 15, rng)
        got = cg.independent_cascade(adj, seeds, masks)
        np.testing.assert_array_equal(got, _reference_cascade(adj, seeds, masks))


def test_certain_cascade_is_networkx_bfs(directed):
    """With p = 1 every arc is open: adoption rounds are networkx's multi-source BFS distances."""
    seeds = _seeds(directed.shape[0], 3, 2, 9)
    masks = cg.ic_masks(directed, 1.0, 3, np.random.default_rng(0))
    got = cg.independent_cascade(directed, seeds, masks)
    g = nx.from_scipy_sparse_array(directed.T, create_using=nx.DiGraph)  # arcs j -> i: i watches j
    for r in range(3):
        dist = nx.multi_source_dijkstra_path_length(g, set(seeds[r].tolist()))
        want = np.full(directed.shape[0], -1)
        for node, d in dist.items():
            want[node] = d
        np.testing.assert_array_equal(got[:, r], want)


def test_summary_times():
    rounds = np.array([[0, 0], [1, -1], [2, -1], [2, -1]])
    s = cg.summarise(rounds)
    np.testing.assert_array_equal(s["final"], [4, 1])
    np.testing.assert_array_equal(s["time_to_half"], [1, 0])
    assert s["time_to_half_population"][0] == 1 and np.isnan(s["time_to_half_population"][1])


def test_bad_inputs():
    adj = graphs.to_csr(graphs.lattice(16, 4))
    with pytest.raises(ValueError, match="repeated seed"):
        cg.threshold_spread(adj, np.array([[1, 1]]), 2.0)
    with pytest.raises(ValueError, match="seed indices"):
        cg.threshold_spread(adj, np.array([[1, 99]]), 2.0)
    with pytest.raises(ValueError, match="p must be"):
        cg.ic_masks(adj, 1.5, 2, np.random.default_rng(0))
