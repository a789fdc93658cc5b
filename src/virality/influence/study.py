"""Study D's entry points, one per workflow job: each takes the study's :class:`Params` and returns tables.

Threshold cascades on random and real graphs (Watts & Dodds 2007), their summary tables, the consistency of
creators' cascade sizes (Bakshy et al. 2011) and the MusicLab markets (Salganik, Dodds & Watts 2006). Seeds
are derived from the workflow seed and the job's name, so every job is reproducible on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .. import contracts, settings
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
    edge_datasets: tuple[str, ...] | None
    consistency_datasets: tuple[str, ...] | None
    min_items: int
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


def simulate(p: Params, kind: str) -> pd.DataFrame:
    """Threshold-model runs on ``p.n_graphs`` random graphs of ``kind`` per mean degree (synthetic)."""
    log.info("threshold model on %s graphs, n=%d", kind, p.n_nodes)
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
    )
    runs["synthetic"] = True
    log.info("%d runs", len(runs))
    return runs


def real_graph(p: Params, edges: pd.DataFrame, dataset: str, synthetic: bool) -> pd.DataFrame:
    """Threshold-model runs on a data set's follower graph, thinned to ``p.real_keep_fractions``."""
    adj, _ = adjacency_from_edges(edges, undirected=p.real_graph_undirected)
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


def gather(p: Params, runs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``influentials``, ``influence_multiplier`` and ``influence_window`` from every graph's runs."""
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
    """A data set's creators' cascades in time order, each with the mean size of the earlier ones."""
    cascades = cons.creator_cascades(events, items)
    pairs = cons.consistency_pairs(cascades, min_items=p.min_items)
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
    """``influence_consistency``: one row per data set (name → its pairs), bootstrap seeded per name."""
    rows = [
        {
            "dataset": name,
            "synthetic": bool(synthetic[name]),
            "min_items": p.min_items,
            **cons.consistency(d, n_boot=p.n_boot, seed=stable_seed(p.seed, "consistency", name)),
        }
        for name, d in pairs.items()
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
