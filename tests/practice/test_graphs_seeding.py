"""Centola-design lattices, their rewiring, block models, communities and the seeding strategies."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from virality.practice import graphs, seeding


@pytest.mark.parametrize("n", [98, 128, 144])
def test_lattice_has_centola_degree_and_clustering(n):
    g = graphs.lattice(n, 6)
    assert g.number_of_nodes() == n
    assert {d for _, d in g.degree()} == {6}
    assert graphs.clustering(g) == pytest.approx(0.4)  # triangular lattice: 6 triangles of 15 pairs


def test_lattice_shapes_and_errors():
    assert graphs.lattice_shape(98) == (7, 14)
    assert graphs.lattice_shape(144) == (12, 12)
    assert {d for _, d in graphs.lattice(64, 8).degree()} == {8}
    with pytest.raises(ValueError, match="torus"):
        graphs.lattice(13, 6)
    with pytest.raises(ValueError, match="degree"):
        graphs.lattice(64, 5)


def test_rewiring_keeps_degrees_and_removes_clustering():
    g = graphs.lattice(128, 6)
    r = graphs.rewire(g, seed=1)
    assert sorted(d for _, d in r.degree()) == sorted(d for _, d in g.degree())
    assert r.number_of_edges() == g.number_of_edges()
    assert graphs.clustering(r) < 0.1
    assert graphs.rewire(g, seed=1).edges == r.edges  # deterministic for a seed


def test_block_model_and_communities():
    g, labels = graphs.block_model(4, 30, 0.4, 0.005, seed=2)
    assert g.number_of_nodes() == 120 and np.bincount(labels).tolist() == [30] * 4
    found = graphs.communities(g, seed=0)
    # Louvain recovers the planted segments (same partition up to names)
    assert pd.crosstab(labels, found).gt(0).sum(axis=1).eq(1).all()
    assert np.array_equal(found, graphs.communities(g, seed=0))


def test_from_edges_undirected_and_directed():
    edges = pd.DataFrame({"source": ["a", "b", "c", "a"], "target": ["b", "a", "a", "a"]})
    g, nodes = graphs.from_edges(edges)
    assert list(nodes) == ["a", "b", "c"] and g.number_of_edges() == 2
    d, _ = graphs.from_edges(edges, undirected=False)
    assert d.is_directed() and d.number_of_edges() == 3
    adj = graphs.to_csr(d)
    assert adj[1, 0] == 1 and adj[0, 1] == 1 and adj[0, 2] == 0  # c watches a, a does not watch c


def test_community_patch_is_compact_and_inside_one_community():
    g, labels = graphs.block_model(5, 40, 0.3, 0.01, seed=4)
    adj = graphs.to_csr(g)
    rng = np.random.default_rng(0)
    for _ in range(20):
        s = seeding.community_patch(adj, labels, 8, rng)
        assert len(set(s.tolist())) == 8 and len(set(labels[s].tolist())) == 1
        assert nx.is_connected(g.subgraph(s.tolist()))


def test_lattice_patch_is_a_node_and_its_neighbours():
    g = graphs.lattice(128, 6)
    adj = graphs.to_csr(g)
    s = seeding.community_patch(adj, np.zeros(128, dtype=int), 7, np.random.default_rng(1))
    centre = [v for v in s if set(g[v]) <= set(s.tolist())]
    assert len(centre) == 1


def test_seed_sets():
    g = graphs.rewire(graphs.lattice(98, 6), seed=0)
    g.add_edges_from([(0, i) for i in range(10, 30)])
    adj = graphs.to_csr(g)
    rng = np.random.default_rng(3)
    labels = graphs.communities(g, seed=0)
    for strategy in seeding.STRATEGIES:
        s = seeding.seed_sets(strategy, adj, labels, 7, 5, rng)
        assert s.shape == (5, 7)
        assert all(len(set(row)) == 7 for row in s.tolist())
    top = seeding.seed_sets("top_degree", adj, labels, 3, 2, rng)
    assert (top == 0).any(axis=1).all()  # the hub is always a top-degree seed
    with pytest.raises(ValueError, match="unknown strategy"):
        seeding.seed_sets("influencers", adj, labels, 3, 1, rng)
    with pytest.raises(ValueError, match="no community"):
        seeding.community_patch(adj, np.arange(98), 3, rng)
