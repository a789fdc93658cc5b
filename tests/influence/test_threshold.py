"""Tests of Study D's threshold model (virality.influence.graphs, .threshold): hand-worked graphs, the
cascade window and the multiplier."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from virality.files import DataError
from virality.influence import graphs, threshold


def undirected(n, edges):
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    return sp.csr_matrix(nx.to_scipy_sparse_array(g, nodelist=range(n), dtype=np.int32))


def reference_cascade(adj, seed, phi):
    """Slow, obviously correct synchronous threshold model (a Python loop over nodes, for tests only)."""
    adj = sp.csr_matrix(adj)
    n = adj.shape[0]
    phi = np.broadcast_to(np.asarray(phi, float), (n,))
    active = np.zeros(n, bool)
    active[seed] = True
    while True:
        new = active.copy()
        for i in range(n):
            nb = adj.indices[adj.indptr[i] : adj.indptr[i + 1]]
            if not active[i] and len(nb) and active[nb].sum() / len(nb) >= phi[i]:
                new[i] = True
        if (new == active).all():
            return int(active.sum())
        active = new


# ---------------------------------------------------------------- threshold model, hand-worked graphs


def test_path_graph_exact_sizes():
    path = undirected(4, [(0, 1), (1, 2), (2, 3)])
    # phi = 0.5: an inner node with one active neighbour of two reaches 1/2 >= 0.5, so all four adopt
    assert threshold.threshold_cascade(path, [0], 0.5).tolist() == [4]
    # phi = 0.6: 1/2 < 0.6 stops the cascade at the seed; from node 1 only the leaf 0 (1/1) follows
    assert threshold.threshold_cascade(path, [0, 3, 1, 2], 0.6).tolist() == [1, 1, 2, 2]


def test_star_threshold_boundary_is_inclusive():
    star = undirected(5, [(0, k) for k in range(1, 5)])
    assert threshold.threshold_cascade(star, [0], 0.3).tolist() == [5]  # every leaf sees 1/1
    assert threshold.threshold_cascade(star, [1], 0.3).tolist() == [
        1
    ]  # centre sees 1/4 = 0.25 < 0.3
    assert threshold.threshold_cascade(star, [1], 0.25).tolist() == [
        5
    ]  # 0.25 >= 0.25, then all leaves


def test_per_node_thresholds_rounds_and_final_state():
    # 0-1, 0-2, 1-3, 2-3, 3-4; node 3 needs 2 of its 3 neighbours (0.6), which arrive in round 1
    adj = undirected(5, [(0, 1), (0, 2), (1, 3), (2, 3), (3, 4)])
    phi = np.array([1.0, 0.5, 0.5, 0.6, 1.0])
    sizes, state, rounds = threshold.threshold_cascade(adj, [0, 4], phi, return_state=True)
    assert sizes.tolist() == [5, 1]
    assert rounds.tolist() == [3, 0]  # round 1: nodes 1, 2; round 2: node 3; round 3: node 4
    assert state[:, 0].tolist() == [True] * 5
    assert state[:, 1].tolist() == [False, False, False, False, True]
    # stopped after one round, only the seed's neighbours 1 and 2 are active
    assert threshold.threshold_cascade(adj, [0], phi, max_rounds=1).tolist() == [3]


def test_directed_exposure_follows_source_watches_target():
    # canonical edges: b follows a, c follows b -> adoptions flow a -> b -> c, never back
    edges = pd.DataFrame({"source": ["b", "c"], "target": ["a", "b"]}, dtype="string")
    adj, nodes = graphs.adjacency_from_edges(edges)
    assert nodes.tolist() == ["a", "b", "c"]
    assert threshold.threshold_cascade(adj, [0, 2], 1.0).tolist() == [3, 1]
    both, _ = graphs.adjacency_from_edges(edges, undirected=True)
    assert threshold.threshold_cascade(both, [2], 0.5).tolist() == [3]


def test_vectorised_runs_match_reference_loop():
    adj = graphs.random_graph("erdos_renyi", 300, 3.0, seed=11)
    phi = np.random.default_rng(3).uniform(0.1, 0.5, 300)
    seeds = np.arange(0, 300, 7)
    got = threshold.threshold_cascade(adj, seeds, phi)
    want = [reference_cascade(adj, s, phi) for s in seeds]
    assert got.tolist() == want
    assert max(want) > 50  # the comparison includes large cascades


def test_bad_inputs_are_refused():
    path = undirected(3, [(0, 1), (1, 2)])
    with pytest.raises(ValueError, match=r"thresholds must be in \(0, 1\]"):
        threshold.threshold_cascade(path, [0], 0.0)
    with pytest.raises(ValueError, match=r"seed indices must be in \[0, 2\]"):
        threshold.threshold_cascade(path, [3], 0.5)
    with pytest.raises(DataError, match="edges: the table is empty; expected at least one edge"):
        graphs.adjacency_from_edges(pd.DataFrame({"source": [], "target": []}))


# ---------------------------------------------------------------- random graphs, window, multiplier


def test_random_graphs_have_requested_mean_degree():
    er = graphs.random_graph("erdos_renyi", 5000, 4.0, seed=1)
    ht = graphs.random_graph("heavy_tailed", 5000, 4.0, seed=1)
    assert graphs.mean_degree(er) == pytest.approx(4.0, rel=0.05)
    assert graphs.mean_degree(ht) == pytest.approx(4.0, rel=0.15)
    assert graphs.influence_degree(ht).max() > 3 * graphs.influence_degree(er).max()  # heavy tail
    thin = graphs.thin_edges(er, 0.5, seed=2)
    assert graphs.mean_degree(thin) == pytest.approx(2.0, rel=0.05)
    assert (thin != thin.T).nnz == 0


def test_analytic_er_window():
    # Watts (2002) eq. 5 with all degrees up to 1/phi vulnerable: lower edge z = 1 for small phi
    lo, hi = threshold.er_cascade_window(0.1)
    assert lo == pytest.approx(1.0, abs=1e-3)
    lo18, hi18 = threshold.er_cascade_window(0.18)
    assert 5.0 < hi18 < 6.5 and hi18 < hi
    assert threshold.er_cascade_condition(3.0, 0.18) > 0 > threshold.er_cascade_condition(8.0, 0.18)


def test_simulated_cascade_window_and_determinism():
    runs = threshold.influentials_sweep(
        "erdos_renyi", 2000, [0.5, 3.0, 12.0], [0.18], 1, 40, seed=5
    )
    again = threshold.influentials_sweep(
        "erdos_renyi", 2000, [0.5, 3.0, 12.0], [0.18], 1, 40, seed=5
    )
    pd.testing.assert_frame_equal(runs, again)
    other = threshold.influentials_sweep(
        "erdos_renyi", 2000, [0.5, 3.0, 12.0], [0.18], 1, 40, seed=6
    )
    assert not runs["size"].equals(other["size"])
    s = threshold.summarise_runs(runs, 0.1).set_index(["mean_degree", "seed_group"])[
        "p_global_cascade"
    ]
    assert s[(0.5, "average")] == 0 and s[(12.0, "average")] == 0  # outside the window
    assert s[(3.0, "average")] > 0.5  # inside it
    assert set(runs.groupby("seed_group").size()) == {120}


def test_multiplier_is_ratio_of_means_with_interval():
    rows = []
    for group, sizes in (("influential", [30, 10, 20, 20]), ("average", [5, 10, 15, 10])):
        rows += [
            {
                "graph": "g",
                "mean_degree": 2.0,
                "threshold": 0.2,
                "seed_group": group,
                "size": s,
                "n_nodes": 100,
            }
            for s in sizes
        ]
    m = threshold.multiplier_table(pd.DataFrame(rows), global_fraction=0.25, n_boot=400, seed=1)
    cell = m[m["scope"] == "cell"].iloc[0]
    assert cell["multiplier"] == pytest.approx(2.0)  # 20 / 10
    assert cell["ci_low"] < 2.0 < cell["ci_high"]
    assert cell["p_global_influential"] == 0.25 and cell["p_global_average"] == 0.0
    pooled = m[m["scope"] == "window"].iloc[0]
    assert pooled["multiplier"] == pytest.approx(2.0)


def test_graph_matrix_is_networkxs_matrix():
    """The random graphs' matrices are built from the edge list in numpy: the same CSR arrays as
    networkx's to_scipy_sparse_array (a self-loop goes to networkx itself)."""
    path = nx.path_graph(4)  # 0-1-2-3
    m = graphs.graph_matrix(path, 5)  # node 4 isolated
    assert m.toarray().tolist() == [
        [0, 1, 0, 0, 0],
        [1, 0, 1, 0, 0],
        [0, 1, 0, 1, 0],
        [0, 0, 1, 0, 0],
        [0, 0, 0, 0, 0],
    ]
    loop = nx.Graph([(0, 1), (1, 1)])
    ref = nx.to_scipy_sparse_array(loop, nodelist=range(2), dtype=np.int32, format="csr")
    assert (
        graphs.graph_matrix(loop, 2).toarray().tolist()
        == ref.toarray().tolist()
        == [[0, 1], [1, 1]]
    )
    for seed in range(3):
        g = nx.fast_gnp_random_graph(500, 0.02, seed=seed)
        ref = sp.csr_matrix(
            nx.to_scipy_sparse_array(g, nodelist=range(500), dtype=np.int32, format="csr")
        )
        got = graphs.graph_matrix(g, 500)
        for part in ("indptr", "indices", "data"):
            a, b = getattr(ref, part), getattr(got, part)
            assert a.dtype == b.dtype and np.array_equal(a, b)
