"""Study A's entry points for the workflow (Cha, Mislove & Gummadi 2009): one ``run_*`` per job kind and
the three results tables (``attribution``, ``trajectories``, ``broadcast_vs_viral``, written through
:mod:`virality.contracts`). Every job takes the frozen :class:`Params` of the ``attribution`` config section.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import contracts, settings
from . import social as soc
from . import timeseries as ts
from . import trajectories as traj
from . import trees as tr

log = logging.getLogger("virality.attribution")


@dataclass(frozen=True)
class Params:
    """The validated ``attribution`` config section (``workflow/schemas/attribution.schema.yaml``, whose
    defaults these repeat; a test compares them) plus the job's ``seed``.

    Build it with ``settings.from_config(Params, section, seed=..., threads=...)``; the nested sections
    become :class:`.trajectories.TrajectoryRule` and :class:`.timeseries.TimeSeriesFit`.
    """

    exclude_graph: tuple[str, ...] = ("higgs",)
    threads: int = 2
    memory_limit: str | None = "8GB"
    n_boot: int = 1000
    ci_level: float = 0.95
    n_perm: int = 20
    n_placebo: int = 3
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


def _json_ready(summary: dict) -> dict:
    """``summary`` with non-finite floats as ``None`` (JSON has no NaN)."""
    return {
        k: (None if isinstance(v, float) and not math.isfinite(v) else v)
        for k, v in summary.items()
    }


# --------------------------------------------------------------------------------------------------
# per data set


def run_social(
    p: Params, events: pd.DataFrame, edges: pd.DataFrame, items: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Social attribution of every adoption, bootstrap interval, time-shuffle and placebo nulls.

    Returns the adoptions with their ``social`` flag, the per-item table and the summary (``wom.json``,
    non-finite numbers as ``None``); on synthetic data (``events.channel``) the summary also gives the share
    labelled social per true channel: how the rule errs.
    """
    ad, social, pairs, (src, dst) = soc.attribute(
        events, edges, items, threads=p.threads, memory_limit=p.memory_limit
    )
    log.info("placebo draws: %d", p.n_placebo)
    placebo = (
        soc.placebo_null(ad, src, dst, p.n_placebo, p.seed + 2, threads=p.threads)
        if p.n_placebo
        else None
    )
    summary = soc.wom_summary(
        ad,
        social,
        pairs,
        n_boot=p.n_boot,
        n_perm=p.n_perm,
        seed=p.seed,
        placebo=placebo,
        level=p.ci_level,
    )
    frame = ad.frame().assign(social=social)
    if "channel" in events.columns:
        truth = frame.merge(events[["item_id", "user_id", "channel"]], on=["item_id", "user_id"])
        rates = truth.groupby("channel", observed=True)["social"].mean().sort_index()
        summary["labelled_social_by_true_channel"] = {str(k): float(v) for k, v in rates.items()}
    log.info("summary: %s", {k: v for k, v in summary.items() if k != "null_wom_shares"})
    return frame, soc.item_table(ad, social), _json_ready(summary)


def run_tree_adoptions(events: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Adoptions of retweet trees labelled by channel (:func:`.trees.tree_adoptions`), for trajectories."""
    adoptions = tr.tree_adoptions(events, items)
    log.info(
        "%d adoptions, %d seeds, person-to-person share %.4f",
        len(adoptions),
        int(adoptions["seed"].sum()),
        float(adoptions.loc[~adoptions["seed"], "social"].mean()),
    )
    return adoptions


def run_trajectories(
    p: Params, adoptions: pd.DataFrame, exposures: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Trajectory class of every item and the class shares, from the labelled ``adoptions``."""
    ad, social = soc.adoptions_from_frame(adoptions)
    classes = traj.classify_trajectories(ad, social, exposures, p.trajectory)
    summary = traj.trajectory_summary(classes)
    log.info("trajectories:\n%s", summary.to_string(index=False))
    return classes, summary


def run_timeseries(
    p: Params, events: pd.DataFrame, items: pd.DataFrame, exposures: pd.DataFrame
) -> tuple[pd.DataFrame, dict]:
    """Bass and Hawkes external shares from the time series alone: per item, and the summary
    (``external.json``, non-finite numbers as ``None``)."""
    per_item, summary = ts.external_shares(events, items, exposures, p.timeseries, seed=p.seed)
    log.info("external shares: %s", summary)
    return per_item, _json_ready(summary)


def run_trees(events: pd.DataFrame) -> pd.DataFrame:
    """Depth shares and structural virality of every retweet tree (:func:`.trees.tree_metrics`)."""
    trees = tr.tree_metrics(events)
    log.info("%d trees, %d nodes", len(trees), int(trees["size"].sum()))
    return trees


# --------------------------------------------------------------------------------------------------
# results tables: one row (or block of rows) per data set, keyed by data set name


def _stack(frames: Mapping[str, pd.DataFrame], manifests: Mapping[str, dict], name: str):
    """Per-data-set frames stacked with ``dataset`` and ``synthetic`` columns, as results table ``name``."""
    parts = [
        f.assign(dataset=ds, synthetic=bool(manifests[ds].get("synthetic")))
        for ds, f in frames.items()
    ]
    return contracts.frame(pd.concat(parts, ignore_index=True) if parts else None, name)


def _attribution_row(ds: str, manifest: dict, w: dict, e: dict) -> dict:
    truth = manifest.get("truth") or {}
    true_share = (
        truth.get("realised_wom_share", truth.get("wom_share"))
        if manifest.get("synthetic")
        else None
    )
    return {
        "dataset": ds,
        "synthetic": bool(manifest.get("synthetic")),
        "n_items": w.get("n_items", e.get("n_items_fitted")),
        "n_adoptions": w.get("n_adoptions", e.get("n_adoptions_fitted")),
        "wom_share": w.get("wom_share"),
        "wom_ci_low": w.get("wom_ci_low"),
        "wom_ci_high": w.get("wom_ci_high"),
        "null_wom_share": w.get("null_wom_share"),
        "excess_wom_share": w.get("excess_wom_share"),
        "bass_external_share": e.get("bass_external_share"),
        "hawkes_external_share": e.get("hawkes_external_share"),
        "true_wom_share": true_share,
        "chance_exposure_share": w.get("placebo_share"),
        "wom_share_corrected": w.get("wom_share_corrected"),
    }


def attribution_table(
    manifests: Mapping[str, dict], wom: Mapping[str, dict], external: Mapping[str, dict]
) -> pd.DataFrame:
    """``attribution.csv``: a row per data set of ``manifests``, from its ``wom.json`` (data sets with a
    graph) and ``external.json`` (data sets with a time series), sorted by data set."""
    rows = [
        _attribution_row(ds, m, wom.get(ds, {}), external.get(ds, {}))
        for ds, m in manifests.items()
    ]
    table = contracts.frame(rows, "attribution")
    for c in contracts.columns("attribution")[4:]:
        table[c] = pd.to_numeric(table[c], errors="coerce").astype("float64")
    for c in ("n_items", "n_adoptions"):
        table[c] = (
            pd.array(table[c].to_numpy(dtype=float), dtype="Int64") if len(table) else table[c]
        )
    table = table.sort_values("dataset", kind="stable").reset_index(drop=True)
    log.info("attribution table:\n%s", table.to_string(index=False))
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
        {ds: tr.broadcast_summary(t, bins) for ds, t in trees.items()},
        manifests,
        "broadcast_vs_viral",
    )
    log.info("broadcast vs viral:\n%s", table.to_string(index=False))
    return table
