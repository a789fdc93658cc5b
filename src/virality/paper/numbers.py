"""Numbers as the paper prints them: significant digits, thousands separators, true minus signs, "n/a"."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def is_missing(x) -> bool:
    """None, NaN, or a blank or "nan" string (the jinja2 test ``is missing``)."""
    if x is None:
        return True
    if isinstance(x, str):
        return x.strip() == "" or x.strip().lower() == "nan"
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _as_float(x) -> float:
    if isinstance(x, str):
        return float(x.strip())
    return float(x)


def fmt_num(x, digits: int = 3) -> str:
    """A number for the text: ``digits`` significant digits, thousands separated; "n/a" when missing.

    Integers (and floats that are whole and at least 1,000) print in full with separators: 34,000,000.
    """
    if is_missing(x):
        return "n/a"
    if isinstance(x, str):
        try:
            x = float(x)
        except ValueError:
            return x
    if isinstance(x, bool | np.bool_):
        return "yes" if x else "no"
    v = float(x)
    if not math.isfinite(v):
        return "∞" if v > 0 else ("−∞" if v < 0 else "n/a")
    if float(v).is_integer() and (isinstance(x, int | np.integer) or abs(v) >= 1000):
        return f"{int(v):,}".replace("-", "−")
    if abs(v) >= 10**digits:
        return f"{v:,.0f}".replace("-", "−")
    s = f"{v:.{digits}g}"
    if "e" in s:
        mant, exp = s.split("e")
        sup = str(int(exp)).translate(_SUPERSCRIPT)
        return f"{mant} × 10{sup}".replace("-", "−")
    return s.replace("-", "−")


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def fmt_int(x) -> str:
    """A count with thousands separators ("n/a" when missing)."""
    if is_missing(x):
        return "n/a"
    return f"{round(_as_float(x)):,}"


def fmt_pct(x, digits: int = 1) -> str:
    """A share (0–1) as a percentage with ``digits`` decimals."""
    if is_missing(x):
        return "n/a"
    return f"{_as_float(x) * 100:.{digits}f}%".replace("-", "−")


def fmt_ci(lo, hi, kind: str = "num", digits: int = 3) -> str:
    """A 95% interval "[lo, hi]" with the same formatting as its estimate."""
    f = fmt_pct if kind == "pct" else fmt_num
    if is_missing(lo) or is_missing(hi):
        return "(no interval)"
    return f"[{f(lo, digits)}, {f(hi, digits)}]" if kind != "pct" else f"[{f(lo)}, {f(hi)}]"


def fmt_p(p) -> str:
    """A p-value: "< 0.001" below a thousandth, else three decimals."""
    if is_missing(p):
        return "n/a"
    p = _as_float(p)
    return "< 0.001" if p < 0.001 else f"{p:.3f}"
