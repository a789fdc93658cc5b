"""Study E's entry points, one per workflow job; each takes the study's :class:`Params` and returns tables.

* :func:`seeding` (E1): concentrated, random and top-degree seeding under simple and complex contagion on
  Centola's (2010) clustered lattices and their degree-preserving rewirings, a stochastic block model and
  the real follower graphs with Louvain communities; the ``seeding_strategies`` table.
* :func:`levers` (E2, one data set): the organic / viral / paid split of attention, from retweet-tree depth
  and from the Hawkes intensity fit (:mod:`.levers`); :func:`synthetic_levers` does the same on a world of
  known shares; :func:`gather_levers` makes the ``visibility_levers`` table.

A step that cannot use a data set raises :class:`virality.skips.Skip`; the entry points record it as a row
of the ``skipped`` table instead of failing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from .. import contracts, settings, skips, synth
from ..files import log, stable_seed
from . import campaigns, graphs
from . import levers as lv
from . import series as sr
from .levers import Series

STUDY = "E"


def _mapping(**kw) -> Mapping:
    return field(default_factory=lambda: MappingProxyType(dict(kw)))


@dataclass(frozen=True)
class Params:
    """The validated ``practice`` config section (``workflow/schemas/practice.schema.yaml``, the same
    defaults) and the workflow ``seed``."""

    lattice_sizes: tuple[int, ...] = (98, 128, 144)
    lattice_degree: int = 6
    rewire_swaps_per_edge: int = 10
    sbm_blocks: int = 10
    sbm_block_size: int = 100
    sbm_p_in: float = 0.08
    sbm_p_out: float = 0.002
    n_graphs: int = 10
    n_runs: int = 200
    n_seeds: int = 7
    simple_p: tuple[float, ...] = (0.25, 0.5)
    absolute_k: tuple[float, ...] = (2.0, 3.0)
    fractional_phi: tuple[float, ...] = (0.25,)
    seeding_datasets: tuple[str, ...] | None = ("topolstm_twitter",)
    real_graph_undirected: bool = True
    real_n_seeds: int = 20
    real_n_runs: int = 100
    louvain_resolution: float = 1.0
    n_boot: int = 1000
    lever_datasets: tuple[str, ...] | None = ("twitter1516", "higgs", "youtube_active")
    series: Mapping[str, Mapping] = _mapping()
    default_series: Mapping = _mapping(bin_seconds=86400.0, n_bins=90, clock="item")
    min_events: int = 100
    max_items: int = 300
    hawkes_on_trees: bool = True
    kernel_c: float = 1.0
    kernel_thetas: tuple[float, ...] = (0.5, 1.0, 1.5, 2.5, 4.0, 8.0, 16.0)
    branching_max: float = 0.99
    branching_grid: int = 20
    active_promotion: str = "shares"
    active_min_bins: int = 3
    synthetic_levers: Mapping = _mapping()
    threads: int = 1
    seed: int = 0

    def __post_init__(self):
        for f in ("lattice_sizes", "simple_p", "absolute_k", "fractional_phi", "seeding_datasets"):
            object.__setattr__(self, f, settings.frozen(getattr(self, f)))
        for f in ("lever_datasets", "series", "default_series", "synthetic_levers"):
            object.__setattr__(self, f, settings.frozen(getattr(self, f)))


def params(section: Mapping | None, seed: int, **extra) -> Params:
    """:class:`Params` from the validated ``practice`` config section and the workflow seed."""
    return settings.from_config(Params, section, where="config['practice']", seed=seed, **extra)


# --------------------------------------------------------------------------------------------------
# E1: seeding strategies


def _with_graph_stats(runs: pd.DataFrame, g, labels: np.ndarray) -> pd.DataFrame:
    runs["mean_degree"] = 2.0 * g.number_of_edges() / g.number_of_nodes()
    runs["clustering"] = graphs.clustering(g)
    runs["n_communities"] = int(np.unique(labels).size)
    return runs


def _synthetic_runs(p: Params, kinds) -> list[pd.DataFrame]:
    frames = []
    for n in p.lattice_sizes:
        lat = graphs.lattice(int(n), p.lattice_degree)
        labels = graphs.communities(lat, stable_seed(p.seed, "louvain", n), p.louvain_resolution)
        runs = campaigns.run_graph(
            graphs.to_csr(lat), labels, "clustered_lattice", 0, p.n_seeds, p.n_runs, kinds, p.seed
        )
        frames.append(_with_graph_stats(runs, lat, labels))
        per = max(1, p.n_runs // p.n_graphs)
        for r in range(p.n_graphs):
            g = graphs.rewire(lat, stable_seed(p.seed, "rewire", n, r), p.rewire_swaps_per_edge)
            labels = graphs.communities(
                g, stable_seed(p.seed, "louvain", n, r), p.louvain_resolution
            )
            runs = campaigns.run_graph(
                graphs.to_csr(g), labels, "rewired_lattice", r, p.n_seeds, per, kinds, p.seed
            )
            frames.append(_with_graph_stats(runs, g, labels))
    per = max(1, p.n_runs // p.n_graphs)
    for r in range(p.n_graphs):
        g, labels = graphs.block_model(
            p.sbm_blocks, p.sbm_block_size, p.sbm_p_in, p.sbm_p_out, stable_seed(p.seed, "sbm", r)
        )
        runs = campaigns.run_graph(
            graphs.to_csr(g), labels, "block_model", r, p.n_seeds, per, kinds, p.seed
        )
        frames.append(_with_graph_stats(runs, g, labels))
    return frames


def _real_runs(p: Params, edges: pd.DataFrame, dataset: str, kinds) -> pd.DataFrame:
    skips.require(len(edges) > 0, "seeding_real", "the edges table is empty", n_edges=0)
    g, _ = graphs.from_edges(edges, undirected=p.real_graph_undirected)
    skips.require(
        g.number_of_nodes() >= 2 * p.real_n_seeds,
        "seeding_real",
        f"fewer than {2 * p.real_n_seeds} nodes for {p.real_n_seeds} seeds",
        n_nodes=g.number_of_nodes(),
    )
    labels = graphs.communities(
        nx_undirected(g), stable_seed(p.seed, "louvain", dataset), p.louvain_resolution
    )
    sizes = np.bincount(labels)
    skips.require(
        sizes.max() >= p.real_n_seeds,
        "seeding_real",
        f"no community has {p.real_n_seeds} members for concentrated seeding",
        n_nodes=g.number_of_nodes(),
        largest_community=int(sizes.max()),
    )
    log.info("%s: %d nodes, %d communities", dataset, g.number_of_nodes(), sizes.size)
    runs = campaigns.run_graph(
        graphs.to_csr(g), labels, dataset, 0, p.real_n_seeds, p.real_n_runs, kinds, p.seed
    )
    return _with_graph_stats(runs, nx_undirected(g), labels)


def nx_undirected(g):
    return g.to_undirected(as_view=True) if g.is_directed() else g


def seeding(p: Params, real: Mapping[str, tuple[pd.DataFrame, bool]]) -> dict[str, pd.DataFrame]:
    """The ``seeding_strategies`` table (synthetic graphs and each real graph: ``real`` maps a data set to
    its edges table and whether it is synthetic), the per-run rows and the skipped steps."""
    kinds = campaigns.contagions(p.simple_p, p.absolute_k, p.fractional_phi)
    frames = _synthetic_runs(p, kinds)
    for f in frames:
        f["synthetic"] = True
    skipped = []
    for dataset, (edges, synthetic) in sorted(real.items()):
        try:
            frames.append(_real_runs(p, edges, dataset, kinds).assign(synthetic=synthetic))
        except skips.Skip as s:
            log.warning("%s: %s", dataset, s)
            skipped.append(skips.row(dataset, STUDY, s))
    runs = pd.concat(frames, ignore_index=True)
    summary = campaigns.summarise(runs, p.n_boot, stable_seed(p.seed, "seeding_ci"))
    stats = runs.groupby(["graph", "n_nodes"], sort=True)[
        ["mean_degree", "clustering", "n_communities", "synthetic"]
    ].first()
    summary = summary.join(stats, on=["graph", "n_nodes"])
    extra = ["p_transmit", "share_runs_half_population", "mean_time_to_half_population"]
    extra += ["mean_degree", "clustering", "n_communities"]
    table = contracts.frame(summary, "seeding_strategies", extra=extra)
    return {"table": _order(table), "runs": runs, "skipped": skips.frame(skipped)}


_GRAPH_ORDER = {"clustered_lattice": 0, "rewired_lattice": 1, "block_model": 2}


def _order(table: pd.DataFrame) -> pd.DataFrame:
    key = table["graph"].map(lambda g: _GRAPH_ORDER.get(g, 3))
    return (
        table.assign(_k=key)
        .sort_values(["_k", "graph", "n_nodes", "contagion", "threshold", "p_transmit", "seeding"])
        .drop(columns="_k")
        .reset_index(drop=True)
    )


# --------------------------------------------------------------------------------------------------
# E2: the three levers of visibility

_EXTRA_LEVERS = ["attention", "theta", "mean_branching", "share_at_bound", "r2"]
_EXTRA_LEVERS += ["bin_seconds", "n_bins", "paid_series"]


def _row(p: Params, dataset: str, synthetic: bool, method: str, totals: pd.DataFrame, **extra):
    """One ``visibility_levers`` row: pooled shares of ``totals`` and item-bootstrap intervals."""
    rng = np.random.default_rng(stable_seed(p.seed, "levers_ci", dataset, method))
    share = lv.shares(totals)
    ci = lv.share_intervals(totals, p.n_boot, rng)
    row = {"dataset": dataset, "synthetic": synthetic, "n_items": len(totals), "method": method}
    for lever in lv.LEVERS:
        row[f"{lever}_share"] = share[lever]
        row[f"{lever}_ci_low"], row[f"{lever}_ci_high"] = ci[lever]
    row["attention"] = float(totals["observed"].sum()) if "observed" in totals else np.nan
    if "branching" in totals:
        row["theta"] = float(totals["theta"].iloc[0])
        row["mean_branching"] = float(totals["branching"].mean())
        row["share_at_bound"] = float((totals["branching"] >= p.branching_max - 1e-3).mean())
        row["r2"] = 1.0 - float(totals["sse"].sum()) / float(totals["sst"].sum())
    return {**row, **extra}


def _fit_rows(p: Params, series: Series, dataset, synthetic, method, **extra):
    fits = lv.fit(series, p.kernel_thetas, p.kernel_c, p.branching_max, p.branching_grid)
    return _row(p, dataset, synthetic, method, fits, **extra), fits.assign(method=method)


def _series_settings(p: Params, dataset: str) -> dict:
    return {**dict(p.default_series), **dict(p.series.get(dataset, {}))}


def _methods(p: Params, tables: Mapping[str, pd.DataFrame], dataset: str, synthetic: bool):
    events, items = tables["events"], tables["items"]
    if len(events) and "parent_user_id" in events and events["parent_user_id"].notna().any():
        trees = sr.tree_levers(events, items)
        trees["observed"] = trees["total"]
        yield _row(p, dataset, synthetic, "tree_depth", trees), trees.assign(method="tree_depth")
        if not p.hawkes_on_trees:
            return
    if len(events):
        s = _series_settings(p, dataset)
        rng = np.random.default_rng(stable_seed(p.seed, "levers_sample", dataset))
        exposures = tables.get("exposures")
        series = sr.event_series(
            events,
            exposures,
            items,
            float(s["bin_seconds"]),
            int(s["n_bins"]),
            s["clock"],
            p.min_events,
            p.max_items,
            rng,
        )
        kinds = sorted(exposures["kind"].astype(str).unique()) if exposures is not None else []
        extra = {"bin_seconds": float(s["bin_seconds"]), "n_bins": int(s["n_bins"])}
        extra["paid_series"] = "+".join(kinds) if series.promo is not None else ""
        yield _fit_rows(p, series, dataset, synthetic, "hawkes_fit", **extra)
    elif any(c.startswith("cov_views_day_") for c in items.columns):
        series = sr.active_series(items, p.active_promotion, p.active_min_bins)
        yield _fit_rows(
            p,
            series,
            dataset,
            synthetic,
            "hawkes_fit_binned",
            bin_seconds=86400.0,
            n_bins=len(series.edges) - 1,
            paid_series=p.active_promotion,
        )
    else:
        raise skips.Skip("levers", "no events and no cov_views_day_* columns", n_items=len(items))


def levers(
    p: Params, tables: Mapping[str, pd.DataFrame], dataset: str, synthetic: bool
) -> dict[str, pd.DataFrame]:
    """Study E2 on one data set's canonical tables: ``rows`` of ``visibility_levers`` (one per method),
    per-item ``fits`` and ``skipped`` steps."""
    rows, fits, skipped = [], [], []
    with threadpool_limits(limits=p.threads):
        try:
            for row, fit in _methods(p, tables, dataset, synthetic):
                log.info(
                    "%s %s: %s", dataset, row["method"], {k: row[f"{k}_share"] for k in lv.LEVERS}
                )
                rows.append(row)
                fits.append(fit.assign(dataset=dataset))
        except skips.Skip as s:
            log.warning("%s: %s", dataset, s)
            skipped.append(skips.row(dataset, STUDY, s))
    return {
        "rows": contracts.frame(rows, "visibility_levers", extra=_EXTRA_LEVERS),
        "fits": pd.concat(fits, ignore_index=True) if fits else pd.DataFrame(),
        "skipped": skips.frame(skipped),
    }


SYNTH_NAME = "levers_synth"


def _cumulative_items(world: dict, days: tuple[int, ...]) -> pd.DataFrame:
    """The synthetic world as YouTube ACTIVE-style cumulative counts after ``days`` days."""
    out = world["items"][["item_id"]].copy()
    for name, df in (("views", world["events"]), ("shares", world["exposures"])):
        day = np.floor(df["time"].to_numpy() / 86400.0)
        for d in days:
            n = pd.Series(day < d).groupby(df["item_id"].to_numpy()).sum()
            out[f"cov_{name}_day_{d}"] = out["item_id"].map(n).fillna(0).astype(float)
    return out


def synthetic_levers(p: Params, active_days=(1, 7, 14, 30, 60, 90)) -> dict[str, pd.DataFrame]:
    """E2 on a world of known lever shares (:func:`virality.synth.levers_world`): the daily fit and the
    fit on the same data summed into YouTube ACTIVE-like bins (cumulative counts after ``active_days``)."""
    world = synth.levers_world(**dict(p.synthetic_levers), seed=stable_seed(p.seed, SYNTH_NAME))
    n_days = int(world["truth"]["n_days"])
    truth = {f"true_{k}_share": world["truth"][f"{k}_share"] for k in lv.LEVERS}
    with threadpool_limits(limits=p.threads):
        daily = sr.event_series(
            world["events"],
            world["exposures"],
            world["items"],
            86400.0,
            n_days,
            "item",
            1,
            len(world["items"]),
            np.random.default_rng(0),
        )
        row_d, fit_d = _fit_rows(p, daily, SYNTH_NAME, True, "hawkes_fit", **truth)
        days = tuple(d for d in active_days if d <= n_days)
        binned = sr.active_series(_cumulative_items(world, days), "shares", p.active_min_bins)
        row_b, fit_b = _fit_rows(p, binned, SYNTH_NAME, True, "hawkes_fit_binned", **truth)
    row_d.update(bin_seconds=86400.0, n_bins=n_days, paid_series="promotion")
    row_b.update(bin_seconds=86400.0, n_bins=len(days), paid_series="promotion")
    return {
        "rows": contracts.frame([row_d, row_b], "visibility_levers", extra=_EXTRA_LEVERS),
        "fits": pd.concat([fit_d, fit_b], ignore_index=True).assign(dataset=SYNTH_NAME),
        "truth_items": world["items"],
    }


def gather_levers(
    parts: list[pd.DataFrame], skipped: list[pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """The ``visibility_levers`` table (rows of every data set, synthetic first) and the skipped steps."""
    rows = [r for r in parts if len(r)]
    table = pd.concat(rows, ignore_index=True) if rows else None
    table = contracts.frame(table, "visibility_levers", extra=_EXTRA_LEVERS)
    table = table.sort_values(["synthetic", "dataset", "method"], ascending=[False, True, True])
    skip_rows = [r for s in skipped for r in s.to_dict("records")]
    return {"table": table.reset_index(drop=True), "skipped": skips.frame(skip_rows)}
