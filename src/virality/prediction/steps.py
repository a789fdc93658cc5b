"""The steps of Study B on one data set's :class:`~virality.prediction.study.Sample`; each returns its parts
(:data:`virality.prediction.study.PARTS`) or raises :class:`virality.skips.Skip` (then its parts stay
empty and :func:`attempt` records the reason)."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from .. import contracts, skips
from .cascades import deterministic_subsample
from .clock import clock_comparison
from .decay import lognormal_summary, novelty_decay
from .grid import seconds_known
from .limits import r2_limits
from .models import (
    baselines,
    early_features,
    ex_ante_features,
    pearson_log,
    predict_gbm,
    rse,
    tree_depths,
)
from .origin import item_origins, observed, source_record
from .popularity import best_candidate, compare_candidates
from .seismic import (
    SEISMIC_CHECK_COLUMNS,
    observe,
    predict_calibrated,
    seismic_check,
    seismic_predict,
)

log = logging.getLogger("virality.prediction")

#: parts that are results tables, and their contract
CONTRACT_OF_PART = {
    "novelty": "novelty_decay",
    "novelty_ci": "novelty_decay_ci",
    "decay_models": "novelty_decay_models",
    "popularity": "popularity_distribution",
    "correlation": "prediction_correlation",
    "error": "prediction_error",
    "limits": "prediction_limits",
    "grid": "prediction_grids",
    "clock": "prediction_clock",
}
#: columns of the parts that only the figures read
FIGURE_PARTS = {
    "decay_points": ["dataset", "synthetic", "t", "growth_mean", "growth_se", "n_items", "fitted"]
    + ["profile_mean", "fitted_power_law", "fitted_exponential", "unit", "clock_origin"],
    "final": ["dataset", "synthetic", "log_final"],
    "scatter": ["dataset", "synthetic", "t_i", "t_r", "unit", "log_n_ti", "log_n_tr"],
    "seismic_check": [*SEISMIC_CHECK_COLUMNS, "clock_origin"],
}


def attempt(skipped: list, s, fn, *args):
    """``fn(s, *args)``, or ``None`` with the skip recorded in ``skipped``."""
    try:
        return fn(s, *args)
    except skips.Skip as sk:
        log.info("%s: skipped: %s", s.dataset, sk)
        skipped.append(skips.row(s.dataset, "B", sk))
        return None


def wu_huberman(s, p, events, items, skipped=None) -> dict[str, pd.DataFrame]:
    """Log-normality, the novelty decay with its three laws compared, and the popularity distribution's
    candidates, on every observed item (selection ``observed``)."""
    skipped = [] if skipped is None else skipped
    n, unit = s.cas.n_items, s.grid.unit
    pos = s.n_tr[s.n_tr > 0]
    ln = lognormal_summary(pos)
    dec = attempt(skipped, s, _decay, p)
    pop = attempt(skipped, s, _popularity, pos, p.min_items) or []
    models = dec["models"] if dec else []
    by = {m["model"]: m for m in models}
    best = next((m["model"] for m in models if m["best"]), "none") if models else None
    lp = next((r for r in pop if r["range"] == "all" and r["second"] == "power_law"), {})
    get = (lambda k: dec[k]) if dec else (lambda k: np.nan)  # noqa: E731
    row = s.tagged(
        "observed",
        n_items=n,
        **ln,
        decay_a=get("decay_a"),
        decay_b=get("decay_b"),
        half_life=get("half_life"),
        half_life_unit=unit,
        decay_b_at_bound=bool(dec["b_at_bound"]) if dec else None,
        clock_n0=s.n0 if s.clock == "threshold" else np.nan,
        decay_best_model=best,
        decay_delta_aic_stretched=by.get("stretched_exponential", {}).get("delta_aic", np.nan),
        power_law_exponent=by.get("power_law", {}).get("a", np.nan),
        novelty_half_time=get("novelty_half_time"),
        popularity_best_all=best_candidate(pop, "all") if pop else None,
        popularity_best_tail=best_candidate(pop, "tail") if pop else None,
        lognormal_vs_power_law_R=lp.get("loglik_ratio", np.nan),
        lognormal_vs_power_law_p=lp.get("p_value", np.nan),
    )
    ci = [
        s.tagged(
            parameter=name,
            estimate=row[name],
            ci_low=get(f"{name}_low"),
            ci_high=get(f"{name}_high"),
            unit=unit if name == "half_life" else f"t in {unit}",
            n_boot=p.n_boot if dec else 0,
            b_at_bound=bool(dec["b_at_bound"]) if dec else False,
        )
        for name in ("decay_a", "decay_b", "half_life")
    ]
    pts = dec["points"].assign(dataset=s.dataset, synthetic=s.synthetic) if dec else None
    return {
        "novelty": contracts.frame([row], "novelty_decay"),
        "novelty_ci": contracts.frame(ci, "novelty_decay_ci"),
        "decay_models": contracts.frame(
            [s.tagged("observed", **m, t_unit=unit) for m in models], "novelty_decay_models"
        ),
        "decay_points": _figure_part(
            "decay_points", pts.assign(unit=unit, clock_origin=s.clock) if pts is not None else None
        ),
        "popularity": contracts.frame(
            [s.tagged("observed", **r, lilliefors_p=ln["normality_p"]) for r in pop],
            "popularity_distribution",
        ),
        "final": _figure_part("final", pd.DataFrame(s.row(log_final=np.log(pos)))),
    }


def _figure_part(part: str, df: pd.DataFrame | None) -> pd.DataFrame:
    cols = FIGURE_PARTS[part]
    return pd.DataFrame(columns=cols) if df is None or len(df) == 0 else df.reindex(columns=cols)


def _decay(s, p) -> dict:
    n = s.cas.n_items
    skips.require(n >= 2, "novelty decay", "fewer than 2 items observed to t_r", n_items=n)
    dec = novelty_decay(
        s.cas, s.grid, p.growth, p.n_boot, p.seed + 2, p.skip_first_step, p.decay_b_min
    )
    skips.require(
        bool(np.isfinite(dec["decay_a"])),
        "novelty decay",
        "fewer than 3 steps with a positive mean growth: no decay law can be fitted",
        n_items=n,
    )
    return dec


def _popularity(s, pos: np.ndarray, min_items: int) -> list[dict]:
    skips.require(
        pos.size >= min_items and np.unique(pos).size >= 2,
        "popularity distribution",
        f"fewer than min_items={min_items} items with N(t_r) >= 1, or a single value",
        n_items=int(pos.size),
    )
    return compare_candidates(pos)


def correlation(s, p, events, items, skipped=None) -> dict[str, pd.DataFrame]:
    """Szabo & Huberman's correlation of ``ln N(t_i)`` and ``ln N(t_r)`` at each ``t_i`` on the items with
    ``N(t_i) >= min_early`` (``at_t_i``, known at ``t_i``; the ``primary`` rows) and, as sensitivities, on
    those with ``N(t_r) >= min_final`` (``final_size``, selection on the outcome) and on the first-event
    clock (the old setup); the scatter of the primary rows."""
    n = s.cas.n_items
    skips.require(n >= 3, "correlation", "fewer than 3 items observed to t_r", n_items=n)
    grid, x, y = s.grid, s.x, s.n_tr
    t_i = np.asarray(grid.t_i)
    sets = [(s.clock, x, y)]
    if s.clock != "first_event":
        sets.append(("first_event", *_first_event_counts(s, p)))
    rows = []
    for clock, xc, yc in sets:
        for sel in ("at_t_i", "final_size"):
            for j, t in enumerate(t_i):
                m = xc[:, j] >= p.min_early
                if sel == "final_size":
                    m = (yc >= p.min_final) & (xc[:, j] > 0)
                rows.append(
                    s.row(
                        t_i=t / grid.unit_seconds,
                        t_r=grid.t_r / grid.unit_seconds,
                        pearson_r_log=pearson_log(xc[m, j], yc[m]),
                        n_items=int(m.sum()),
                        clock_origin=clock,
                        selection=sel,
                        primary=clock == s.clock and sel == "at_t_i",
                    )
                )
    j = int(np.argmin(np.abs(t_i - grid.scatter_t_i)))
    m = x[:, j] >= p.min_early
    scatter = pd.DataFrame(
        s.row(
            t_i=t_i[j] / grid.unit_seconds,
            t_r=grid.t_r / grid.unit_seconds,
            unit=grid.unit,
            log_n_ti=np.log(x[m, j]),
            log_n_tr=np.log(y[m]),
        )
    )
    return {
        "correlation": contracts.frame(rows, "prediction_correlation"),
        "scatter": _figure_part("scatter", scatter),
    }


def _first_event_counts(s, p) -> tuple[np.ndarray, np.ndarray]:
    """``N(t_i)`` and ``N(t_r)`` of the items observed to ``t_r`` on the first-event clock (seeded cap)."""
    cas = s.cas_all.reorigin(item_origins(s.cas_all, "first_event"))
    end = s.grid.observed_until or float(s.cas_all.start.max() + s.cas_all.age.max())
    keep = deterministic_subsample(observed(cas.start, s.grid.t_r, end), p.max_items, p.seed + 1)
    cas = cas.subset(keep, max_age=s.grid.t_r)
    x = cas.counts_at(np.asarray(s.grid.t_i)).astype(float)
    return x, cas.counts_at([s.grid.t_r])[:, 0].astype(float)


def seismic_reason(s) -> str | None:
    """Why SEISMIC cannot run on the data set (``None`` when it can): it needs times in seconds (its
    kernel is in seconds) and follower counts."""
    if not seconds_known(s.time_unit):
        return f"the time unit is not known to be seconds ({s.time_unit}): SEISMIC's kernel is in seconds"
    f = s.cas_all.followers
    if f is None or not np.any(f > 0):
        return "no follower counts: SEISMIC weighs every post by its poster's followers"
    return None


def seismic_step(s, p, events, items, skipped=None) -> dict[str, pd.DataFrame]:
    """SEISMIC on the largest cascade (raw formula, the first-event clock: the original post), or a skip."""
    why = seismic_reason(s)
    n = s.cas_all.n_items
    skips.require(why is None, "SEISMIC", why or "", n_items=n)
    n_star = p.seismic_n_star.get(s.dataset)
    chk = seismic_check(s.cas_all, s.grid, p.seismic, n_star, s.dataset, s.synthetic)
    return {"seismic_check": _figure_part("seismic_check", chk.assign(clock_origin="first_event"))}


def scores(s, p, events, items, skipped=None) -> dict[str, pd.DataFrame]:
    """Test errors of the predictors (``error``) and the limits of prediction (``limits``), on the
    group-aware split; with fewer than ``min_items`` items only the training-free SEISMIC (if it applies)."""
    n, train = s.cas.n_items, s.train
    use_seismic = seismic_reason(s) is None
    enough = n >= p.min_items and train.sum() >= 2 and (~train).sum() >= 2
    if not enough and use_seismic and n >= 1:
        return {"error": contracts.frame(_seismic_only(s, p), "prediction_error")}
    skips.require(
        enough,
        "predictors",
        f"fewer than min_items={p.min_items} items observed to t_r, or a side of the group-aware "
        "split with fewer than 2",
        n_items=n,
        n_train=int(train.sum()),
        n_groups=int(s.info["n_groups"]),
    )
    errors, limits = _trained(s, p, use_seismic)
    return {
        "error": contracts.frame(errors, "prediction_error"),
        "limits": contracts.frame(limits, "prediction_limits"),
    }


def _error_row(s, name: str, t: float, pred: np.ndarray, y: np.ndarray, test: np.ndarray) -> dict:
    """Mean and median test RSE of one predictor at indicator time ``t``."""
    e = rse(pred[test], y[test])
    return s.tagged(
        "at_t_i",
        predictor=name,
        t_i=t / s.grid.unit_seconds,
        rse_mean=float(np.mean(e)) if e.size else np.nan,
        rse_median=float(np.median(e)) if e.size else np.nan,
        n_test=int(test.sum()),
    )


def _trained(s, p, use_seismic: bool) -> tuple[list[dict], list[dict]]:
    """LN, CS, GP, calibrated SEISMIC and GBM fitted on the training groups and scored on the test groups
    at each ``t_i`` (items with ``N(t_i) >= min_early``); the out-of-sample R^2 ex ante and at each t_i."""
    cas, grid, y, train = s.cas, s.grid, s.n_tr, s.train
    ly = np.log(np.maximum(y, 1.0))
    record = source_record(s.groups, cas.start, ly, grid.t_r, s.absolute_time)
    ante = ex_ante_features(cas, record)
    depth = tree_depths(cas.parent) if cas.parent is not None else None
    foll = cas.followers
    n_star = p.seismic_n_star.get(s.dataset) or (
        float(foll[train[cas.code]].mean()) if foll is not None and train.any() else 1.0
    )
    errors, early = [], []
    for j, t in enumerate(np.asarray(grid.t_i)):
        m = s.x[:, j] >= p.min_early
        tr, te = train & m, ~train & m
        if tr.sum() < 2 or te.sum() < 1:
            continue
        x = np.maximum(s.x[:, j], 1.0)
        preds = baselines(x[m], y[m], tr[m])
        if use_seismic:
            preds["SEISMIC"] = predict_calibrated(cas, t, tr, y, n_star, p.seismic)[m]
        feats = pd.concat([ante, early_features(cas, t, depth)], axis=1)
        fm = feats[m].reset_index(drop=True)
        preds["GBM"] = predict_gbm(fm, x[m], y[m], tr[m], p.gbm, p.seed + 5 + j)
        errors += [_error_row(s, k, t, v, y[m], te[m]) for k, v in preds.items()]
        early.append((t, feats, m))
    lim = r2_limits(ante, early, ly, train, ~train, p.gbm, p.seed)
    limits = [
        s.tagged(
            "observed" if info == "ex_ante" else "at_t_i",
            information=info,
            t_i=t / grid.unit_seconds,
            r2=r2,
            n=n_test,
        )
        for info, t, r2, n_test in lim
    ]
    return errors, limits


def _seismic_only(s, p) -> list[dict]:
    """The uncalibrated SEISMIC predictor on every item (``n*`` configured, else the mean follower count)."""
    foll = s.cas.followers
    n_star = p.seismic_n_star.get(s.dataset) or float(foll.mean())
    rows = []
    for j, t in enumerate(np.asarray(s.grid.t_i)):
        m = s.x[:, j] >= p.min_early
        pred = seismic_predict(observe(s.cas, t, p.seismic), n_star)
        rows.append(_error_row(s, "SEISMIC", t, pred, s.n_tr, m))
    return rows


def activity_clock(s, p, events, items, skipped=None) -> dict[str, pd.DataFrame]:
    """Szabo & Huberman's two clocks (:func:`virality.prediction.clock.clock_comparison`)."""
    return {"clock": clock_comparison(events, s, p.min_items, p.min_early)}


#: the steps in order (each one's parts, or a skip)
STEPS = (wu_huberman, correlation, scores, seismic_step, activity_clock)
