"""Every results table's columns, in one place: the studies write through it, the paper reads through it.

A :class:`Table` names a file ``results/tables/<name>.csv``, the study that writes it and its columns in
order. A study may write more columns after these (``more`` says which), never fewer or renamed ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .files import DataError


class ContractError(DataError):
    """A results table lacks a column its contract requires: the message names the file and the column."""


@dataclass(frozen=True)
class Table:
    name: str
    study: str
    columns: tuple[str, ...]
    more: str = ""

    @property
    def path(self) -> str:
        return f"results/tables/{self.name}.csv"


_TABLES = (
    Table(
        "attribution",
        "A",
        (
            "dataset",
            "synthetic",
            "n_items",
            "n_adoptions",
            "wom_share",
            "wom_ci_low",
            "wom_ci_high",
            "null_wom_share",
            "excess_wom_share",
            "bass_external_share",
            "hawkes_external_share",
            "true_wom_share",
            "chance_exposure_share",
            "wom_share_corrected",
        ),
    ),
    Table(
        "trajectories",
        "A",
        ("dataset", "synthetic", "trajectory", "n_items", "share_items", "share_adoptions"),
    ),
    Table(
        "broadcast_vs_viral",
        "A",
        (
            "dataset",
            "synthetic",
            "size_bin",
            "n_cascades",
            "n_adoptions",
            "depth1_share",
            "depth2plus_share",
            "mean_structural_virality",
            "median_structural_virality",
        ),
    ),
    Table(
        "novelty_decay",
        "B",
        (
            "dataset",
            "synthetic",
            "n_items",
            "lognormal_mu",
            "lognormal_sigma",
            "normality_p",
            "decay_a",
            "decay_b",
            "half_life",
            "half_life_unit",
            "decay_b_at_bound",
        ),
    ),
    Table(
        "novelty_decay_ci",
        "B",
        (
            "dataset",
            "synthetic",
            "parameter",
            "estimate",
            "ci_low",
            "ci_high",
            "unit",
            "n_boot",
            "b_at_bound",
        ),
    ),
    Table(
        "prediction_correlation",
        "B",
        ("dataset", "synthetic", "t_i", "t_r", "pearson_r_log", "n_items"),
    ),
    Table(
        "prediction_error",
        "B",
        ("dataset", "synthetic", "predictor", "t_i", "rse_mean", "rse_median", "n_test"),
    ),
    Table("prediction_limits", "B", ("dataset", "synthetic", "information", "t_i", "r2", "n")),
    Table(
        "prediction_grids",
        "B",
        (
            "dataset",
            "synthetic",
            "t_r",
            "t_i",
            "decay_step",
            "relative",
            "time_unit",
            "table_unit",
            "n_items_total",
            "n_items_eligible",
            "n_items_used",
        ),
    ),
    Table(
        "prediction_clock",
        "B",
        (
            "dataset",
            "synthetic",
            "clock",
            "t_i",
            "t_r",
            "pearson_r_log",
            "rse_mean_LN",
            "rse_mean_CS",
            "rse_mean_GP",
            "n_items",
        ),
    ),
    Table(
        "content_features",
        "C",
        ("dataset", "synthetic", "item_id", "feature_source", "outcome", "viral"),
        more="then the text features of virality.content, one column each (they depend on the lexicons)",
    ),
    Table(
        "content_emotion_odds",
        "C",
        (
            "dataset",
            "synthetic",
            "model",
            "feature",
            "odds_ratio_per_sd",
            "ci_low",
            "ci_high",
            "p_value",
            "n",
        ),
    ),
    Table(
        "content_ols",
        "C",
        (
            "dataset",
            "synthetic",
            "model",
            "feature",
            "coef_per_sd",
            "ratio_per_sd",
            "ci_low",
            "ci_high",
            "p_value",
            "n",
            "r_squared",
        ),
    ),
    Table(
        "content_prediction",
        "C",
        ("dataset", "synthetic", "features", "auc_mean", "auc_sd", "n", "n_viral", "folds"),
    ),
    Table(
        "content_directions",
        "C",
        (
            "dataset",
            "synthetic",
            "model",
            "feature",
            "published_direction",
            "published_or",
            "odds_ratio_per_sd",
            "ci_low",
            "ci_high",
            "verdict",
        ),
    ),
    Table(
        "content_measure_agreement",
        "C",
        ("dataset", "synthetic", "feature", "their_column", "spearman_rho", "n"),
    ),
    Table(
        "influentials",
        "D",
        (
            "graph",
            "mean_degree",
            "threshold",
            "seed_group",
            "mean_cascade_size",
            "p_global_cascade",
            "n_runs",
            "n_nodes",
            "synthetic",
        ),
    ),
    Table(
        "influence_multiplier",
        "D",
        (
            "graph",
            "scope",
            "mean_degree",
            "threshold",
            "multiplier",
            "ci_low",
            "ci_high",
            "p_global_influential",
            "p_global_average",
            "in_window",
            "n_runs",
            "synthetic",
        ),
    ),
    Table(
        "influence_window",
        "D",
        (
            "graph",
            "threshold",
            "seed_group",
            "window_low",
            "window_high",
            "max_p_global",
            "degrees_tested_low",
            "degrees_tested_high",
            "analytic_low",
            "analytic_high",
            "synthetic",
        ),
    ),
    Table(
        "influence_consistency",
        "D",
        (
            "dataset",
            "synthetic",
            "min_items",
            "n_creators",
            "n_pairs",
            "spearman",
            "spearman_ci_low",
            "spearman_ci_high",
            "r2",
            "r2_ci_low",
            "r2_ci_high",
            "r2_direct",
            "spearman_other",
        ),
    ),
    Table(
        "musiclab",
        "D",
        (
            "condition",
            "social_strength",
            "n_markets",
            "gini",
            "gini_low",
            "gini_high",
            "unpredictability",
            "unpredictability_low",
            "unpredictability_high",
            "quality_spearman",
            "best_song_top_share",
            "synthetic",
        ),
    ),
    Table("skipped", "workflow", ("dataset", "study", "step", "reason", "counts")),
    Table(
        "survey_conclusions",
        "conclusions",
        (
            "conclusion",
            "claim",
            "source",
            "dataset",
            "statistic",
            "value",
            "ci_low",
            "ci_high",
            "synthetic",
        ),
    ),
    Table(
        "published_vs_reproduced",
        "paper",
        (
            "id",
            "study",
            "quantity",
            "published_value",
            "published_source",
            "status",
            "reproduced_value",
            "dataset",
            "synthetic",
            "verdict",
            "reason",
            # issue 14: kind, outcome and counting of each row, the numbers behind it, how to read a failure
            "claim",
            "kind",
            "outcome",
            "counted",
            "estimate",
            "estimate_low",
            "estimate_high",
            "band_low",
            "band_high",
            "reading",
        ),
    ),
    # issue 14: how much the paper's headline values move over reruns with other seeds (virality.paper.seeds)
    Table(
        "seed_variation",
        "paper",
        (
            "id",
            "study",
            "dataset",
            "kind",
            "n_seeds",
            "estimate_main",
            "estimate_min",
            "estimate_max",
            "verdict_main",
            "verdicts",
            "verdict_changes",
        ),
    ),
)

#: Table name → contract, in the order the studies are presented.
TABLES: dict[str, Table] = {t.name: t for t in _TABLES}


def table(name: str) -> Table:
    """The contract of results table ``name``; ``KeyError`` names the known tables."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"no results table {name!r}; known: {', '.join(TABLES)}") from None


def columns(name: str, extra: Iterable[str] = ()) -> list[str]:
    """The contract columns of ``name`` followed by ``extra`` ones (for tables with ``more``)."""
    return [*table(name).columns, *extra]


def of_study(study: str) -> list[str]:
    """Names of the tables study ``study`` writes, in contract order."""
    return [t.name for t in TABLES.values() if t.study == study]


def frame(
    rows: pd.DataFrame | Sequence[Mapping] | None, name: str, extra: Iterable[str] = ()
) -> pd.DataFrame:
    """Rows (records or a frame) as table ``name``: the contract columns in order, then ``extra``."""
    cols = columns(name, extra)
    df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows or []))
    return df.reindex(columns=cols) if len(df.columns) else pd.DataFrame(columns=cols)


def check(df: pd.DataFrame, name: str, source: str | Path) -> pd.DataFrame:
    """Raise :class:`ContractError` naming ``source`` when ``df`` lacks a column of table ``name``."""
    missing = [c for c in table(name).columns if c not in df.columns]
    if missing:
        raise ContractError(
            f"{source}: missing column(s) {', '.join(missing)} of the {name} table "
            f"(found: {', '.join(map(str, df.columns))})"
        )
    return df
