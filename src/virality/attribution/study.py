"""Study A's entry points for the workflow (Cha, Mislove & Gummadi 2009): one ``run_*`` per job kind and
the results tables (``attribution``, ``attribution_estimators``, ``trajectories``, ``broadcast_vs_viral``,
written through :mod:`virality.contracts`). Every job takes the frozen :class:`Params` of the
``attribution`` config section.

Each ``run_*`` takes the data set's name and returns its outputs plus a list of skip rows
(:mod:`virality.skips`): a step that cannot run on the data set returns empty outputs and one row saying
why, so nothing but a :class:`~virality.files.DataError` or a skip row comes out for any input.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import contracts, ids, settings, skips
from . import nulls
from . import social as soc
from . import timeseries as ts
from . import trajectories as traj
from . import trees as tr

log = logging.getLogger("virality.attribution")

ADOPTION_COLUMNS = ["item_id", "user_id", "time", "seed", "social"]


@dataclass(frozen=True)
class Params:
    """The validated ``attribution`` config section (``workflow/schemas/attribution.schema.yaml``, whose
    defaults these repeat; a test compares them) plus the job's ``seed``.

    Build it with ``settings.from_config(Params, section, seed=..., threads=...)``; the nested sections
    become :class:`.trajectories.TrajectoryRule` and :class:`.timeseries.TimeSeriesFit`.
    """

    exclude_graph: tuple[str, ...] = ("higgs",)
    graph_as_listed: tuple[str, ...] = ("topolstm_twitter",)
    threads: int = 2
    memory_limit: str | None = "8GB"
    min_adoptions: int = 10
    n_boot: int = 1000
    ci_level: float = 0.95
    bootstrap_blocks: int = 5000
    n_perm: int = 20
    n_placebo: int = 3
    placebo_bin_ratio: float = 2.0
    trajectory: traj.TrajectoryRule = field(default_factory=traj.TrajectoryRule)
    timeseries: ts.TimeSeriesFit = field(default_factory=ts.TimeSeriesFit)
    size_bins: tuple[int, ...] = (2, 10, 100, 1000)
    seed: int = 0

    def __post_init__(self):
        for name, cls in (("trajectory", traj.TrajectoryRule), ("timeseries", ts.TimeSeriesFit)):
            value = getattr(self, name)
            if isinstance(value, Mapping):
                sub = settings.from_config(cls, value, where=f"attribution.{name}")
                object.__setattr__(self, name, sub)


def _json_ready(value):
    """``value`` with non-finite floats as ``None`` (JSON has no NaN), numpy scalars as Python ones."""
    if isinstance(value, Mapping):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _skipped(dataset: str, skip: skips.Skip) -> list[dict]:
    log.warning("skipped on %s: %s (%s)", dataset, skip, skips.format_counts(skip.counts))
    return [skips.row(dataset, "A", skip)]


# --------------------------------------------------------------------------------------------------
# per data set


def _attribute(
    p: Params, events: pd.DataFrame, edges: pd.DataFrame, items: pd.DataFrame
) -> soc.Attribution:
    """The social attribution of every adoption; raises :class:`~virality.skips.Skip` when it cannot run."""
    n_counted = len(events)
    skips.require(
        n_counted >= p.min_adoptions,
        "social",
        f"fewer than {p.min_adoptions} adoptions (attribution.min_adoptions)",
        n_events=n_counted,
    )
    att = soc.attribute(events, edges, items, threads=p.threads, memory_limit=p.memory_limit)
    skips.require(
        int((~att.ad.seed).sum()) >= p.min_adoptions,
        "social",
        f"fewer than {p.min_adoptions} adoptions besides the creators' (attribution.min_adoptions)",
        n_adoptions=int((~att.ad.seed).sum()),
    )
    skips.require(
        att.graph.src.size > 0,
        "social",
        "no follow link between two accounts of the data set",
        n_edges=len(edges),
    )
    return att


def run_null_shard(
    p: Params,
    events: pd.DataFrame,
    edges: pd.DataFrame,
    items: pd.DataFrame,
    shard: int,
    n_shards: int,
) -> dict | None:
    """Shard ``shard`` of ``n_shards`` of the time-shuffle and placebo draws (:func:`nulls.null_draws`), or
    ``None`` when the attribution is skipped (then :func:`run_social` writes the skip row)."""
    try:
        att = _attribute(p, events, edges, items)
    except skips.Skip:
        return None
    return nulls.null_draws(
        att,
        p.n_perm,
        p.n_placebo,
        p.seed,
        p.placebo_bin_ratio,
        p.threads,
        p.memory_limit,
        shard,
        n_shards,
    )


def run_social(
    p: Params,
    dataset: str,
    events: pd.DataFrame,
    edges: pd.DataFrame,
    items: pd.DataFrame,
    drawn: Mapping | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict, list[dict]]:
    """Social attribution of every adoption, bootstrap intervals, time-shuffle and placebo nulls, on the
    static graph and (with ``edges.created``) the dated one. ``drawn``: the nulls' draws made by the
    shards (:func:`run_null_shard`, merged), the same as those made here without it.

    Returns the adoptions with their ``social`` flag, the per-item table, the summary (``wom.json``,
    non-finite numbers as ``None``) and the skip rows; on synthetic data (``events.channel``) the summary
    also gives the share labelled social per true channel: how the rule errs.
    """
    try:
        att = _attribute(p, events, edges, items)
    except skips.Skip as skip:
        empty = pd.DataFrame(columns=ADOPTION_COLUMNS)
        per_item = soc.item_table(soc.build_adoptions(events.iloc[:0]), np.zeros(0, bool))
        return empty, per_item, {"skipped": str(skip)}, _skipped(dataset, skip)
    summary = nulls.wom_summary(
        att,
        n_boot=p.n_boot,
        n_perm=p.n_perm,
        n_placebo=p.n_placebo,
        seed=p.seed,
        level=p.ci_level,
        bin_ratio=p.placebo_bin_ratio,
        threads=p.threads,
        memory_limit=p.memory_limit,
        max_units=p.bootstrap_blocks,
        drawn=drawn,
    )
    if "channel" in events.columns:
        summary["labelled_social_by_true_channel"] = _by_true_channel(att, events)
    log.info("summary: %s", {k: v for k, v in summary.items() if k != "graphs"})
    frame = att.ad.frame().assign(social=att.social)
    return frame, soc.item_table(att.ad, att.social), _json_ready(summary), []


def _by_true_channel(att: soc.Attribution, events: pd.DataFrame) -> dict[str, float]:
    """Share labelled social per true channel: the adoptions joined to the events on (item, user) as
    integer keys (no string join at Flickr size); a sorted lookup when no pair repeats among the events."""
    ad, n_users = att.ad, len(att.ad.user_ids)
    key_ev = ids.lookup(ids.arrow_strings(events["item_id"]), ad.items_arrow()) * n_users
    key_ev += ids.lookup(ids.arrow_strings(events["user_id"]), ad.users_arrow())
    key_ad = ad.item * n_users + ad.user
    order = np.argsort(key_ev, kind="stable")
    ref = key_ev[order]
    if (
        ref.size == 0 or (ref[1:] == ref[:-1]).any()
    ):  # repeated pairs: every match counts, as a join
        left = pd.DataFrame({"key": key_ad, "social": att.social})
        right = pd.DataFrame({"key": key_ev, "channel": events["channel"].array})
        rates = left.merge(right, on="key").groupby("channel", observed=True)["social"].mean()
        return {str(k): float(v) for k, v in rates.sort_index().items()}
    pos = np.searchsorted(ref, key_ad).clip(max=ref.size - 1)
    hit = ref[pos] == key_ad
    codes, channels = ids.sorted_codes(ids.arrow_strings(events["channel"]))
    code = codes[order[pos[hit]]]
    social = att.social[hit][code >= 0]
    code = code[code >= 0]
    n = np.bincount(code, minlength=len(channels))
    s = np.bincount(code, weights=social, minlength=len(channels))
    return {str(k): float(s[j] / n[j]) for j, k in enumerate(channels.to_pylist()) if n[j] > 0}


def run_tree_adoptions(
    dataset: str, events: pd.DataFrame, items: pd.DataFrame
) -> tuple[pd.DataFrame, list[dict]]:
    """Adoptions of retweet trees labelled by channel (:func:`.trees.tree_adoptions`), for trajectories."""
    adoptions = tr.tree_adoptions(events, items)
    counted = ~adoptions["seed"]
    if not counted.any():
        skip = skips.Skip(
            "tree_adoptions", "no adoption besides the trees' roots", n_events=len(events)
        )
        return pd.DataFrame(columns=ADOPTION_COLUMNS), _skipped(dataset, skip)
    log.info(
        "%d adoptions, %d seeds, person-to-person share %.4f",
        len(adoptions),
        int(adoptions["seed"].sum()),
        float(adoptions.loc[counted, "social"].mean()),
    )
    return adoptions, []


def run_trajectories(
    p: Params, dataset: str, adoptions: pd.DataFrame, exposures: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """Trajectory class of every item and the class shares, from the labelled ``adoptions``."""
    ad, social = soc.adoptions_from_frame(adoptions)
    classes = traj.classify_trajectories(ad, social, exposures, p.trajectory)
    if not classes["trajectory"].notna().any():
        skip = skips.Skip(
            "trajectories",
            f"no item has {p.trajectory.min_adoptions} or more adoptions "
            "(attribution.trajectory.min_adoptions)",
            n_items=len(classes),
        )
        return classes, traj.trajectory_summary(classes.iloc[:0]), _skipped(dataset, skip)
    summary = traj.trajectory_summary(classes)
    log.info("trajectories:\n%s", summary.to_string(index=False))
    return classes, summary, []


def run_timeseries(
    p: Params, dataset: str, events: pd.DataFrame, items: pd.DataFrame, exposures: pd.DataFrame
) -> tuple[pd.DataFrame, dict, list[dict]]:
    """Bass and Hawkes external shares from the time series alone: per item, the summary
    (``external.json``, non-finite numbers as ``None``) and the skip rows."""
    try:
        per_item, summary = ts.external_shares(
            events, items, exposures, p.timeseries, seed=p.seed, dataset=dataset
        )
    except skips.Skip as skip:
        empty = pd.DataFrame(columns=ts.EXTERNAL_COLUMNS)
        return empty, {"skipped": str(skip)}, _skipped(dataset, skip)
    log.info("external shares: %s", summary)
    return per_item, _json_ready(summary), []


def run_trees(dataset: str, events: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Depth shares and structural virality of every retweet tree (:func:`.trees.tree_metrics`)."""
    trees = tr.tree_metrics(events) if len(events) else _no_trees()
    if not (trees["size"] > 1).any():
        skip = skips.Skip("trees", "no tree has more than one node", n_trees=len(trees))
        return trees, _skipped(dataset, skip)
    log.info("%d trees, %d nodes", len(trees), int(trees["size"].sum()))
    return trees, []


def _no_trees() -> pd.DataFrame:
    cols = ["size", "depth1_share", "depth2plus_share", "max_depth", "structural_virality"]
    return pd.DataFrame({"item_id": pd.array([], dtype="string"), **{c: [] for c in cols}})


# --------------------------------------------------------------------------------------------------
# results tables: one row (or block of rows) per data set, keyed by data set name


def _stack(frames: Mapping[str, pd.DataFrame], manifests: Mapping[str, dict], name: str):
    """Per-data-set frames stacked with ``dataset`` and ``synthetic`` columns, as results table ``name``."""
    parts = [
        f.assign(dataset=ds, synthetic=bool(manifests[ds].get("synthetic")))
        for ds, f in frames.items()
        if len(f)
    ]
    return contracts.frame(pd.concat(parts, ignore_index=True) if parts else None, name)


def true_share(manifest: Mapping) -> float | None:
    """The realised word-of-mouth share of a synthetic data set (``None`` for real data)."""
    truth = manifest.get("truth") or {}
    if not manifest.get("synthetic"):
        return None
    return truth.get("realised_wom_share", truth.get("wom_share"))


def _attribution_row(ds: str, manifest: dict, w: dict, e: dict, listed: bool) -> dict:
    ci = ((w.get("graphs") or {}).get("static") or {}).get("corrected_matched_ci") or [None] * 2
    return {
        "dataset": ds,
        "synthetic": bool(manifest.get("synthetic")),
        "n_items": w.get("n_items", e.get("n_items_fitted")),
        "n_adoptions": w.get("n_adoptions", e.get("n_adoptions_fitted")),
        **{k: w.get(k) for k in ("wom_share", "wom_ci_low", "wom_ci_high", "null_wom_share")},
        "excess_wom_share": w.get("excess_wom_share"),
        "bass_external_share": e.get("bass_external_share"),
        "hawkes_external_share": e.get("hawkes_external_share"),
        "true_wom_share": true_share(manifest),
        "chance_exposure_share": w.get("placebo_share"),
        "wom_share_corrected": w.get("wom_share_corrected"),
        "null_matched_share": w.get("null_matched_share"),
        "wom_share_corrected_matched": w.get("wom_share_corrected_matched"),
        "wom_corrected_matched_ci_low": ci[0],
        "wom_corrected_matched_ci_high": ci[1],
        "wom_share_dated": w.get("wom_share_dated"),
        "wom_share_dated_corrected_matched": w.get("wom_share_dated_corrected_matched"),
        "graph": (
            "symmetrised" if listed else ("static" if w.get("wom_share") is not None else None)
        ),
        "hawkes_kernel": e.get("hawkes_kernel"),
        "hawkes_external_share_exponential": e.get("hawkes_external_share_exponential"),
        "hawkes_external_share_power_law": e.get("hawkes_external_share_power_law"),
        "hawkes_aic_exponential_minus_power_law": (
            e["hawkes_aic_exponential"] - e["hawkes_aic_power_law"]
            if e.get("hawkes_aic_exponential") is not None
            and e.get("hawkes_aic_power_law") is not None
            else None
        ),
        "hawkes_at_bound": e.get("hawkes_at_bound"),
        "n_items_timeseries": e.get("n_items_fitted"),
        "n_items_timeseries_eligible": e.get("n_items_eligible"),
    }


#: Text and flag columns of ``attribution.csv`` (every other column after ``synthetic`` is a number).
_TEXT_COLUMNS = ("graph", "hawkes_kernel", "hawkes_at_bound")


def attribution_table(
    manifests: Mapping[str, dict],
    wom: Mapping[str, dict],
    external: Mapping[str, dict],
    as_listed: Mapping[str, dict] | None = None,
) -> pd.DataFrame:
    """``attribution.csv``: a row per data set of ``manifests``, from its ``wom.json`` (data sets with a
    graph) and ``external.json`` (data sets with a time series), sorted by data set. ``graph`` names the
    graph of the row's attribution: ``symmetrised`` for the data sets also run on the graph as listed
    (``as_listed``: their ``wom.json`` on it; see ``attribution_estimators.csv``)."""
    as_listed = as_listed or {}
    rows = [
        _attribution_row(ds, m, wom.get(ds, {}), external.get(ds, {}), ds in as_listed)
        for ds, m in manifests.items()
    ]
    table = contracts.frame(rows, "attribution")
    for c in table.columns[2:]:
        if c in ("n_items", "n_adoptions", "n_items_timeseries", "n_items_timeseries_eligible"):
            table[c] = pd.array(pd.to_numeric(table[c]).to_numpy(dtype=float), dtype="Int64")
        elif c not in _TEXT_COLUMNS:
            table[c] = pd.to_numeric(table[c], errors="coerce").astype("float64")
    table = table.sort_values("dataset", kind="stable").reset_index(drop=True)
    log.info("attribution table:\n%s", table.to_string(index=False))
    return table


#: Estimators of ``attribution_estimators.csv``: name → key of a graph's estimates (and of its interval).
ESTIMATORS = {
    "naive": ("wom_share", ("wom_ci_low", "wom_ci_high"), None),
    "time_shuffle_excess": ("excess_wom_share", "excess_ci", "null_wom_share"),
    "placebo_uniform": ("corrected_uniform", "corrected_uniform_ci", "chance_uniform"),
    "placebo_matched": ("corrected_matched", "corrected_matched_ci", "chance_matched"),
}


def _estimator_rows(
    ds: str, synthetic: bool, truth, graph: str, est: Mapping, n_links=None
) -> list[dict]:
    rows = []
    for name, (key, ci_key, chance) in ESTIMATORS.items():
        ci = [est.get(k) for k in ci_key] if isinstance(ci_key, tuple) else est.get(ci_key)
        value = est.get(key)
        rows.append(
            {
                "dataset": ds,
                "synthetic": synthetic,
                "graph": graph,
                "n_links": n_links,
                "estimator": name,
                "estimate": value,
                "ci_low": (ci or [None, None])[0],
                "ci_high": (ci or [None, None])[1],
                "chance_share": est.get(chance) if chance else None,
                "true_wom_share": truth,
                "bias": value - truth if value is not None and truth is not None else None,
            }
        )
    return rows


def estimators_table(
    manifests: Mapping[str, dict],
    wom: Mapping[str, dict],
    external: Mapping[str, dict],
    as_listed: Mapping[str, dict] | None = None,
) -> pd.DataFrame:
    """``attribution_estimators.csv``: every estimator of the word-of-mouth share on every graph of every
    data set (static, dated, and for ``as_listed`` data sets the graph as listed beside the symmetrised
    one), plus one minus the Bass and Hawkes external shares, with the truth and the bias where known."""
    rows = []
    for ds, m in manifests.items():
        synthetic, truth = bool(m.get("synthetic")), true_share(m)
        w = wom.get(ds) or {}
        variants = [(g, est, w.get("n_links")) for g, est in (w.get("graphs") or {}).items()]
        if ds in (as_listed or {}):
            variants = [("symmetrised" if g == "static" else g, e, n) for g, e, n in variants]
            listed = as_listed[ds]
            variants += [
                ("as_listed", est, listed.get("n_links"))
                for est in (listed.get("graphs") or {}).values()
            ][:1]
        for graph, est, n_links in variants:
            rows += _estimator_rows(ds, synthetic, truth, graph, est, n_links)
        e = external.get(ds) or {}
        for name in ("bass", "hawkes"):
            share = e.get(f"{name}_external_share")
            rows += _estimator_rows(
                ds, synthetic, truth, "none", {"wom_share": None if share is None else 1 - share}
            )[:1]
            rows[-1]["estimator"] = f"one_minus_{name}_external"
    table = contracts.frame(rows, "attribution_estimators")
    for c in ("estimate", "ci_low", "ci_high", "chance_share", "true_wom_share", "bias"):
        table[c] = pd.to_numeric(table[c], errors="coerce").astype("float64")
    table["n_links"] = pd.array(pd.to_numeric(table["n_links"]).to_numpy(dtype=float), "Int64")
    names = [*ESTIMATORS, "one_minus_bass_external", "one_minus_hawkes_external"]
    order = {n: k for k, n in enumerate(names)}
    graphs = {g: k for k, g in enumerate(["static", "dated", "symmetrised", "as_listed", "none"])}
    table = (
        table.assign(
            _g=table["graph"].map(graphs).fillna(len(graphs)),
            _k=table["estimator"].map(order).fillna(len(order)),
        )
        .sort_values(["dataset", "_g", "_k"], kind="stable")
        .drop(columns=["_g", "_k"])
        .reset_index(drop=True)
    )
    log.info("estimators:\n%s", table.to_string(index=False))
    return table


def trajectories_table(
    summaries: Mapping[str, pd.DataFrame], manifests: Mapping[str, dict]
) -> pd.DataFrame:
    """``trajectories.csv``: the class shares of every data set (:func:`run_trajectories`), classes in
    :data:`.trajectories.TRAJECTORIES` order."""
    table = _stack(summaries, manifests, "trajectories")
    rank = table["trajectory"].map({cls: k for k, cls in enumerate(traj.TRAJECTORIES)})
    table = (
        table.assign(_rank=rank)
        .sort_values(["dataset", "_rank"], kind="stable")
        .drop(columns="_rank")
        .reset_index(drop=True)
    )
    log.info("trajectories:\n%s", table.to_string(index=False))
    return table


def broadcast_table(
    p: Params, trees: Mapping[str, pd.DataFrame], manifests: Mapping[str, dict]
) -> pd.DataFrame:
    """``broadcast_vs_viral.csv``: :func:`.trees.broadcast_summary` of every tree data set, size bins
    from ``p.size_bins`` (the last one open-ended)."""
    bins = [*p.size_bins, np.inf]
    table = _stack(
        {ds: tr.broadcast_summary(t, bins) for ds, t in trees.items() if len(t)},
        manifests,
        "broadcast_vs_viral",
    )
    log.info("broadcast vs viral:\n%s", table.to_string(index=False))
    return table
