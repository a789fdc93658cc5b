"""Study D on any data set (issue 11, defect 15): one job per data set runs the threshold model on its graph
and the consistency analysis on its cascades, and a data set too small for a step gives a skip row, never an
exception. Property-based: random small canonical data sets through ``study.run_dataset`` and the gathers."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from virality import canonical, contracts, skips
from virality.files import DataError
from virality.influence import study, threshold

SCHEMA = Path(__file__).resolve().parents[2] / "workflow" / "schemas" / "influence.schema.yaml"


@functools.cache
def _defaults() -> dict:
    return {k: v["default"] for k, v in yaml.safe_load(SCHEMA.read_text())["properties"].items()}


def small_params(**change):
    section = dict(_defaults())
    section.update(
        {
            "thresholds": [0.18],
            "n_seeds": 4,
            "n_boot": 10,
            "real_keep_fractions": [0.5, 1.0],
            **change,
        }
    )
    return study.params(section, seed=5)


def _tables(events=None, edges=None, items=None):
    return {
        "events": canonical.coerce_table(
            pd.DataFrame(events or [], columns=["item_id", "user_id", "time"]), "events"
        ),
        "edges": canonical.coerce_table(
            pd.DataFrame(edges or [], columns=["source", "target"]), "edges"
        ),
        "items": canonical.coerce_table(pd.DataFrame(items or [], columns=["item_id"]), "items"),
    }


def test_a_ring_graph_and_consistent_creators_run():
    ring = [(f"n{i}", f"n{(i + 1) % 30}") for i in range(30)]
    events = [
        (f"c{k}", u, float(k))
        for k in range(12)
        for u in [f"creator{k % 3}", *(f"f{k}_{j}" for j in range(1 + k % 3 * 4))]
    ]
    runs, pairs, rows = study.run_dataset(
        small_params(), _tables(events, ring), "ring", synthetic=False, graph=True, events=True
    )
    assert rows == []
    assert (
        set(runs["graph"]) == {"ring"} and len(runs) == 2 * 2 * 4
    )  # 2 fractions, 2 groups, 4 seeds
    assert list(pairs.columns) == list(study.PAIR_COLUMNS)
    assert pairs["creator"].nunique() == 3 and len(pairs) == 9


def test_too_small_graph_and_too_few_pairs_are_skip_rows():
    events = [("a", "u1", 0.0), ("a", "u2", 1.0), ("b", "u3", 2.0)]
    runs, pairs, rows = study.run_dataset(
        small_params(),
        _tables(events, [("u1", "u2"), ("u2", "u2")]),
        "tiny",
        synthetic=False,
        graph=True,
        events=True,
    )
    assert runs.empty and pairs.empty
    assert list(runs.columns) == list(study.RUN_COLUMNS)
    assert skips.frame(rows).to_dict("records") == [
        {
            "dataset": "tiny",
            "study": "D",
            "step": "consistency",
            "reason": "fewer than 3 past/next pairs (min_pairs): too few creators with 2 or more "
            "cascades (min_items)",
            "counts": "n_creators=0; n_items=2; n_pairs=0",
        },
        {
            "dataset": "tiny",
            "study": "D",
            "step": "threshold_real_graph",
            "reason": "fewer than 10 nodes in the graph (min_graph_nodes)",
            "counts": "n_edges=2; n_nodes=2",
        },
    ]


def test_only_self_loops_and_same_size_cascades_are_skip_rows():
    loops = [(f"n{i}", f"n{i}") for i in range(12)] + [(f"n{i}", f"n{i + 1}") for i in range(11)]
    events = [(f"c{k}", u, float(k)) for k in range(6) for u in ("boss", f"fan{k}")]
    p = small_params(real_graph_undirected=False)
    only_loops = _tables(events, loops[:12])
    with pytest.raises(skips.Skip) as info:
        study.real_graph(p, only_loops["edges"], "loops", False)
    assert (info.value.step, info.value.reason, info.value.counts) == (
        "threshold_real_graph",
        "no edge between two distinct users",
        {"n_nodes": 12, "n_edges": 12},
    )
    _, pairs, rows = study.run_dataset(p, only_loops, "same", False, graph=False, events=True)
    assert pairs.empty and [r["reason"] for r in rows] == [
        "the cascades of the creators with several cascades all have the same size: nothing to "
        "correlate"
    ]
    assert rows[0]["counts"] == "n_creators=1; n_items=6; n_pairs=5"


def test_consistency_leaves_out_skipped_data_sets():
    p = small_params()
    rng = np.random.default_rng(0)
    pairs = pd.DataFrame(
        {
            "creator": np.repeat([f"u{i}" for i in range(8)], 3),
            "past_mean": rng.normal(size=24),
            "next_log_size": rng.normal(size=24),
        }
    )
    empty = pd.DataFrame({c: pd.Series([], dtype=t) for c, t in study.PAIR_COLUMNS.items()})
    table = study.consistency(
        p, {"kept": pairs, "skipped": empty}, {"kept": False, "skipped": True}
    )
    assert table["dataset"].tolist() == ["kept"]
    assert study.gather(p, pd.DataFrame())["influentials"].empty


def test_adding_a_graph_leaves_the_other_graphs_intervals_unchanged():
    p = small_params(n_nodes=200, mean_degrees=[1.0, 3.0], n_graphs=1, n_seeds=10)
    er = study.simulate(p, "erdos_renyi")
    ring = study.real_graph(
        p,
        pd.DataFrame(
            {
                "source": [f"n{i}" for i in range(40)],
                "target": [f"n{(i + 1) % 40}" for i in range(40)],
            }
        ),
        "a_ring",
        False,
    )
    alone = threshold.multiplier_table(er, n_boot=50, seed=3)
    both = threshold.multiplier_table(pd.concat([ring, er]), n_boot=50, seed=3)
    pd.testing.assert_frame_equal(
        both[both["graph"] == "erdos_renyi"].reset_index(drop=True), alone.reset_index(drop=True)
    )


# ------------------------------------------------------------------ property-based


@st.composite
def datasets(draw):
    """Sizes and shapes drawn by hypothesis (0-60 items, 0-500 events, 1-40 users, ties or not, 0-200 edges
    with self-loops, items with or without creators and start times), values from a seeded generator."""
    n_items, n_users = draw(st.integers(0, 60)), draw(st.integers(1, 40))
    n_events, n_edges = draw(st.integers(0, 500)), draw(st.integers(0, 200))
    tie, with_items = draw(st.booleans()), draw(st.booleans())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_events = n_events if n_items else 0
    ev = pd.DataFrame(
        {
            "item_id": [f"i{i}" for i in rng.integers(0, max(n_items, 1), n_events)],
            "user_id": [f"u{u}" for u in rng.integers(0, n_users, n_events)],
            "time": np.full(n_events, 7.0) if tie else rng.exponential(1e4, n_events).round(),
        }
    ).drop_duplicates(["item_id", "user_id"])
    ends = rng.integers(0, n_users, (n_edges, 2))
    edges = pd.DataFrame(
        {"source": [f"u{a}" for a in ends[:, 0]], "target": [f"u{b}" for b in ends[:, 1]]}
    )
    keep = rng.random(n_items) < 0.7 if with_items else np.zeros(n_items, dtype=bool)
    ids = np.flatnonzero(keep)
    items = pd.DataFrame(
        {
            "item_id": [f"i{i}" for i in ids],
            "creator": [
                f"u{u}" if rng.random() < 0.8 else None for u in rng.integers(0, n_users, ids.size)
            ],
            "start_time": np.where(
                rng.random(ids.size) < 0.5, rng.exponential(1e4, ids.size), np.nan
            ),
        }
    )
    tables = {
        "events": canonical.coerce_table(ev, "events"),
        "edges": canonical.coerce_table(edges, "edges"),
        "items": canonical.coerce_table(items, "items"),
    }
    return tables, draw(st.booleans())


@settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=datasets())
def test_any_small_data_set_gives_tables_or_skip_rows(case):
    tables, undirected = case
    p = small_params(real_graph_undirected=undirected, min_graph_nodes=2)
    graph, events = len(tables["edges"]) > 0, len(tables["events"]) > 0
    try:
        runs, pairs, rows = study.run_dataset(p, tables, "fuzz", False, graph, events)
    except DataError:
        return
    for r in rows:
        assert r["dataset"] == "fuzz" and r["study"] == "D" and r["reason"]
    assert list(skips.frame(rows).columns) == contracts.columns("skipped")
    assert set(study.RUN_COLUMNS) <= set(runs.columns)
    assert set(study.PAIR_COLUMNS) <= set(pairs.columns)
    for name, t in study.gather(p, runs).items():
        assert list(t.columns) == contracts.columns(name)
    table = study.consistency(p, {"fuzz": pairs}, {"fuzz": False})
    assert len(table) == (1 if len(pairs) else 0)
