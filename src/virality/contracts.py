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

    def __post_init__(self) -> None:
        if isinstance(self.columns, str):  # written as one space-separated string
            object.__setattr__(self, "columns", tuple(self.columns.split()))

    @property
    def path(self) -> str:
        return f"results/tables/{self.name}.csv"


_TABLES = (
    Table(
        "attribution",
        "A",
        "dataset synthetic n_items n_adoptions wom_share wom_ci_low wom_ci_high "
        "null_wom_share excess_wom_share bass_external_share hawkes_external_share "
        "true_wom_share chance_exposure_share wom_share_corrected null_matched_share "
        "wom_share_corrected_matched wom_corrected_matched_ci_low "
        "wom_corrected_matched_ci_high wom_share_dated wom_share_dated_corrected_matched "
        "graph hawkes_kernel hawkes_external_share_exponential "
        "hawkes_external_share_power_law hawkes_aic_exponential_minus_power_law "
        "hawkes_at_bound n_items_timeseries n_items_timeseries_eligible",
    ),
    Table(
        "attribution_estimators",
        "A",
        "dataset synthetic graph n_links estimator estimate ci_low ci_high chance_share "
        "true_wom_share bias",
    ),
    Table(
        "trajectories",
        "A",
        "dataset synthetic trajectory n_items share_items share_adoptions",
    ),
    Table(
        "broadcast_vs_viral",
        "A",
        "dataset synthetic size_bin n_cascades n_adoptions depth1_share depth2plus_share "
        "mean_structural_virality median_structural_virality",
    ),
    Table(
        "novelty_decay",
        "B",
        "dataset synthetic n_items lognormal_mu lognormal_sigma normality_p decay_a decay_b "
        "half_life half_life_unit decay_b_at_bound clock_origin clock_n0 selection "
        "decay_best_model decay_delta_aic_stretched power_law_exponent novelty_half_time "
        "popularity_best_all popularity_best_tail lognormal_vs_power_law_R "
        "lognormal_vs_power_law_p",
    ),
    Table(
        "novelty_decay_ci",
        "B",
        "dataset synthetic parameter estimate ci_low ci_high unit n_boot b_at_bound clock_origin",
    ),
    Table(
        "novelty_decay_models",
        "B",
        "dataset synthetic clock_origin selection model formula c a b t_unit n_params "
        "n_points log_lik aic delta_aic at_bound best",
    ),
    Table(
        "popularity_distribution",
        "B",
        "dataset synthetic clock_origin selection range x_min n_fit first second loglik_ratio "
        "p_value favoured power_law_alpha lognormal_mu lognormal_sigma stretched_lambda "
        "stretched_beta lilliefors_p",
    ),
    Table(
        "prediction_correlation",
        "B",
        "dataset synthetic t_i t_r pearson_r_log n_items clock_origin selection primary",
    ),
    Table(
        "prediction_error",
        "B",
        "dataset synthetic predictor t_i rse_mean rse_median n_test clock_origin selection",
    ),
    Table(
        "prediction_limits",
        "B",
        "dataset synthetic information t_i r2 n clock_origin selection",
    ),
    Table(
        "prediction_grids",
        "B",
        "dataset synthetic t_r t_i decay_step relative time_unit table_unit n_items_total "
        "n_items_eligible n_items_used clock_origin clock_n0 grid_kind n_items_with_origin "
        "n_items_ending_before_t_r observed_until_source censoring_checked n_groups split",
    ),
    Table(
        "prediction_clock",
        "B",
        "dataset synthetic clock t_i t_r pearson_r_log rse_mean_LN rse_mean_CS rse_mean_GP "
        "n_items clock_origin",
    ),
    Table(
        "content_features",
        "C",
        "dataset synthetic item_id feature_source outcome viral",
        more="then the text features of virality.content, one column each (they depend on the lexicons)",
    ),
    Table(
        "content_emotion_odds",
        "C",
        "dataset synthetic model feature odds_ratio_per_sd ci_low ci_high p_value n",
        more="then instrument (who measured the feature: nrc, vader, liwc, nrc_vad, warriner, given) and p_holm (Holm-adjusted within the fitted model)",
    ),
    Table(
        "content_ols",
        "C",
        "dataset synthetic model feature coef_per_sd ratio_per_sd ci_low ci_high p_value n "
        "r_squared",
        more="then instrument and p_holm, as content_emotion_odds",
    ),
    Table(
        "content_prediction",
        "C",
        "dataset synthetic features auc_mean auc_sd n n_viral folds",
    ),
    Table(
        "content_directions",
        "C",
        "dataset synthetic model feature published_direction published_or odds_ratio_per_sd "
        "ci_low ci_high verdict",
        more="then instrument, p_value and p_holm (the verdict reads p_holm)",
    ),
    Table(
        "content_measure_agreement",
        "C",
        "dataset synthetic feature their_column spearman_rho n",
        more="then construct, instrument, their_instrument, spearman_rho_scored and n_scored (items both measures score)",
    ),
    Table(
        "content_coverage",
        "C",
        "dataset synthetic instrument feature n_items share_scored share_scored_surface lemmatised",
    ),
    Table(
        "content_robustness",
        "C",
        "dataset synthetic feature published_direction instruments n_instruments n_holds "
        "n_opposite odds_ratios conclusion",
    ),
    Table(
        "influentials",
        "D",
        "graph mean_degree threshold seed_group mean_cascade_size p_global_cascade n_runs "
        "n_nodes synthetic",
    ),
    Table(
        "influence_multiplier",
        "D",
        "graph scope mean_degree threshold multiplier ci_low ci_high p_global_influential "
        "p_global_average in_window n_runs synthetic",
    ),
    Table(
        "influence_window",
        "D",
        "graph threshold seed_group window_low window_high max_p_global degrees_tested_low "
        "degrees_tested_high analytic_low analytic_high synthetic",
    ),
    Table(
        "influence_consistency",
        "D",
        "dataset synthetic min_items n_creators n_pairs spearman spearman_ci_low "
        "spearman_ci_high r2 r2_ci_low r2_ci_high r2_direct spearman_other",
    ),
    Table(
        "musiclab",
        "D",
        "condition social_strength n_markets gini gini_low gini_high unpredictability "
        "unpredictability_low unpredictability_high quality_spearman best_song_top_share "
        "synthetic",
    ),
    Table(
        "seeding_strategies",
        "E",
        "graph contagion threshold seeding n_seeds n_nodes mean_final_share ci_low ci_high "
        "mean_time_to_half n_runs synthetic",
        more="p_transmit, share_runs_half_population, mean_time_to_half_population, mean_degree, clustering, n_communities",
    ),
    Table(
        "visibility_levers",
        "E",
        "dataset synthetic n_items organic_share viral_share paid_share organic_ci_low "
        "organic_ci_high viral_ci_low viral_ci_high paid_ci_low paid_ci_high "
        "true_organic_share true_viral_share true_paid_share method",
        more="attention (events counted), theta, mean_branching, share_at_bound, r2, bin_seconds, n_bins",
    ),
    Table(
        "skipped",
        "workflow",
        "dataset study step reason counts",
    ),
    Table(
        "survey_conclusions",
        "conclusions",
        "conclusion claim source dataset statistic value ci_low ci_high synthetic",
    ),
    Table(
        "published_vs_reproduced",
        "paper",
        "id study quantity published_value published_source status reproduced_value dataset "
        "synthetic verdict reason "
        # issue 14: kind, outcome and counting of each row, the numbers behind it, how to read a failure
        "claim kind outcome counted estimate estimate_low estimate_high band_low band_high reading",
    ),
    # issue 14: how much the paper's headline values move over reruns with other seeds (virality.paper.seeds)
    Table(
        "seed_variation",
        "paper",
        "id study dataset kind n_seeds estimate_main estimate_min estimate_max verdict_main verdicts "
        "verdict_changes",
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
