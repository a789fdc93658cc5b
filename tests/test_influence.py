"""Tests of Study D (virality.influence): threshold cascades on hand-worked graphs, the cascade window,
the multiplier, consistency of influence, MusicLab measures and the survey-conclusions contract."""

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from virality import influence as inf
from virality.files import DataError


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
    assert inf.threshold_cascade(path, [0], 0.5).tolist() == [4]
    # phi = 0.6: 1/2 < 0.6 stops the cascade at the seed; from node 1 only the leaf 0 (1/1) follows
    assert inf.threshold_cascade(path, [0, 3, 1, 2], 0.6).tolist() == [1, 1, 2, 2]


def test_star_threshold_boundary_is_inclusive():
    star = undirected(5, [(0, k) for k in range(1, 5)])
    assert inf.threshold_cascade(star, [0], 0.3).tolist() == [5]  # every leaf sees 1/1
    assert inf.threshold_cascade(star, [1], 0.3).tolist() == [1]  # centre sees 1/4 = 0.25 < 0.3
    assert inf.threshold_cascade(star, [1], 0.25).tolist() == [5]  # 0.25 >= 0.25, then all leaves


def test_per_node_thresholds_rounds_and_final_state():
    # 0-1, 0-2, 1-3, 2-3, 3-4; node 3 needs 2 of its 3 neighbours (0.6), which arrive in round 1
    adj = undirected(5, [(0, 1), (0, 2), (1, 3), (2, 3), (3, 4)])
    phi = np.array([1.0, 0.5, 0.5, 0.6, 1.0])
    sizes, state, rounds = inf.threshold_cascade(adj, [0, 4], phi, return_state=True)
    assert sizes.tolist() == [5, 1]
    assert rounds.tolist() == [3, 0]  # round 1: nodes 1, 2; round 2: node 3; round 3: node 4
    assert state[:, 0].tolist() == [True] * 5
    assert state[:, 1].tolist() == [False, False, False, False, True]
    # stopped after one round, only the seed's neighbours 1 and 2 are active
    assert inf.threshold_cascade(adj, [0], phi, max_rounds=1).tolist() == [3]


def test_directed_exposure_follows_source_watches_target():
    # canonical edges: b follows a, c follows b -> adoptions flow a -> b -> c, never back
    edges = pd.DataFrame({"source": ["b", "c"], "target": ["a", "b"]}, dtype="string")
    adj, nodes = inf.adjacency_from_edges(edges)
    assert nodes.tolist() == ["a", "b", "c"]
    assert inf.threshold_cascade(adj, [0, 2], 1.0).tolist() == [3, 1]
    both, _ = inf.adjacency_from_edges(edges, undirected=True)
    assert inf.threshold_cascade(both, [2], 0.5).tolist() == [3]


def test_vectorised_runs_match_reference_loop():
    adj = inf.random_graph("erdos_renyi", 300, 3.0, seed=11)
    phi = np.random.default_rng(3).uniform(0.1, 0.5, 300)
    seeds = np.arange(0, 300, 7)
    got = inf.threshold_cascade(adj, seeds, phi)
    want = [reference_cascade(adj, s, phi) for s in seeds]
    assert got.tolist() == want
    assert max(want) > 50  # the comparison includes large cascades


def test_bad_inputs_are_refused():
    path = undirected(3, [(0, 1), (1, 2)])
    with pytest.raises(ValueError, match=r"thresholds must be in \(0, 1\]"):
        inf.threshold_cascade(path, [0], 0.0)
    with pytest.raises(ValueError, match=r"seed indices must be in \[0, 2\]"):
        inf.threshold_cascade(path, [3], 0.5)
    with pytest.raises(DataError, match="edges: the table is empty; expected at least one edge"):
        inf.adjacency_from_edges(pd.DataFrame({"source": [], "target": []}))


# ---------------------------------------------------------------- random graphs, window, multiplier


def test_random_graphs_have_requested_mean_degree():
    er = inf.random_graph("erdos_renyi", 5000, 4.0, seed=1)
    ht = inf.random_graph("heavy_tailed", 5000, 4.0, seed=1)
    assert inf.mean_degree(er) == pytest.approx(4.0, rel=0.05)
    assert inf.mean_degree(ht) == pytest.approx(4.0, rel=0.15)
    assert inf.influence_degree(ht).max() > 3 * inf.influence_degree(er).max()  # heavy tail
    thin = inf.thin_edges(er, 0.5, seed=2)
    assert inf.mean_degree(thin) == pytest.approx(2.0, rel=0.05)
    assert (thin != thin.T).nnz == 0


def test_analytic_er_window():
    # Watts (2002) eq. 5 with all degrees up to 1/phi vulnerable: lower edge z = 1 for small phi
    lo, hi = inf.er_cascade_window(0.1)
    assert lo == pytest.approx(1.0, abs=1e-3)
    lo18, hi18 = inf.er_cascade_window(0.18)
    assert 5.0 < hi18 < 6.5 and hi18 < hi
    assert inf.er_cascade_condition(3.0, 0.18) > 0 > inf.er_cascade_condition(8.0, 0.18)


def test_simulated_cascade_window_and_determinism():
    runs = inf.influentials_sweep("erdos_renyi", 2000, [0.5, 3.0, 12.0], [0.18], 1, 40, seed=5)
    again = inf.influentials_sweep("erdos_renyi", 2000, [0.5, 3.0, 12.0], [0.18], 1, 40, seed=5)
    pd.testing.assert_frame_equal(runs, again)
    other = inf.influentials_sweep("erdos_renyi", 2000, [0.5, 3.0, 12.0], [0.18], 1, 40, seed=6)
    assert not runs["size"].equals(other["size"])
    s = inf.summarise_runs(runs, 0.1).set_index(["mean_degree", "seed_group"])["p_global_cascade"]
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
    m = inf.multiplier_table(pd.DataFrame(rows), global_fraction=0.25, n_boot=400, seed=1)
    cell = m[m["scope"] == "cell"].iloc[0]
    assert cell["multiplier"] == pytest.approx(2.0)  # 20 / 10
    assert cell["ci_low"] < 2.0 < cell["ci_high"]
    assert cell["p_global_influential"] == 0.25 and cell["p_global_average"] == 0.0
    pooled = m[m["scope"] == "window"].iloc[0]
    assert pooled["multiplier"] == pytest.approx(2.0)


# ---------------------------------------------------------------- consistency (Bakshy et al. 2011)


def test_creator_cascades_and_pairs_hand_worked():
    events = pd.DataFrame(
        {
            "item_id": ["i1", "i1", "i2", "i2", "i2", "i2", "i3", "i3"],
            "user_id": ["a", "x", "a", "x", "y", "z", "q", "r"],
            "time": [0.0, 1.0, 10.0, 11.0, 12.0, 13.0, 20.0, 21.0],
        }
    )
    items = pd.DataFrame({"item_id": ["i3"], "creator": ["a"]})
    c = inf.creator_cascades(events, items).set_index("item_id")
    assert c["creator"].to_dict() == {
        "i1": "a",
        "i2": "a",
        "i3": "a",
    }  # earliest adopter, or items.creator
    assert c["size"].to_dict() == {"i1": 1, "i2": 3, "i3": 2}  # adopters other than the creator
    pairs = inf.consistency_pairs(c.reset_index(), min_items=2)
    assert pairs["item_id"].tolist() == ["i2", "i3"]
    assert pairs["past_mean"].tolist() == pytest.approx(
        [math.log(2), (math.log(2) + math.log(4)) / 2]
    )
    assert pairs["next_log_size"].tolist() == pytest.approx([math.log(4), math.log(3)])
    # order-free: the mean over the creator's two other cascades, earlier or later
    assert pairs["other_mean"].tolist() == pytest.approx(
        [(math.log(2) + math.log(3)) / 2, (math.log(2) + math.log(4)) / 2]
    )


def test_consistency_recovers_stable_and_random_influence():
    rng = np.random.default_rng(0)
    n_users, k = 150, 5
    level = np.repeat(rng.uniform(0, 5, n_users), k)
    base = pd.DataFrame(
        {
            "item_id": [f"i{i}" for i in range(n_users * k)],
            "creator": np.repeat([f"u{i}" for i in range(n_users)], k),
            "start_time": np.tile(np.arange(k, dtype=float), n_users),
        }
    )
    stable = base.assign(
        size=np.round(np.expm1(level + rng.normal(0, 0.2, level.size))).astype(int)
    )
    noise = base.assign(size=np.round(np.expm1(rng.uniform(0, 5, level.size))).astype(int))
    s = inf.consistency(inf.consistency_pairs(stable), n_boot=100, seed=1)
    r = inf.consistency(inf.consistency_pairs(noise), n_boot=100, seed=1)
    assert s["spearman"] > 0.9 and s["r2"] > 0.8 and s["spearman_ci_low"] > 0.85
    assert abs(r["spearman"]) < 0.15 and r["r2"] < 0.05
    assert r["spearman_ci_low"] < 0 < r["spearman_ci_high"] or abs(r["spearman"]) < 0.1
    assert s["n_creators"] == n_users and s["n_pairs"] == n_users * (k - 1)


# ---------------------------------------------------------------- MusicLab


def test_gini_and_unpredictability_hand_worked():
    assert inf.gini(np.full(4, 0.25)) == pytest.approx(0.0)
    assert inf.gini(np.array([1.0, 0, 0, 0])) == pytest.approx(0.75)  # (S - 1) / S
    worlds = np.array([[0.5, 0.5], [1.0, 0.0], [0.5, 0.5]])
    # song 1: |0.5-1| + |0.5-0.5| + |1-0.5| over 3 pairs = 1/3; song 2 the same
    assert inf.unpredictability(worlds) == pytest.approx(1 / 3)


def test_musiclab_social_influence_raises_inequality_and_unpredictability():
    kw = dict(strengths=[0.0, 0.9], n_worlds=4, listens_per_world=600, n_markets=6, seed=2)
    m = inf.musiclab(**kw)
    pd.testing.assert_frame_equal(m, inf.musiclab(**kw))
    s = inf.summarise_musiclab(m).set_index("social_strength")
    assert s.loc[0.9, "gini"] > s.loc[0.0, "gini"] + 0.1
    assert s.loc[0.9, "unpredictability"] > 1.5 * s.loc[0.0, "unpredictability"]
    assert s.loc[0.0, "condition"] == "independent"


# ---------------------------------------------------------------- the survey's conclusions


def _study_d_tables():
    mult = pd.DataFrame(
        {
            "graph": ["erdos_renyi", "erdos_renyi"],
            "scope": ["cell", "window"],
            "mean_degree": [2.0, np.nan],
            "threshold": [0.18, np.nan],
            "multiplier": [1.3, 1.2],
            "ci_low": [1.1, 1.1],
            "ci_high": [1.5, 1.3],
            "in_window": [True, True],
            "synthetic": [True, True],
        }
    )
    cons = pd.DataFrame(
        {
            "dataset": ["t"],
            "synthetic": [False],
            "spearman": [0.4],
            "spearman_ci_low": [0.3],
            "spearman_ci_high": [0.5],
            "r2": [0.2],
            "r2_ci_low": [0.1],
            "r2_ci_high": [0.3],
        }
    )
    ml = inf.summarise_musiclab(
        inf.musiclab(strengths=[0.0, 0.5], n_worlds=2, listens_per_world=50, n_markets=2, seed=0)
    )
    return mult, cons, ml


def test_survey_conclusions_reads_attribution_contract():
    mult, cons, ml = _study_d_tables()
    attribution = pd.DataFrame(
        {
            "dataset": ["flickr_synth", "higgs"],
            "synthetic": ["True", "False"],
            "wom_share": [0.55, np.nan],
            "wom_ci_low": [0.5, np.nan],
            "wom_ci_high": [0.6, np.nan],
            "excess_wom_share": [0.2, np.nan],
            "hawkes_external_share": [np.nan, 0.25],
        }
    )
    limits = pd.DataFrame({"dataset": ["memes"], "ex_ante_r2": [0.05], "early_r2": [0.6]})
    t = inf.survey_conclusions(mult, cons, ml, attribution, limits)
    assert list(t.columns) == inf.CONCLUSION_COLUMNS
    exo = t[t["statistic"] == "exogenous_share"].iloc[0]
    assert (exo["value"], exo["ci_low"], exo["ci_high"]) == pytest.approx((0.45, 0.4, 0.5))
    assert bool(exo["synthetic"]) is True
    # empty values are skipped: higgs (no graph) has only its Hawkes external share
    assert t.loc[t["dataset"] == "higgs", "statistic"].tolist() == ["hawkes_external_share"]
    assert t.loc[t["dataset"] == "flickr_synth", "statistic"].tolist() == [
        "excess_wom_share",
        "exogenous_share",
        "wom_share",
    ]
    b = t[t["source"] == "prediction_limits.csv"].set_index("statistic")["value"]
    assert b.to_dict() == {"early_r2": 0.6, "ex_ante_r2": 0.05}
    assert t.loc[t["statistic"] == "multiplier_in_window", "value"].tolist() == [1.2]
    long = pd.DataFrame(
        {
            "dataset": ["m", "m", "m", "m"],
            "information": ["ex_ante", "early", "early", "early"],
            "t_i": [np.nan, 1.0, 2.0, 24.0],
            "r2": [0.1, 0.5, 0.6, 0.9],
        }
    )
    b2 = inf.survey_conclusions(mult, cons, ml, None, long)
    b2 = b2[b2["source"] == "prediction_limits.csv"].set_index("statistic")["value"]
    # Study B's long form: ex ante, and the earliest and latest indicator times
    assert b2.to_dict() == {"r2_early_1": 0.5, "r2_early_24": 0.9, "r2_ex_ante": 0.1}


def test_survey_conclusions_missing_columns_message():
    mult, cons, ml = _study_d_tables()
    with pytest.raises(DataError) as e:
        inf.survey_conclusions(mult, cons, ml, pd.DataFrame({"dataset": ["x"], "wom_share": [0.5]}))
    assert str(e.value) == (
        "attribution.csv: missing column(s) synthetic, wom_ci_low, wom_ci_high (found: dataset, wom_share)"
    )
    with pytest.raises(DataError, match="prediction_limits.csv: no R\\^2 column"):
        inf.prediction_limits_long(pd.DataFrame({"dataset": ["x"], "n": [3]}))
