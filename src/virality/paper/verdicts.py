"""Verdict rules: our value against the published one (``rule: {kind: ...}`` in ``paper/published.yaml``).

Every numeric rule turns the published value into a **band** (the values that agree with it) and, where
the claim has a direction, a **null** (``no_effect``: 1 for an odds ratio; a bound's threshold).
One judgement (:func:`judge`) then applies to every rule:

* our estimate on the other side of the null from the published value (an opposite sign) → not reproduced;
* the estimate inside the band → reproduced; for a bound (``above`` / ``below``) the whole 95% interval
  must also lie beyond the bound, else partly;
* the estimate outside the band but its 95% interval overlapping the band → partly;
* otherwise (the interval wholly outside the band, or no interval) → not reproduced.

So "partly" is given only where our interval overlaps the band of the published value. A category
(``label``) is equal or not. Each rule returns ``(outcome, reason)`` with both numbers in the reason
(:data:`VERDICT_RULES`); the outcome is one of :data:`OUTCOMES` or ``"not comparable"``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from virality.paper.measures import Measured
from virality.paper.numbers import fmt_num

OUTCOMES = ("reproduced", "partly", "not reproduced")

#: Rule keys of earlier versions that no longer mean anything: "partly" now needs the 95% interval to
#: overlap the band, never a wider band of its own.
RETIRED_KEYS = ("partly_abs", "partly_rel", "partly_low", "partly_high")


#: Keys a rule may have.
RULE_KEYS = (
    "kind",
    "tol_abs",
    "tol_rel",
    "no_effect",
    "threshold",
    "low",
    "high",
    "expected",
    "reason",
)

#: Slack for band edges computed in floating point (0.4 - 0.1 is not 0.3).
_EPS = 1e-9


@dataclass(frozen=True)
class Band:
    """The values that agree with a published one: ``[low, high]`` (infinite for a bound), the no-effect
    value ``null`` (None: the claim has no sign) and whether the claim is a one-sided bound."""

    low: float
    high: float
    null: float | None = None
    bound: bool = False

    def contains(self, x: float) -> bool:
        if self.bound:
            return self.low < x < self.high
        return self.low - _EPS <= x <= self.high + _EPS

    def overlaps(self, lo: float, hi: float) -> bool:
        if self.bound:
            return hi > self.low and lo < self.high
        return hi >= self.low - _EPS and lo <= self.high + _EPS

    def text(self) -> str:
        if math.isinf(self.high):
            return f"above {fmt_num(self.low)}"
        if math.isinf(self.low):
            return f"below {fmt_num(self.high)}"
        return f"[{fmt_num(self.low)}, {fmt_num(self.high)}]"


def _tol(pub: float, rule: Mapping) -> float:
    if "tol_abs" in rule:
        return float(rule["tol_abs"])
    if "tol_rel" in rule:
        return abs(pub) * float(rule["tol_rel"])
    raise KeyError("tolerance rule needs tol_abs or tol_rel")


def band_of(pub, rule: Mapping) -> Band | None:
    """The band of a numeric rule (None for ``label`` and ``not_comparable``)."""
    kind = rule["kind"]
    null = rule.get("no_effect")
    null = None if null is None else float(null)
    if kind == "tolerance":
        p = float(pub)
        t = _tol(p, rule)
        return Band(p - t, p + t, null)
    if kind in ("above", "below"):
        thr = float(rule.get("threshold", pub))
        lo, hi = (thr, math.inf) if kind == "above" else (-math.inf, thr)
        return Band(lo, hi, thr, bound=True)
    if kind == "range":
        return Band(float(rule["low"]), float(rule["high"]), null)
    return None


def _side(x: float, null: float) -> int:
    return (x > null) - (x < null)


def judge(meas: Measured, pub, band: Band) -> tuple[str, str]:
    """The outcome of our estimate (and its 95% interval, if any) against a published value's band."""
    v = float(meas.value)
    lo, hi = meas.ci_low, meas.ci_high
    has_ci = lo is not None and hi is not None
    iv = meas.interval
    ours = f"{fmt_num(v)}" + (f" [{fmt_num(lo)}, {fmt_num(hi)}]" if has_ci else "")
    where = f"the published band {band.text()}"
    if band.null is not None:
        centre = (
            band.low if math.isinf(band.high) else (band.high if math.isinf(band.low) else None)
        )
        ref = float(pub) if centre is None else None
        want = _side(ref, band.null) if ref is not None else (1 if math.isinf(band.high) else -1)
        if want != 0 and _side(v, band.null) != want:
            if band.bound:
                return "not reproduced", f"{ours} is not {band.text()}"
            return (
                "not reproduced",
                f"{ours}: opposite sign to the published {fmt_num(float(pub))} "
                f"(no effect = {fmt_num(band.null)})",
            )
    if band.contains(v):
        if band.bound and has_ci and not (band.contains(lo) and band.contains(hi)):
            return (
                "partly",
                f"{ours} is {band.text()}, but its {iv} reaches {fmt_num(band.null)}",
            )
        extra = f" with its whole {iv}" if band.bound and has_ci else ""
        return "reproduced", f"{ours} inside {where}{extra}"
    if has_ci and band.overlaps(lo, hi):
        return "partly", f"{ours}: the estimate lies outside {where}, its {iv} overlaps it"
    if has_ci:
        return "not reproduced", f"{ours}: the whole {iv} lies outside {where}"
    return "not reproduced", f"{ours} outside {where} (no interval)"


def _v_numeric(meas: Measured, pub, rule):
    return judge(meas, pub, band_of(pub, rule))


def _v_label(meas: Measured, pub, rule):
    """A category (e.g. the most common trajectory, the best predictor): equal → reproduced, else not."""
    expected = str(rule.get("expected", pub))
    if str(meas.value) == expected:
        return "reproduced", f"{meas.value}, as published"
    return "not reproduced", f"{meas.value}, not {expected}"


def not_comparable(meas: Measured, pub, rule):
    """Never compared: the rule's ``reason`` says why."""
    return "not comparable", str(rule.get("reason", "no comparable data"))


VERDICT_RULES = {
    "tolerance": _v_numeric,
    "above": _v_numeric,
    "below": _v_numeric,
    "range": _v_numeric,
    "label": _v_label,
    "not_comparable": not_comparable,
}


def check_rule(rule: Mapping, where: str) -> None:
    """Raise ``ValueError`` naming ``where`` for a rule that cannot be applied (unknown kind, retired or
    missing keys)."""
    kind = rule.get("kind")
    if kind not in VERDICT_RULES:
        raise ValueError(
            f"{where}: rule kind {kind!r} unknown; expected one of {', '.join(VERDICT_RULES)}"
        )
    unknown = [str(k) for k in rule if k not in RULE_KEYS and k not in RETIRED_KEYS]
    if unknown:
        raise ValueError(
            f"{where}: unknown rule key(s) {', '.join(unknown)}; expected some of {', '.join(RULE_KEYS)}"
        )
    old = [k for k in RETIRED_KEYS if k in rule]
    if old:
        raise ValueError(
            f"{where}: rule key(s) {', '.join(old)} are retired: 'partly' now means that our 95% interval "
            "overlaps the published band (tol_abs / tol_rel, or low / high); remove them"
        )
    if kind == "tolerance" and not ({"tol_abs", "tol_rel"} & set(rule)):
        raise ValueError(f"{where}: a tolerance rule needs tol_abs or tol_rel")
    if kind == "range" and not {"low", "high"} <= set(rule):
        raise ValueError(f"{where}: a range rule needs low and high")
