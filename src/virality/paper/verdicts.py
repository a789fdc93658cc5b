"""Verdict rules: our value against the published one (``rule: {kind: ...}`` in ``paper/published.yaml``).

A tolerance band, a bound with its 95% interval, a category, a range, or "not comparable"; each returns
the verdict and a one-line reason with both numbers (:data:`VERDICT_RULES`).
"""

from __future__ import annotations

from collections.abc import Mapping

from virality.paper.measures import Measured
from virality.paper.numbers import fmt_num


def _band(pub: float, rule: Mapping, key: str) -> float | None:
    if f"{key}_abs" in rule:
        return float(rule[f"{key}_abs"])
    if f"{key}_rel" in rule:
        return abs(pub) * float(rule[f"{key}_rel"])
    return None


def _v_tolerance(meas: Measured, pub, rule):
    """Close to the published number: within ``tol_abs`` / ``tol_rel`` (or the published value inside the
    reproduced 95% interval) → reproduced; within ``partly_abs`` / ``partly_rel`` → partly; else not."""
    v, p = float(meas.value), float(pub)
    tol = _band(p, rule, "tol")
    part = _band(p, rule, "partly")
    d = abs(v - p)
    inside = (
        meas.ci_low is not None and meas.ci_high is not None and meas.ci_low <= p <= meas.ci_high
    )
    if (tol is not None and d <= tol) or inside:
        why = "published value inside the 95% interval" if inside else f"within ±{fmt_num(tol)}"
        return "reproduced", f"{fmt_num(v)} vs {fmt_num(p)}: {why}"
    if part is not None and d <= part:
        return (
            "partly",
            f"{fmt_num(v)} vs {fmt_num(p)}: off by {fmt_num(d)}, within ±{fmt_num(part)}",
        )
    return "not reproduced", f"{fmt_num(v)} vs {fmt_num(p)}: off by {fmt_num(d)}" + (
        f", beyond ±{fmt_num(part if part is not None else tol)}"
        if (part is not None or tol is not None)
        else ""
    )


def _v_above(meas: Measured, pub, rule, sign: int = 1):
    """A bound: the reproduced value beyond ``threshold`` (default the published value) with its whole
    95% interval → reproduced; the estimate beyond it but the interval not → partly; else not reproduced."""
    thr = float(rule.get("threshold", pub))
    v = float(meas.value)
    word = "above" if sign > 0 else "below"
    beyond = (v - thr) * sign > 0
    lo, hi = meas.ci_low, meas.ci_high
    ci_beyond = None
    if lo is not None and hi is not None:
        ci_beyond = ((lo - thr) > 0) if sign > 0 else ((hi - thr) < 0)
    if beyond and (ci_beyond is None or ci_beyond):
        extra = " with its whole 95% interval" if ci_beyond else ""
        return "reproduced", f"{fmt_num(v)} is {word} {fmt_num(thr)}{extra}"
    if beyond:
        return "partly", f"{fmt_num(v)} is {word} {fmt_num(thr)} but its 95% interval is not"
    if lo is not None and hi is not None:
        opposite = (hi < thr) if sign > 0 else (lo > thr)
        if opposite:
            return (
                "not reproduced",
                f"{fmt_num(v)} is not {word} {fmt_num(thr)}: the opposite, with its whole 95% interval",
            )
        return (
            "not reproduced",
            f"{fmt_num(v)} is not {word} {fmt_num(thr)} (its 95% interval includes {fmt_num(thr)})",
        )
    return "not reproduced", f"{fmt_num(v)} is not {word} {fmt_num(thr)}"


def _v_label(meas: Measured, pub, rule):
    """A category (e.g. the most common trajectory, the best predictor): equal → reproduced, else not."""
    expected = str(rule.get("expected", pub))
    if str(meas.value) == expected:
        return "reproduced", f"{meas.value}, as published"
    return "not reproduced", f"{meas.value}, not {expected}"


def _v_range(meas: Measured, pub, rule):
    """Inside [``low``, ``high``] → reproduced; inside the wider [``partly_low``, ``partly_high``] → partly."""
    v = float(meas.value)
    lo, hi = float(rule["low"]), float(rule["high"])
    if lo <= v <= hi:
        return "reproduced", f"{fmt_num(v)} inside [{fmt_num(lo)}, {fmt_num(hi)}]"
    plo, phi = float(rule.get("partly_low", lo)), float(rule.get("partly_high", hi))
    if plo <= v <= phi:
        return (
            "partly",
            f"{fmt_num(v)} outside [{fmt_num(lo)}, {fmt_num(hi)}] but inside [{fmt_num(plo)}, {fmt_num(phi)}]",
        )
    return "not reproduced", f"{fmt_num(v)} outside [{fmt_num(plo)}, {fmt_num(phi)}]"


def not_comparable(meas: Measured, pub, rule):
    """Never compared: the rule's ``reason`` says why."""
    return "not comparable", str(rule.get("reason", "no comparable data"))


VERDICT_RULES = {
    "tolerance": _v_tolerance,
    "above": lambda m, p, r: _v_above(m, p, r, 1),
    "below": lambda m, p, r: _v_above(m, p, r, -1),
    "label": _v_label,
    "range": _v_range,
    "not_comparable": not_comparable,
}
