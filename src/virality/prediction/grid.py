"""The times of one data set: the reference time ``t_r`` (the "final" popularity is ``N(t_r)``), the
indicator times ``t_i`` (Szabo & Huberman 2010) and the step of the novelty-decay grid (Wu & Huberman 2007),
from the configuration or, for data sets of unknown time unit, relative to the item lifetimes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..skips import Skip

HOUR = 3600.0


def seconds_known(time_unit: str | None) -> bool:
    """True when a manifest's ``time_unit`` says times are seconds (``"s"``, ``"s (from …)"``)."""
    return str(time_unit or "").strip().lower().startswith("s")


@dataclass(frozen=True)
class Grid:
    """Times of one data set, all in the data set's time column units (seconds where known).

    ``unit`` / ``unit_seconds`` is the display unit of the tables: hours (``"h"``, 3600) when the data set's
    times are seconds, else its raw units (``unit_seconds`` 1). ``t`` of the decay fit is measured in it.
    """

    t_r: float
    t_i: tuple[float, ...]
    decay_step: float
    unit: str
    unit_seconds: float
    relative: bool = False  # True when the grid was derived from the data (no grid entry)
    kind: str = (
        "config"  # config | log_seconds (seconds, no entry) | relative (unit unknown, no entry)
    )
    scatter_t_i: float | None = None
    observed_until: float | None = None  # end of observation when known (else the last event)


def make_grid(
    lifetimes: np.ndarray,
    time_unit: str | None,
    spec: dict | None = None,
    reference_quantile: float = 0.75,
    fractions: tuple[float, ...] = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7),
    decay_steps: int = 100,
) -> Grid:
    """The indicator/reference times of a data set.

    With ``spec`` (``t_r``, ``t_i`` in the data set's time units, optionally ``decay_step``,
    ``scatter_t_i`` and ``observed_until``, the end of the observation window when it is known, e.g. a
    simulation's horizon; the last event otherwise) the grid is taken from the configuration. Otherwise
    ``t_r`` is the ``reference_quantile`` of the item lifetimes (age of an item's last event) and
    ``decay_step = t_r / decay_steps``; the indicator times are, for times in seconds (``log_seconds``),
    ``len(fractions)`` log-spaced times from 10 minutes (or ``fractions[0] t_r`` if smaller) to
    ``fractions[-1] t_r``, and for an unknown unit (``relative``) ``t_i = fractions * t_r``.
    """
    known = seconds_known(time_unit)
    unit, unit_s = ("h", HOUR) if known else ("raw time units (unknown)", 1.0)
    spec = dict(spec or {})
    kind = "config"
    if spec.get("t_r"):
        t_r = float(spec["t_r"])
        t_i = tuple(sorted(float(x) for x in spec.get("t_i", [f * t_r for f in fractions])))
        relative = False
    else:
        life = np.asarray(lifetimes, dtype=float)
        life = life[np.isfinite(life) & (life > 0)]
        if life.size == 0:
            raise Skip(
                "grid",
                "no item lives longer than zero time after its clock origin: no time grid",
                n_items=int(np.size(lifetimes)),
            )
        t_r = float(np.quantile(life, reference_quantile))
        fr = sorted(fractions)
        if known:
            lo = min(600.0, fr[0] * t_r)
            t_i = tuple(float(x) for x in np.unique(np.geomspace(lo, fr[-1] * t_r, len(fr))))
            kind = "log_seconds"
        else:
            t_i = tuple(float(f * t_r) for f in fr)
            kind = "relative"
        relative = True
    if any(t <= 0 or t >= t_r for t in t_i):
        raise ValueError(f"indicator times must lie in (0, t_r={t_r:g}); got {list(t_i)}")
    step = float(spec.get("decay_step") or t_r / decay_steps)
    scatter = spec.get("scatter_t_i")
    scatter = float(scatter) if scatter else t_i[min(len(t_i) - 1, len(t_i) // 3)]
    until = spec.get("observed_until")
    until = float(until) if until else None
    return Grid(t_r, t_i, step, unit, unit_s, relative, kind, scatter, until)
