"""Study B on one data set: :func:`run` turns its events (items, exposures) into the per-data-set tables.

Every item is timed from its clock origin (:mod:`virality.prediction.origin`: exposure, the ``n0``-th
adopter, or the first event); items whose window ``[origin, origin + t_r]`` is observed enter (at most
``max_items``, a seeded subsample, never chosen by size). Wu & Huberman's novelty decay (three laws compared
by AIC) and the popularity distribution (candidates compared with ``powerlaw``) use them all; Szabo &
Huberman's correlations and the predictors use, at each ``t_i``, the items with ``N(t_i) >= min_early``
(known at ``t_i``), with the selection on the final size as a sensitivity. The split is group-aware (one
source on one side). SEISMIC runs only where times are seconds and follower counts exist. A step that
cannot run raises :class:`virality.skips.Skip`; its tables stay empty and the reason goes to ``skipped``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from .. import contracts, settings, skips
from . import steps
from .cascades import Cascades, build_cascades, deterministic_subsample
from .grid import Grid, make_grid
from .models import Boosting, sources
from .origin import group_split, item_origins, observed, resolve_clock
from .parts import PARTS
from .seismic import Settings as SeismicSettings

log = logging.getLogger("virality.prediction")


@dataclass(frozen=True)
class Params:
    """The config section ``prediction`` (``workflow/schemas/prediction.schema.yaml``, same defaults) plus
    the data set's ``seed``; ``threads`` caps the native thread pools. ``grids`` and ``seismic_n_star`` are
    per data set (a data set without an entry gets an automatic grid, and ``n*`` from its followers)."""

    datasets: tuple[str, ...] | None = None
    grids: Mapping[str, Mapping] = field(default_factory=lambda: MappingProxyType({}))
    clock_origin: str = "auto"
    clock_n0: int = 10
    min_early: int = 1
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


@dataclass(frozen=True)
class Sample:
    """One data set's clock, grid and items: all of them on the first-event clock (``cas_all``), and the
    observed ones re-timed from their origin (``cas``, events up to ``t_r``) with their counts at the
    indicator times (``x``) and at ``t_r`` (``n_tr``), sources and the group-aware training mask."""

    dataset: str
    synthetic: bool
    time_unit: str | None
    clock: str
    n0: int
    grid: Grid
    cas_all: Cascades
    cas: Cascades
    x: np.ndarray
    n_tr: np.ndarray
    groups: np.ndarray
    train: np.ndarray
    absolute_time: bool
    info: Mapping

    def row(self, **values) -> dict:
        return {"dataset": self.dataset, "synthetic": self.synthetic, **values}

    def tagged(self, selection: str | None = None, **values) -> dict:
        """A row with the data set, its clock origin and (if given) the selection."""
        sel = {} if selection is None else {"selection": selection}
        return self.row(**values, clock_origin=self.clock, **sel)


def empty_parts() -> dict[str, pd.DataFrame]:
    """Every part as an empty table (the outputs of a data set on which a step could not run)."""
    out = {part: pd.DataFrame() for part in PARTS}
    for part, name in steps.CONTRACT_OF_PART.items():
        out[part] = contracts.frame([], name)
    for part, cols in steps.FIGURE_PARTS.items():
        out[part] = pd.DataFrame(columns=cols)
    out["skipped"] = skips.frame([])
    return out


def run(
    events: pd.DataFrame,
    items: pd.DataFrame | None,
    dataset: str,
    synthetic: bool,
    time_unit: str | None,
    params: Params,
    exposures: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """The per-data-set tables (:data:`PARTS`) of ``dataset`` (its manifest's ``synthetic`` and
    ``time_unit``), with native thread pools capped at ``params.threads``. A step that cannot run leaves its
    tables empty and adds a row to ``skipped``; nothing else but a ``DataError`` comes out."""
    # the native libraries must be loaded before their pools can be capped
    import sklearn.ensemble  # noqa: F401
    import sklearn.metrics  # noqa: F401
    from threadpoolctl import threadpool_limits

    tables = empty_parts()
    skipped: list[dict] = []
    with threadpool_limits(limits=params.threads):
        try:
            s = sample(events, items, exposures, dataset, synthetic, time_unit, params)
        except skips.Skip as sk:
            log.info("%s: skipped: %s", dataset, sk)
            tables["skipped"] = skips.frame([skips.row(dataset, "B", sk)])
            return tables
        for step in steps.STEPS:
            tables.update(steps.attempt(skipped, s, step, params, events, items, skipped) or {})
        tables["grid"] = grid_table(s)
    tables["skipped"] = skips.frame(skipped)
    return tables


def sample(events, items, exposures, dataset, synthetic, time_unit, p: Params) -> Sample:
    """The clock, grid and observed items of a data set (seeded subsample of at most ``max_items``)."""
    skips.require(len(events) > 0, "cascades", "no events", n_events=0)
    cas_all = build_cascades(events, items)
    clock = resolve_clock(p.clock_origin, exposures)
    origin = item_origins(cas_all, clock, p.clock_n0, exposures)
    skips.require(
        bool(np.isfinite(origin).any()),
        "clock origin",
        f"no item has a {clock} origin"
        + (f" (fewer than n0={p.clock_n0} events each)" if clock == "threshold" else ""),
        n_items=cas_all.n_items,
    )
    cas_o = cas_all.reorigin(origin)
    last_age = np.maximum.reduceat(cas_o.age, cas_o.ptr[:-1]) if cas_o.age.size else np.array([])
    grid = make_grid(
        last_age,
        time_unit,
        p.grids.get(dataset),
        p.reference_quantile,
        tuple(p.fractions),
        p.decay_steps,
    )
    first = cas_all.start + cas_all.age[cas_all.ptr[:-1]]
    absolute = bool(np.ptp(first) > 0) if first.size else False
    end_time = grid.observed_until or float(events["time"].max())
    obs = observed(cas_o.start, grid.t_r, end_time)
    skips.require(
        bool(obs.any()),
        "selection",
        "no item is observed for a full t_r after its clock origin",
        n_items=cas_o.n_items,
    )
    keep = deterministic_subsample(obs, p.max_items, p.seed + 1)
    cas = cas_o.subset(keep, max_age=grid.t_r)
    t_i = np.asarray(grid.t_i)
    x = cas.counts_at(t_i).astype(float)
    n_tr = cas.counts_at([grid.t_r])[:, 0].astype(float)
    groups = sources(cas)
    train = group_split(groups, p.seed + 3, p.test_fraction)
    info = _info(grid, cas_all, cas_o, obs, keep, last_age, absolute, p, groups)
    log.info(
        "%s: clock %s, %d of %d items used (t_r=%g)",
        dataset,
        clock,
        cas.n_items,
        cas_all.n_items,
        grid.t_r,
    )
    return Sample(
        dataset, synthetic, time_unit, clock, p.clock_n0, grid, cas_all, cas, x, n_tr, groups,
        train, absolute, MappingProxyType(info),
    )  # fmt: skip


def _info(grid, cas_all, cas_o, obs, keep, last_age, absolute, p: Params, groups) -> dict:
    """What the grids table says about the selection and the censoring check."""
    if grid.observed_until:
        end_source = "configured observed_until"
    elif absolute:
        end_source = "last event of the data set"
    else:
        end_source = "unknown: every item starts at 0, censoring cannot be checked"
    return {
        "n_items_total": cas_all.n_items,
        "n_items_with_origin": cas_o.n_items,
        "n_items_observed": int(obs.sum()),
        "n_items_used": int(keep.sum()),
        "n_items_ending_before_t_r": int((last_age[keep] < grid.t_r).sum()),
        "observed_until_source": end_source,
        "censoring_checked": end_source
        != "unknown: every item starts at 0, censoring cannot be checked",
        "n_groups": int(pd.unique(groups).size),
        "split": f"group-aware by source, {p.test_fraction:g} of items in the test half",
    }


def grid_table(s: Sample) -> pd.DataFrame:
    """The grid, clock and item counts of the data set (``prediction_grids``)."""
    grid = s.grid
    row = s.row(
        t_r=grid.t_r,
        t_i=" ".join(f"{t:g}" for t in grid.t_i),
        decay_step=grid.decay_step,
        relative=grid.relative,
        time_unit=str(s.time_unit),
        table_unit=grid.unit,
        n_items_eligible=s.info["n_items_observed"],
        clock_origin=s.clock,
        clock_n0=s.n0 if s.clock == "threshold" else np.nan,
        grid_kind=grid.kind,
        **{k: v for k, v in s.info.items() if k != "n_items_observed"},
    )
    return contracts.frame([row], "prediction_grids")
