"""Study B on one data set: :func:`run` turns its events (and items) into the per-data-set tables.

Items observed for a full ``t_r`` with at least ``min_final`` events (at most ``max_items``, a seeded
subsample); Wu & Huberman's log-normal summary and novelty decay; Szabo & Huberman's correlations; LN, CS,
GP, SEISMIC and GBM fitted on a seeded training half and scored on the other; the limits of prediction; the
SEISMIC check on the largest cascade and the two clocks. Parameters: :class:`Params`, the validated config
section ``prediction`` (:func:`virality.settings.from_config`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from .. import contracts, settings
from .cascades import Cascades, build_cascades, deterministic_subsample, eligible
from .clock import clock_comparison
from .decay import lognormal_summary, novelty_decay
from .grid import Grid, make_grid
from .limits import r2_limits
from .models import (
    Boosting,
    baselines,
    early_features,
    ex_ante_features,
    pearson_log,
    predict_gbm,
    rse,
    split_halves,
    tree_depths,
)
from .seismic import Settings as SeismicSettings
from .seismic import observe, predict_calibrated, seismic_check, seismic_predict

log = logging.getLogger("virality.prediction")

#: The per-data-set tables :func:`run` returns (the parts the gathering step reads).
PARTS = (
    "novelty",
    "novelty_ci",
    "decay_points",
    "final",
    "correlation",
    "scatter",
    "error",
    "limits",
    "grid",
    "clock",
    "seismic_check",
)
_POINTS = ["t", "growth_mean", "growth_se", "n_items", "fitted", "profile_mean"]


@dataclass(frozen=True)
class Params:
    """The config section ``prediction`` (``workflow/schemas/prediction.schema.yaml``, same defaults) plus
    the data set's ``seed``; ``threads`` caps the native thread pools. ``grids`` and ``seismic_n_star`` are
    per data set (a data set without an entry gets a relative grid, and ``n*`` from its followers)."""

    datasets: tuple[str, ...] | None = None
    grids: Mapping[str, Mapping] = field(default_factory=lambda: MappingProxyType({}))
    reference_quantile: float = 0.75
    fractions: tuple[float, ...] = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7)
    decay_steps: int = 100
    min_final: int = 10
    min_items: int = 20
    max_items: int = 6000
    test_fraction: float = 0.5
    growth: str = "relative"
    skip_first_step: bool = False
    decay_b_min: float = 0.05
    n_boot: int = 200
    threads: int = 1
    seismic: SeismicSettings = field(default_factory=SeismicSettings)
    seismic_n_star: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    gbm: Boosting = field(default_factory=Boosting)
    seed: int = 0

    def __post_init__(self):
        for name, kind in (("seismic", SeismicSettings), ("gbm", Boosting)):
            value = getattr(self, name)
            if not isinstance(value, kind):
                value = settings.from_config(kind, value, where=f"prediction.{name}")
                object.__setattr__(self, name, value)
        for name in ("datasets", "grids", "fractions", "seismic_n_star"):
            object.__setattr__(self, name, settings.frozen(getattr(self, name)))


def run(
    events: pd.DataFrame,
    items: pd.DataFrame | None,
    dataset: str,
    synthetic: bool,
    time_unit: str | None,
    params: Params,
) -> dict[str, pd.DataFrame]:
    """The per-data-set tables (:data:`PARTS`) of ``dataset`` (its manifest's ``synthetic`` and
    ``time_unit``), with native thread pools (OpenMP of scikit-learn, BLAS) capped at ``params.threads``:
    gradient boosting on small tables slows down badly when it oversubscribes a shared machine."""
    # the native libraries must be loaded before their pools can be capped
    import sklearn.ensemble  # noqa: F401
    import sklearn.metrics  # noqa: F401
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=params.threads):
        s = _sample(events, items, dataset, synthetic, time_unit, params)
        tables = _wu_huberman(s, params)
        tables.update(_correlation(s))
        tables.update(_scores(s, params))
        n_star = params.seismic_n_star.get(dataset)
        tables["seismic_check"] = seismic_check(
            s.cas, s.grid, params.seismic, n_star, dataset, synthetic
        )
        tables["clock"] = clock_comparison(
            events,
            items,
            s.cas_all,
            s.grid,
            dataset,
            synthetic,
            params.min_final,
            params.min_items,
            params.max_items,
            params.test_fraction,
            params.seed,
        )
        tables["grid"] = _grid_table(s)
        return tables


@dataclass(frozen=True)
class _Sample:
    """One data set's grid and items: all of them (``cas_all``) and those the study uses (``cas``), with
    their counts at the indicator times (``x_all``) and at ``t_r`` (``n_tr``)."""

    dataset: str
    synthetic: bool
    time_unit: str | None
    grid: Grid
    cas_all: Cascades
    cas: Cascades
    n_eligible: int
    x_all: np.ndarray
    n_tr: np.ndarray

    def row(self, **values) -> dict:
        return {"dataset": self.dataset, "synthetic": self.synthetic, **values}


def _sample(events, items, dataset, synthetic, time_unit, p: Params) -> _Sample:
    """The grid of the data set and its eligible items (seeded subsample), events up to ``t_r``."""
    cas_all = build_cascades(events, items)
    last_age = (
        np.maximum.reduceat(cas_all.age, cas_all.ptr[:-1]) if cas_all.age.size else np.array([])
    )
    spec = p.grids.get(dataset)
    grid = make_grid(
        last_age, time_unit, spec, p.reference_quantile, tuple(p.fractions), p.decay_steps
    )
    end_time = grid.observed_until or float(events["time"].max())
    ok = eligible(cas_all, grid.t_r, end_time, p.min_final)
    n_eligible = int(ok.sum())
    cas = cas_all.subset(deterministic_subsample(ok, p.max_items, p.seed + 1), max_age=grid.t_r)
    n = cas.n_items
    log.info(
        "%s: %d of %d items eligible (t_r=%g, %d t_i)",
        dataset,
        n,
        cas_all.n_items,
        grid.t_r,
        len(grid.t_i),
    )
    t_i = np.asarray(grid.t_i)
    x_all = cas.counts_at(t_i).astype(float) if n else np.zeros((0, len(t_i)))
    n_tr = cas.counts_at([grid.t_r])[:, 0] if n else np.array([])
    return _Sample(dataset, synthetic, time_unit, grid, cas_all, cas, n_eligible, x_all, n_tr)


def _wu_huberman(s: _Sample, p: Params) -> dict[str, pd.DataFrame]:
    """Log-normal summary and novelty decay (``novelty``, ``novelty_ci``), the decay points and the final
    counts for the figures."""
    n, unit = s.cas.n_items, s.grid.unit
    ln = lognormal_summary(s.n_tr) if n else lognormal_summary(np.array([]))
    dec = (
        novelty_decay(
            s.cas, s.grid, p.growth, p.n_boot, p.seed + 2, p.skip_first_step, p.decay_b_min
        )
        if n >= 2
        else None
    )
    row = s.row(
        n_items=n,
        **ln,
        decay_a=np.nan if dec is None else dec["decay_a"],
        decay_b=np.nan if dec is None else dec["decay_b"],
        half_life=np.nan if dec is None else dec["half_life"],
        half_life_unit=unit,
        decay_b_at_bound=None if dec is None else bool(dec["b_at_bound"]),
    )
    ci = [
        s.row(
            parameter=name,
            estimate=row[name],
            ci_low=np.nan if dec is None else dec[f"{name}_low"],
            ci_high=np.nan if dec is None else dec[f"{name}_high"],
            unit=unit if name == "half_life" else f"t in {unit}",
            n_boot=p.n_boot if dec is not None else 0,
            b_at_bound=False if dec is None else dec["b_at_bound"],
        )
        for name in ("decay_a", "decay_b", "half_life")
    ]
    pts = dec["points"] if dec is not None else pd.DataFrame(columns=_POINTS)
    pts.insert(0, "dataset", s.dataset)
    pts.insert(1, "synthetic", s.synthetic)
    pts["unit"] = unit
    final = pd.DataFrame(s.row(log_final=np.log(s.n_tr.astype(float))))
    return {
        "novelty": contracts.frame([row], "novelty_decay"),
        "novelty_ci": contracts.frame(ci, "novelty_decay_ci"),
        "decay_points": pts,
        "final": final,
    }


def _correlation(s: _Sample) -> dict[str, pd.DataFrame]:
    """Szabo & Huberman's correlation of ``ln N(t_i)`` and ``ln N(t_r)`` at each ``t_i``, and the items of
    the scatter plot (at the grid time nearest ``scatter_t_i``)."""
    grid, x_all, n_tr = s.grid, s.x_all, s.n_tr
    t_i = np.asarray(grid.t_i)
    corr = []
    for j, t in enumerate(t_i):
        ok = x_all[:, j] > 0
        corr.append(
            s.row(
                t_i=t / grid.unit_seconds,
                t_r=grid.t_r / grid.unit_seconds,
                pearson_r_log=pearson_log(x_all[ok, j], n_tr[ok]),
                n_items=int(ok.sum()),
            )
        )
    j_sc = int(np.argmin(np.abs(t_i - grid.scatter_t_i)))
    n = s.cas.n_items
    scatter = pd.DataFrame(
        s.row(
            t_i=t_i[j_sc] / grid.unit_seconds,
            t_r=grid.t_r / grid.unit_seconds,
            unit=grid.unit,
            log_n_ti=np.log(np.maximum(x_all[:, j_sc], 1.0)) if n else np.array([]),
            log_n_tr=np.log(n_tr.astype(float)) if n else np.array([]),
        )
    )
    return {"correlation": contracts.frame(corr, "prediction_correlation"), "scatter": scatter}


def _scores(s: _Sample, p: Params) -> dict[str, pd.DataFrame]:
    """Test errors of the predictors (``error``) and the limits of prediction (``limits``); with fewer
    than ``min_items`` items only the training-free SEISMIC predictor, on every item (e.g. one cascade)."""
    n = s.cas.n_items
    if n >= p.min_items:
        errors, limits = _trained(s, p)
    elif n >= 1:
        errors, limits = _seismic_only(s, p), []
    else:
        errors, limits = [], []
    return {
        "error": contracts.frame(errors, "prediction_error"),
        "limits": contracts.frame(limits, "prediction_limits"),
    }


def _error_row(s: _Sample, name: str, t: float, pred: np.ndarray, test: np.ndarray) -> dict:
    """Mean and median test RSE of one predictor at indicator time ``t``."""
    e = rse(pred[test], s.n_tr.astype(float)[test])
    return s.row(
        predictor=name,
        t_i=t / s.grid.unit_seconds,
        rse_mean=float(np.mean(e)) if e.size else np.nan,
        rse_median=float(np.median(e)) if e.size else np.nan,
        n_test=int(test.sum()),
    )


def _trained(s: _Sample, p: Params) -> tuple[list[dict], list[dict]]:
    """LN, CS, GP, calibrated SEISMIC and GBM fitted on a seeded training half, scored on the other; the
    out-of-sample R^2 ex ante and at each indicator time."""
    cas, grid = s.cas, s.grid
    train = split_halves(cas.n_items, p.seed + 3, p.test_fraction)
    test = ~train
    foll = cas.followers
    n_star = p.seismic_n_star.get(s.dataset) or (
        float(foll[train[cas.code]].mean()) if foll is not None else 1.0
    )
    y = s.n_tr.astype(float)
    ly = np.log(y)
    depth = tree_depths(cas.parent) if cas.parent is not None else None
    ante = ex_ante_features(cas, train, ly)
    errors, early = [], []
    for j, t in enumerate(np.asarray(grid.t_i)):
        x = np.maximum(s.x_all[:, j], 1.0)
        preds = baselines(x, y, train)
        preds["SEISMIC"] = predict_calibrated(cas, t, train, y, n_star, p.seismic)
        feats = pd.concat([ante, early_features(cas, t, depth)], axis=1)
        preds["GBM"] = predict_gbm(feats, x, y, train, p.gbm, p.seed + 5 + j)
        errors += [_error_row(s, name, t, pred, test) for name, pred in preds.items()]
        early.append((t, feats))
    limits = [
        s.row(information=info, t_i=t / grid.unit_seconds, r2=r2, n=int(test.sum()))
        for info, t, r2 in r2_limits(ante, early, ly, train, test, p.gbm, p.seed)
    ]
    return errors, limits


def _seismic_only(s: _Sample, p: Params) -> list[dict]:
    """The uncalibrated SEISMIC predictor on every item (``n*`` = mean follower count of the events)."""
    foll = s.cas.followers
    n_star = p.seismic_n_star.get(s.dataset) or (float(foll.mean()) if foll is not None else 1.0)
    test = np.ones(s.cas.n_items, dtype=bool)
    return [
        _error_row(s, "SEISMIC", t, seismic_predict(observe(s.cas, t, p.seismic), n_star), test)
        for t in np.asarray(s.grid.t_i)
    ]


def _grid_table(s: _Sample) -> pd.DataFrame:
    """The grid and item counts of the data set (``prediction_grids``)."""
    grid = s.grid
    row = s.row(
        t_r=grid.t_r,
        t_i=" ".join(f"{t:g}" for t in grid.t_i),
        decay_step=grid.decay_step,
        relative=grid.relative,
        time_unit=str(s.time_unit),
        table_unit=grid.unit,
        n_items_total=s.cas_all.n_items,
        n_items_eligible=s.n_eligible,
        n_items_used=s.cas.n_items,
    )
    return contracts.frame([row], "prediction_grids")
