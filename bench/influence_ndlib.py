"""Benchmark: virality.influence.threshold.threshold_cascade against ndlib's ThresholdModel (Study D).

Not a test and not a dependency: ndlib is installed only for this script, outside the project's
environment, e.g.::

    .venv/bin/python -m pip install --target /tmp/ndlib_bench --no-deps ndlib future six netdispatch tqdm
    PYTHONPATH=/tmp/ndlib_bench .venv/bin/python bench/influence_ndlib.py

Both run the synchronous threshold model (a node adopts once the fraction of its adopting neighbours
reaches its threshold) on the same Erdos-Renyi graph, threshold and single-node seeds. The script checks that
every final cascade size agrees, then prints the time per cascade of each and the speed ratio.
"""

from __future__ import annotations

import argparse
import sys
import time

import networkx as nx
import numpy as np

from virality.influence import graphs, threshold


def ndlib_cascade(graph: nx.Graph, seed_node: int, threshold: float) -> int:
    """Final size of one ndlib ThresholdModel cascade from one seed, iterated until nothing changes."""
    import ndlib.models.ModelConfig as mc
    from ndlib.models.epidemics.ThresholdModel import ThresholdModel

    model = ThresholdModel(graph)
    config = mc.Configuration()
    config.add_model_initial_configuration("Infected", [seed_node])
    for node in graph.nodes():
        config.add_node_configuration("threshold", node, threshold)
    model.set_initial_status(config)
    model.iteration(node_status=False)  # round 0 reports the initial state
    while True:
        it = model.iteration(node_status=False)
        if it["status_delta"][1] == 0:
            return int(it["node_count"][1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--mean-degree", type=float, default=4.0)
    ap.add_argument("--threshold", type=float, default=0.18)
    ap.add_argument("--seeds", type=int, default=40, help="single-node cascades to run")
    ap.add_argument("--seed", type=int, default=20091)
    args = ap.parse_args(argv)
    try:
        import ndlib  # noqa: F401
    except ImportError:
        print(
            "ndlib is not importable: install it outside .venv (see this file's docstring)",
            file=sys.stderr,
        )
        return 2

    adj = graphs.random_graph("erdos_renyi", args.nodes, args.mean_degree, args.seed)
    graph = nx.from_scipy_sparse_array(adj)
    seeds = np.random.default_rng(args.seed).integers(0, args.nodes, args.seeds)

    t0 = time.perf_counter()
    ours = threshold.threshold_cascade(adj, seeds, args.threshold)
    t_ours = time.perf_counter() - t0

    t0 = time.perf_counter()
    theirs = np.array([ndlib_cascade(graph, int(s), args.threshold) for s in seeds])
    t_nd = time.perf_counter() - t0

    agree = bool(np.array_equal(ours, theirs))
    print(
        f"graph: Erdos-Renyi n={args.nodes}, mean degree {graphs.mean_degree(adj):.3f}, "
        f"threshold {args.threshold}, {args.seeds} single-node seeds"
    )
    print(
        f"mean cascade size: ours {ours.mean():.2f}, ndlib {theirs.mean():.2f}; all sizes equal: {agree}"
    )
    print(
        f"virality (all seeds at once): {t_ours:.4f} s total, {1e3 * t_ours / args.seeds:.3f} ms per cascade"
    )
    print(
        f"ndlib ThresholdModel:        {t_nd:.3f} s total, {1e3 * t_nd / args.seeds:.1f} ms per cascade"
    )
    print(f"speed ratio (ndlib / virality): {t_nd / t_ours:.0f}x")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
