"""Study D's entry points, one per workflow job: each takes the study's :class:`Params` and returns tables.

Threshold cascades on random and real graphs (Watts & Dodds 2007), their summary tables, the consistency of
creators' cascade sizes (Bakshy et al. 2011) and the MusicLab markets (Salganik, Dodds & Watts 2006). Seeds
are derived from the workflow seed and the job's name, so every job is reproducible on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import contracts, settings, skips
from ..files import log, stable_seed
from . import consistency as cons
from . import musiclab as ml
from . import threshold
from .graphs import adjacency_from_edges, mean_degree


@dataclass(frozen=True)
class Params:
    """The validated ``influence`` config section (defaults in ``workflow/schemas/influence.schema.yaml``)
    and the workflow ``seed``."""

    graph_kinds: tuple[str, ...]
    n_nodes: int
    mean_degrees: tuple[float, ...]
    thresholds: tuple[float, ...]
    n_graphs: int
    n_seeds: int
    top_fraction: float
    heavy_tail_exponent: float
    global_fraction: float
    window_min_p: float
    real_graph_undirected: bool
    real_keep_fractions: tuple[float, ...]
    exclude_graph: tuple[str, ...]
    exclude_events: tuple[str, ...]
    min_graph_nodes: int
    min_items: int
    min_pairs: int
    n_boot: int
    musiclab_strengths: tuple[float, ...]
    musiclab_songs: int
    musiclab_worlds: int
    musiclab_listens: int
    musiclab_markets: int
    musiclab_appeal_sigma: float
    musiclab_quality_range: tuple[float, float]
    seed: int


def params(section: Mapping, seed: int) -> Params:
    """:class:`Params` from the validated ``influence`` config section and the workflow seed."""
    return settings.from_config(Params, section, where="config['influence']", seed=seed)


def simulate(p: Params, kind: str, shard: int = 0, n_shards: int = 1) -> pd.DataFrame:
    """Threshold-model runs on ``p.n_graphs`` random graphs of ``kind`` per mean degree (synthetic).

    With ``n_shards`` > 1, only the (mean degree, graph) cells ``shard``, ``shard + n_shards``, …, with
    their number in a column ``cell``; :func:`gather_simulations` of all shards equals the whole sweep.
    """
    log.info("threshold model on %s graphs, n=%d", kind, p.n_nodes)
    n_cells = len(p.mean_degrees) * p.n_graphs
    cells = range(shard, n_cells, n_shards) if n_shards > 1 else None
    runs = threshold.influentials_sweep(
        kind=kind,
        n_nodes=p.n_nodes,
        mean_degrees=p.mean_degrees,
        thresholds=p.thresholds,
        n_graphs=p.n_graphs,
        n_seeds=p.n_seeds,
        top_fraction=p.top_fraction,
        exponent=p.heavy_tail_exponent,
        seed=stable_seed(p.seed, "influence_simulate", kind),
        cells=cells,
    )
    runs["synthetic"] = True
    log.info("%d runs", len(runs))
    return runs


def gather_simulations(shards: list[pd.DataFrame]) -> pd.DataFrame:
    """The shards of :func:`simulate` as one sweep, in the order of its cells."""
    shards = [s for s in shards if len(s)]  # more shards than cells leaves some empty
    runs = pd.concat(shards, ignore_index=True).sort_values("cell", kind="stable")
    return runs.drop(columns="cell").reset_index(drop=True)


def real_graph(p: Params, edges: pd.DataFrame, dataset: str, synthetic: bool) -> pd.DataFrame:
    """Threshold-model runs on a data set's follower graph, thinned to ``p.real_keep_fractions``.

    Raises :class:`virality.skips.Skip` for a graph with fewer than ``p.min_graph_nodes`` nodes or no edge
    between two distinct users.
    """
    adj, nodes = adjacency_from_edges(edges, undirected=p.real_graph_undirected)
    counts = {"n_nodes": int(adj.shape[0]), "n_edges": int(len(edges))}
    skips.require(
        adj.shape[0] >= p.min_graph_nodes,
        "threshold_real_graph",
        f"fewer than {p.min_graph_nodes} nodes in the graph (min_graph_nodes)",
        **counts,
    )
    skips.require(
        adj.nnz > 0, "threshold_real_graph", "no edge between two distinct users", **counts
    )
    log.info("%s: %d nodes, mean degree %.3f", dataset, adj.shape[0], mean_degree(adj))
    runs = threshold.real_graph_sweep(
        adj,
        name=dataset,
        keep_fractions=p.real_keep_fractions,
        thresholds=p.thresholds,
        n_seeds=p.n_seeds,
        top_fraction=p.top_fraction,
        seed=stable_seed(p.seed, "influence_real_graph", dataset),
    )
    runs["synthetic"] = bool(synthetic)
    return runs


def run_dataset(
    p: Params,
    tables: Mapping[str, pd.DataFrame],
    dataset: str,
    synthetic: bool,
    graph: bool,
    events: bool,
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """One data set's Study D job: threshold runs on its graph (``graph``: it has edges and is not excluded)
    and its creators' past/next pairs (``events``: it has events), and the skip rows of the steps that could
    not run. ``tables`` holds the canonical ``events``, ``edges`` and ``items``. A step that does not apply
    or was skipped gives an empty table (:data:`RUN_COLUMNS`, :data:`PAIR_COLUMNS`)."""
    runs, pairs, rows = _empty(RUN_COLUMNS), _empty(PAIR_COLUMNS), []
    if graph:
        try:
            runs = real_graph(p, tables["edges"], dataset, synthetic)
        except skips.Skip as skip:
            rows.append(skips.row(dataset, "D", skip))
    if events:
        try:
            pairs = consistency_pairs(p, tables["events"], tables["items"], dataset)
        except skips.Skip as skip:
            rows.append(skips.row(dataset, "D", skip))
    for r in rows:
        log.info("%s: skipped %s: %s (%s)", dataset, r["step"], r["reason"], r["counts"])
    return runs, pairs, rows


#: columns of a data set's threshold runs (threshold.real_graph_sweep) and of its consistency pairs
RUN_COLUMNS = {
    "graph": "object",
    "mean_degree": "float64",
    "realised_mean_degree": "float64",
    "realisation": "int64",
    "threshold": "float64",
    "seed_group": "object",
    "seed_node": "int64",
    "seed_degree": "int64",
    "size": "int64",
    "n_nodes": "int64",
    "synthetic": "bool",
}
PAIR_COLUMNS = {
    "dataset": "object",
    "creator": "object",
    "item_id": "object",
    "n_past": "int64",
    "past_mean": "float64",
    "other_mean": "float64",
    "next_log_size": "float64",
}


def _empty(columns: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in columns.items()})


def gather(p: Params, runs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``influentials``, ``influence_multiplier`` and ``influence_window`` from every graph's runs (empty
    tables when there is none)."""
    names = ("influentials", "influence_multiplier", "influence_window")
    if len(runs) == 0:
        return {name: contracts.frame([], name) for name in names}
    synthetic = runs.groupby("graph")["synthetic"].first().astype(bool).to_dict()
    summary = threshold.summarise_runs(runs, p.global_fraction)
    seed = stable_seed(p.seed, "influence_multiplier")
    mult = threshold.multiplier_table(runs, p.global_fraction, n_boot=p.n_boot, seed=seed)
    window = threshold.window_table(summary, p.window_min_p)
    for _, r in mult[mult["scope"] == "window"].iterrows():
        log.info(
            "%s: pooled multiplier %.3f [%.3f, %.3f]",
            r["graph"],
            r["multiplier"],
            r["ci_low"],
            r["ci_high"],
        )
    tables = {"influentials": summary, "influence_multiplier": mult, "influence_window": window}
    return {
        name: contracts.frame(t.assign(synthetic=t["graph"].map(synthetic)), name)
        for name, t in tables.items()
    }


def consistency_pairs(
    p: Params, events: pd.DataFrame, items: pd.DataFrame, dataset: str
) -> pd.DataFrame:
    """A data set's creators' cascades in time order, each with the mean size of the earlier ones.

    Raises :class:`virality.skips.Skip` when there are fewer than ``p.min_pairs`` pairs or their sizes do
    not vary (nothing to correlate).
    """
    cascades = cons.creator_cascades(events, items)
    pairs = cons.consistency_pairs(cascades, min_items=p.min_items)
    counts = {
        "n_items": int(len(cascades)),
        "n_creators": int(pairs["creator"].nunique()),
        "n_pairs": int(len(pairs)),
    }
    skips.require(
        len(pairs) >= p.min_pairs,
        "consistency",
        f"fewer than {p.min_pairs} past/next pairs (min_pairs): too few creators with "
        f"{p.min_items} or more cascades (min_items)",
        **counts,
    )
    skips.require(
        bool(np.ptp(pairs["next_log_size"]) > 0 and np.ptp(pairs["past_mean"]) > 0),
        "consistency",
        "the cascades of the creators with several cascades all have the same size: nothing to correlate",
        **counts,
    )
    pairs.insert(0, "dataset", dataset)
    log.info(
        "%s: %d cascades, %d creators with >= %d, %d pairs",
        dataset,
        len(cascades),
        pairs["creator"].nunique(),
        p.min_items,
        len(pairs),
    )
    return pairs


def consistency(
    p: Params, pairs: Mapping[str, pd.DataFrame], synthetic: Mapping[str, bool]
) -> pd.DataFrame:
    """``influence_consistency``: one row per data set (name → its pairs; a skipped data set's empty pairs
    are left out), bootstrap seeded per name."""
    rows = [
        {
            "dataset": name,
            "synthetic": bool(synthetic[name]),
            "min_items": p.min_items,
            **cons.consistency(d, n_boot=p.n_boot, seed=stable_seed(p.seed, "consistency", name)),
        }
        for name, d in pairs.items()
        if len(d)
    ]
    table = contracts.frame(rows, "influence_consistency")
    return table.sort_values("dataset").reset_index(drop=True)


def musiclab(p: Params) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The simulated markets (one row per market and strength) and the ``musiclab`` table."""
    markets = ml.musiclab(
        strengths=p.musiclab_strengths,
        n_songs=p.musiclab_songs,
        n_worlds=p.musiclab_worlds,
        listens_per_world=p.musiclab_listens,
        n_markets=p.musiclab_markets,
        quality_range=tuple(p.musiclab_quality_range),
        appeal_sigma=p.musiclab_appeal_sigma,
        seed=stable_seed(p.seed, "influence_musiclab"),
    )
    summary = ml.summarise_musiclab(markets)
    summary["synthetic"] = True
    return markets, contracts.frame(summary, "musiclab")
