"""Our value for a published quantity, read from the rows of one data set of a results table.

Each measure of ``paper/published.yaml`` (``measure: {kind: ...}``) names a table, filters and a column;
:data:`MEASURES` maps the kind to its reader (a value, an argmax, a trend as Spearman's rho, a ratio, ...).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from virality.paper import PaperError
from virality.paper.numbers import fmt_num, is_missing
from virality.paper.tables import matches


@dataclass
class Measured:
    """A reproduced value: a number (with an optional 95% interval) or a label, and what it is."""

    value: float | str | None
    ci_low: float | None = None
    ci_high: float | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)
    #: what [ci_low, ci_high] is, as the verdict reasons name it
    interval: str = "95% interval"


def _filter_df(df: pd.DataFrame, where: Mapping | None, src: str) -> pd.DataFrame:
    for c, v in (where or {}).items():
        if c not in df.columns:
            raise PaperError(f"{src}: no column {c!r} (published.yaml filters on it)")
        df = df[matches(df[c], v)]
    return df


def _need(df: pd.DataFrame, cols: Iterable[str], src: str):
    missing = [c for c in cols if c and c not in df.columns]
    if missing:
        raise PaperError(
            f"{src}: no column(s) {', '.join(missing)} (published.yaml reads them; "
            f"columns: {', '.join(map(str, df.columns))})"
        )


def _m_value(df, m, src):
    """The value of ``column`` in the one row left after ``where`` (with ``ci`` columns if given)."""
    col = m["column"]
    ci = m.get("ci") or []
    _need(df, [col, *ci], src)
    if len(df) != 1:
        return Measured(None, note=f"{len(df)} rows match in {src}, expected 1")
    r = df.iloc[0]
    lo, hi = (r[ci[0]], r[ci[1]]) if ci else (None, None)
    v = pd.to_numeric(pd.Series([r[col]]), errors="coerce").iloc[0]
    if pd.isna(v):
        return Measured(
            None, note=f"{col} is empty in {src} for this data set (not estimated by the study)"
        )
    vals = [float(v), None if is_missing(lo) else float(lo), None if is_missing(hi) else float(hi)]
    note = ""
    if m.get("unit_column"):
        _need(df, [m["unit_column"]], src)
        unit = str(r[m["unit_column"]]).strip()
        to = m["to_unit"]
        if unit not in UNIT_SECONDS or to not in UNIT_SECONDS:
            return Measured(None, note=f"time unit {unit!r} cannot be converted to {to}")
        factor = UNIT_SECONDS[unit] / UNIT_SECONDS[to]
        vals = [x * factor if x is not None else None for x in vals]
        note = f"{fmt_num(v)} {unit} = {fmt_num(vals[0])} {to}" if unit != to else ""
    if m.get("transform") == "sqrt":
        vals = [math.sqrt(x) if x is not None and x >= 0 else x for x in vals]
        note = f"square root of {col} {fmt_num(v)}"
    return Measured(vals[0], vals[1], vals[2], note=note)


#: Seconds per time unit, for converting reproduced times to the published unit.
UNIT_SECONDS = {"s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0, "day": 86400.0, "days": 86400.0}


def _m_argbest(df, m, src, largest: bool):
    col, label = m["column"], m["label"]
    _need(df, [col, label], src)
    vals = pd.to_numeric(df[col], errors="coerce")
    if vals.notna().sum() == 0:
        return Measured(None, note=f"no {col} values in {src}")
    i = vals.idxmax() if largest else vals.idxmin()
    others = ", ".join(
        f"{df.loc[j, label]} {fmt_num(vals[j])}"
        for j in vals.sort_values(ascending=not largest).index
    )
    return Measured(str(df.loc[i, label]), note=f"{col}: {others}")


def _m_mean_by_label(df, m, src):
    """Mean of ``column`` per ``label`` (e.g. each predictor's mean error over indicator times)."""
    col, label = m["column"], m["label"]
    _need(df, [col, label], src)
    g = pd.to_numeric(df[col], errors="coerce").groupby(df[label].astype("string")).mean()
    return g


def _m_argmin_mean(df, m, src):
    g = _m_mean_by_label(df, m, src).dropna()
    if g.empty:
        return Measured(None, note=f"no {m['column']} values in {src}")
    order = g.sort_values()
    note = f"mean {m['column']}: " + ", ".join(f"{k} {fmt_num(v)}" for k, v in order.items())
    return Measured(str(order.index[0]), note=note)


def _m_trend(df, m, src):
    """Spearman rank correlation of ``column`` with ``x`` (is the quantity rising?)."""
    from scipy import stats  # here, not at the top: ~1 s of every job that imports the module

    y, x = m["column"], m["x"]
    _need(df, [x, y], src)
    d = df[[x, y]].apply(pd.to_numeric, errors="coerce").dropna()
    if len(d) < 3:
        return Measured(None, note=f"fewer than 3 points of {y} against {x} in {src}")
    rho = stats.spearmanr(d[x], d[y]).statistic
    first, last = d.sort_values(x).iloc[[0, -1]][y]
    return Measured(
        float(rho),
        note=f"{y} from {fmt_num(first)} to {fmt_num(last)} over {len(d)} values of {x}",
    )


def _m_at_fraction(df, m, src):
    """``column`` at the largest ``x`` not above ``fraction`` × ``ref`` (an early indicator time)."""
    y, x, ref, frac = m["column"], m["x"], m["ref"], float(m["fraction"])
    _need(df, [x, y, ref], src)
    d = df[[x, y, ref]].apply(pd.to_numeric, errors="coerce").dropna()
    d = d[d[x] <= frac * d[ref]]
    if d.empty:
        return Measured(None, note=f"no {x} at or below {frac:g} × {ref} in {src}")
    r = d.sort_values(x).iloc[-1]
    return Measured(
        float(r[y]), note=f"at {x} = {fmt_num(r[x])} ({fmt_num(r[x] / r[ref])} of {ref})"
    )


def _m_first_below(df, m, src):
    """Earliest ``x`` at which the best ``label`` (smallest ``column``) falls to ``threshold`` or below."""
    y, x, thr = m["column"], m["x"], float(m["threshold"])
    _need(df, [x, y], src)
    d = df.assign(
        _y=pd.to_numeric(df[y], errors="coerce"), _x=pd.to_numeric(df[x], errors="coerce")
    )
    best = d.groupby("_x")["_y"].min().sort_index()
    hit = best[best <= thr]
    if hit.empty:
        return Measured(
            float("inf"), note=f"{y} never reaches {thr:g} (smallest {fmt_num(best.min())})"
        )
    return Measured(float(hit.index[0]), note=f"smallest {y} at that {x}: {fmt_num(hit.iloc[0])}")


def _m_ratio(df, m, src):
    """Ratio of ``column`` between two values of ``label`` within each configuration ``by``; the median
    ratio over configurations, with the range as the interval (e.g. the influentials' multiplier)."""
    col, label, num, den = m["column"], m["label"], str(m["numerator"]), str(m["denominator"])
    by = list(m.get("by") or [])
    _need(df, [col, label, *by], src)
    d = df.assign(_v=pd.to_numeric(df[col], errors="coerce"), _l=df[label].astype("string"))
    ratios = []
    for _, g in d.groupby(by if by else (lambda _: 0)):
        a = g.loc[g["_l"] == num, "_v"]
        b = g.loc[g["_l"] == den, "_v"]
        if len(a) == 1 and len(b) == 1 and b.iloc[0] > 0:
            ratios.append(float(a.iloc[0] / b.iloc[0]))
    if not ratios:
        return Measured(None, note=f"no configuration with both {label}={num} and {label}={den}")
    r = np.asarray(ratios)
    return Measured(
        float(np.median(r)),
        float(r.min()),
        float(r.max()),
        note=f"median over {len(r)} configurations, range {fmt_num(r.min())}–{fmt_num(r.max())}",
        interval="range over configurations",
    )


def _m_change(df, m, src):
    """``column`` at the largest ``x`` minus ``column`` at the smallest ``x`` (e.g. Gini as social
    influence grows)."""
    y, x = m["column"], m["x"]
    _need(df, [x, y], src)
    d = df[[x, y]].apply(pd.to_numeric, errors="coerce").dropna()
    if len(d) < 2:
        return Measured(None, note=f"fewer than 2 values of {x} in {src}")
    g = d.groupby(x)[y].mean().sort_index()
    return Measured(
        float(g.iloc[-1] - g.iloc[0]),
        note=f"{y} {fmt_num(g.iloc[0])} at {x} = {fmt_num(g.index[0])}, "
        f"{fmt_num(g.iloc[-1])} at {x} = {fmt_num(g.index[-1])}",
    )


def _m_ends_ratio(df, m, src):
    """``column`` in the last row over the first (rows in table order, e.g. the largest size bin over the
    smallest)."""
    y = m["column"]
    _need(df, [y], src)
    v = pd.to_numeric(df[y], errors="coerce").dropna()
    if len(v) < 2 or v.iloc[0] == 0:
        return Measured(None, note=f"fewer than 2 usable values of {y} in {src}")
    label = m.get("label")
    ends = ""
    if label and label in df.columns:
        ends = f" ({df.loc[v.index[0], label]} to {df.loc[v.index[-1], label]})"
    return Measured(
        float(v.iloc[-1] / v.iloc[0]),
        note=f"{y} from {fmt_num(v.iloc[0])} to {fmt_num(v.iloc[-1])}{ends}",
    )


def _m_none(df, m, src):
    return Measured(None, note=m.get("note", ""))


MEASURES = {
    "value": _m_value,
    "argmax": lambda df, m, src: _m_argbest(df, m, src, True),
    "argmin": lambda df, m, src: _m_argbest(df, m, src, False),
    "argmin_mean": _m_argmin_mean,
    "trend": _m_trend,
    "at_fraction": _m_at_fraction,
    "first_below": _m_first_below,
    "ratio": _m_ratio,
    "change": _m_change,
    "ends_ratio": _m_ends_ratio,
    "none": _m_none,
}


def measure_value(df: pd.DataFrame, m: Mapping, src: str) -> Measured:
    """Read a reproduced value from the rows of one data set (``m['kind']`` in :data:`MEASURES`)."""
    d = _filter_df(df, m.get("where"), src)
    for c, v in (m.get("exclude") or {}).items():
        _need(d, [c], src)
        vals = [str(x) for x in (v if isinstance(v, list) else [v])]
        d = d[~d[c].astype("string").isin(vals).fillna(False).astype(bool)]
    if d.empty and m["kind"] != "none":
        where = " and ".join(f"{k} = {v}" for k, v in (m.get("where") or {}).items())
        return Measured(None, note=f"no rows of {src} with {where or 'this data set'}")
    return MEASURES[m["kind"]](d, m, src)
