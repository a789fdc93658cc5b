"""The survey's three conclusions as one table, each with the numbers that test it (one row per number).

1. No one is influential in all circumstances: the influence multiplier inside the cascade window (Watts &
   Dodds 2007) and the consistency of creators' cascade sizes (Bakshy et al. 2011), from Study D.
2. Buzz is not easily predictable: MusicLab inequality and unpredictability (Salganik et al. 2006, Study D)
   and Study B's ex-ante against early R^2.
3. A mix of influences: Study A's word-of-mouth share (so the exogenous share ``1 - wom``) and its
   Bass and Hawkes external shares.

The studies' tables are read through :mod:`virality.contracts`; no study package is imported.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import contracts, files, plots
from .files import DataError

#: The results tables the conclusions read, by contract name.
INPUTS = (
    "influence_multiplier",
    "influence_consistency",
    "musiclab",
    "attribution",
    "prediction_limits",
)
CONCLUSIONS = {
    1: "no one is influential in all circumstances",
    2: "buzz happens on some content but is not easily predictable",
    3: "buzz always mixes several influences, the media included",
}
#: Columns of Study A's attribution table the conclusions need: the word-of-mouth share and its interval.
ATTRIBUTION_REQUIRED = ("dataset", "synthetic", "wom_share", "wom_ci_low", "wom_ci_high")
#: Further attribution columns reported, one statistic each, where filled.
ATTRIBUTION_SHARES = (
    "null_wom_share",
    "excess_wom_share",
    "bass_external_share",
    "hawkes_external_share",
)
#: Study B's columns that name a prediction_limits statistic: ``r2_<information>[_<t_i>]``.
LIMITS_KEYS = ("information", "t_i")
#: Table name → its file name, the ``source`` column of the conclusions.
SOURCES = {name: Path(contracts.table(name).path).name for name in INPUTS}


def read(paths: Mapping[str, str | os.PathLike]) -> dict[str, pd.DataFrame]:
    """Results tables (contract name → path), each checked against its contract."""
    return {
        name: contracts.check(files.read_csv_checked(path), name, path)
        for name, path in paths.items()
    }


def run(paths: Mapping[str, str | os.PathLike]) -> pd.DataFrame:
    """``survey_conclusions``: the tables named in :data:`INPUTS` (name → path) read and summarised."""
    t = read(paths)
    return survey_conclusions(
        t["influence_multiplier"],
        t["influence_consistency"],
        t["musiclab"],
        t.get("attribution"),
        t.get("prediction_limits"),
    )


def _require(df: pd.DataFrame, required: Sequence[str], name: str) -> None:
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError(
            f"{name}: missing column(s) {', '.join(missing)} (found: {', '.join(map(str, df.columns))})"
        )


def _as_bool(s: pd.Series) -> pd.Series:
    if s.dtype == bool:
        return s
    return s.astype(str).str.strip().str.lower().isin(["true", "1", "yes"])


def _label_part(v) -> str:
    return f"{v:g}" if isinstance(v, (float, np.floating)) else str(v)


def prediction_limits_long(limits: pd.DataFrame) -> pd.DataFrame:
    """Study B's ``prediction_limits`` table as long rows (dataset, statistic, value, synthetic, t_i).

    Study B's contract (``dataset, synthetic, information, t_i, r2, n``) names each statistic
    ``r2_<information>[_<t_i>]``, e.g. ``r2_ex_ante``, ``r2_early_1``. A table without an ``r2`` column is
    read as a wide one: every numeric column whose name contains ``r2``, with ``<col>_ci_low/_ci_high`` or
    ``<col>_low/_high`` as its interval."""
    _require(limits, ["dataset"], SOURCES["prediction_limits"])
    syn = (
        _as_bool(limits["synthetic"])
        if "synthetic" in limits.columns
        else pd.Series(False, index=limits.index)
    )
    if "r2" in limits.columns:
        name = pd.Series(
            [
                "_".join(_label_part(v) for v in row if pd.notna(v))
                for row in limits[list(LIMITS_KEYS)].itertuples(index=False)
            ],
            index=limits.index,
        )
        return pd.DataFrame(
            {
                "dataset": limits["dataset"].astype(str),
                "statistic": "r2_" + name,
                "value": pd.to_numeric(limits["r2"], errors="coerce"),
                "synthetic": syn,
                "t_i": pd.to_numeric(limits["t_i"], errors="coerce"),
            }
        )
    return _limits_wide(limits, syn)


def _limits_wide(limits: pd.DataFrame, syn: pd.Series) -> pd.DataFrame:
    cols = [
        c
        for c in limits.columns
        if "r2" in str(c).lower()
        and not str(c).lower().endswith(("_ci_low", "_ci_high", "_low", "_high"))
    ]
    if not cols:
        raise DataError(
            "prediction_limits.csv: no R^2 column; expected a column 'r2' (long form) or columns whose "
            f"names contain 'r2' (found: {', '.join(map(str, limits.columns))})"
        )
    frames = []
    for c in cols:
        f = pd.DataFrame(
            {
                "dataset": limits["dataset"].astype(str),
                "statistic": str(c),
                "value": pd.to_numeric(limits[c], errors="coerce"),
                "synthetic": syn,
            }
        )
        for lo, hi in ((f"{c}_ci_low", f"{c}_ci_high"), (f"{c}_low", f"{c}_high")):
            if lo in limits.columns and hi in limits.columns:
                f["ci_low"] = pd.to_numeric(limits[lo], errors="coerce")
                f["ci_high"] = pd.to_numeric(limits[hi], errors="coerce")
        frames.append(f)
    return pd.concat(frames, ignore_index=True)


def _row(k, source, dataset, statistic, value, lo=math.nan, hi=math.nan, synthetic=False) -> dict:
    return {
        "conclusion": k,
        "claim": CONCLUSIONS[k],
        "source": source,
        "dataset": dataset,
        "statistic": statistic,
        "value": float(value) if value is not None else math.nan,
        "ci_low": float(lo),
        "ci_high": float(hi),
        "synthetic": bool(synthetic),
    }


def _multiplier_rows(mt: pd.DataFrame) -> list[dict]:
    """Conclusion 1: the pooled multiplier in the cascade window and its range over the window's cells."""
    src = SOURCES["influence_multiplier"]
    rows = [
        _row(
            1,
            src,
            r["graph"],
            "multiplier_in_window",
            r["multiplier"],
            r["ci_low"],
            r["ci_high"],
            _as_bool(pd.Series([r["synthetic"]])).iloc[0],
        )
        for _, r in mt.loc[mt["scope"] == "window"].iterrows()
    ]
    cells = mt.loc[(mt["scope"] == "cell") & mt["in_window"].astype(bool)]
    for graph, d in cells.groupby("graph", sort=True):
        syn = _as_bool(d["synthetic"]).iloc[0]
        for stat, value in (("min", d["multiplier"].min()), ("max", d["multiplier"].max())):
            rows.append(_row(1, src, graph, f"multiplier_{stat}_over_window", value, synthetic=syn))
    return rows


def _consistency_rows(table: pd.DataFrame) -> list[dict]:
    """Conclusion 1: Spearman and R^2 of past against next cascade size, per data set."""
    rows = []
    for _, r in table.dropna(subset=["spearman"]).iterrows():
        syn = _as_bool(pd.Series([r["synthetic"]])).iloc[0]
        for stat, col in (("spearman_past_next", "spearman"), ("r2_past_next", "r2")):
            lo, hi = r[f"{col}_ci_low"], r[f"{col}_ci_high"]
            rows.append(
                _row(1, SOURCES["influence_consistency"], r["dataset"], stat, r[col], lo, hi, syn)
            )
    return rows


def _market_rows(table: pd.DataFrame) -> list[dict]:
    """Conclusion 2: Gini and unpredictability without and with the strongest social influence."""
    rows = []
    ml = table.sort_values("social_strength")
    for label, r in (("independent", ml.iloc[0]), ("strongest_social", ml.iloc[-1])):
        w = r["social_strength"]
        for col in ("unpredictability", "gini"):
            rows.append(
                _row(
                    2,
                    SOURCES["musiclab"],
                    "musiclab_simulation",
                    f"{col}_{label}_w{w:g}",
                    r[col],
                    r[f"{col}_low"],
                    r[f"{col}_high"],
                    True,
                )
            )
    return rows


def _limits_rows(limits: pd.DataFrame) -> list[dict]:
    """Conclusion 2: per data set, what is known ex ante against the earliest and latest indicator time."""
    lim = prediction_limits_long(limits)
    if "t_i" in lim.columns and lim["t_i"].notna().any():
        t = lim["t_i"]
        g = t.groupby(lim["dataset"])
        keep = t.isna() | (t == g.transform("min")) | (t == g.transform("max"))
        lim = lim[keep]
    return [
        _row(
            2,
            SOURCES["prediction_limits"],
            r["dataset"],
            r["statistic"],
            r["value"],
            r.get("ci_low", math.nan),
            r.get("ci_high", math.nan),
            r["synthetic"],
        )
        for _, r in lim.iterrows()
    ]


def _mix_rows(attribution: pd.DataFrame) -> list[dict]:
    """Conclusion 3: word-of-mouth and exogenous shares with intervals, and the other shares where filled."""
    src = SOURCES["attribution"]
    _require(attribution, ATTRIBUTION_REQUIRED, src)
    at = contracts.frame(attribution, "attribution")  # contract columns; absent ones empty
    at = at.assign(synthetic=_as_bool(at["synthetic"]))
    rows = []
    for _, r in at.sort_values("dataset").iterrows():
        ds, syn = str(r["dataset"]), bool(r["synthetic"])
        wom, lo, hi = (pd.to_numeric(r[c], errors="coerce") for c in ATTRIBUTION_REQUIRED[2:])
        if pd.notna(wom):  # a data set without a graph has only the Bass / Hawkes shares
            rows.append(_row(3, src, ds, "wom_share", wom, lo, hi, syn))
            rows.append(_row(3, src, ds, "exogenous_share", 1 - wom, 1 - hi, 1 - lo, syn))
        for col in ATTRIBUTION_SHARES:
            value = pd.to_numeric(r[col], errors="coerce")
            if pd.notna(value):
                rows.append(_row(3, src, ds, col, value, synthetic=syn))
    return rows


def survey_conclusions(
    multiplier: pd.DataFrame,
    consistency_table: pd.DataFrame,
    musiclab_table: pd.DataFrame,
    attribution: pd.DataFrame | None = None,
    prediction_limits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The ``survey_conclusions`` table from Study D's multiplier, consistency and MusicLab tables, Study A's
    ``attribution`` and Study B's ``prediction_limits`` (these two may be ``None``: their rows are left out)."""
    rows = [
        *_multiplier_rows(multiplier),
        *_consistency_rows(consistency_table),
        *_market_rows(musiclab_table),
        *(_limits_rows(prediction_limits) if prediction_limits is not None else []),
        *(_mix_rows(attribution) if attribution is not None else []),
    ]
    out = contracts.frame(rows, "survey_conclusions")
    return out.sort_values(
        ["conclusion", "source", "dataset", "statistic"], kind="stable"
    ).reset_index(drop=True)


def mix_figure(conclusions: pd.DataFrame) -> Figure:
    """Endogenous (word-of-mouth) against exogenous shares per data set from Study A, with intervals: the
    word-of-mouth share as a bar with the share a time shuffle leaves by chance as a tick, and the endogenous
    share implied by the Bass and Hawkes fits (``1 - external share``) as markers; a note when Study A has
    no rows. The title makes no claim: whether the shares show a mix is judged in the paper."""
    c3 = conclusions[conclusions["conclusion"] == 3]
    names = sorted(c3["dataset"].unique())
    fig, ax = plots.new_figure(6.4, 0.9 + 0.45 * max(len(names), 2))
    if not names:
        ax.text(0.5, 0.5, "Study A's attribution.csv has no rows", ha="center", va="center")
    else:
        y = {n: k for k, n in enumerate(names)}
        syn = c3.groupby("dataset")["synthetic"].first().astype(bool)
        d = c3[c3["statistic"] == "wom_share"]
        if len(d):
            yy = d["dataset"].map(y).to_numpy()
            ax.barh(yy, d["value"], color="tab:red", label="word of mouth (endogenous)")
            ax.barh(
                yy,
                1 - d["value"],
                left=d["value"],
                color="tab:blue",
                alpha=0.5,
                label="other channels (editorial, media, exogenous)",
            )
            ax.errorbar(
                d["value"],
                yy,
                xerr=[d["value"] - d["ci_low"], d["ci_high"] - d["value"]],
                fmt="none",
                color="k",
                capsize=3,
                label="95% interval",
            )
        chance = c3[c3["statistic"] == "null_wom_share"]
        if len(chance):
            ax.scatter(
                chance["value"],
                chance["dataset"].map(y),
                marker="|",
                color="k",
                s=400,
                zorder=4,
                label="chance level (time shuffle)",
            )
        for stat, marker, name in (
            ("bass_external_share", "^", "Bass"),
            ("hawkes_external_share", "D", "Hawkes"),
        ):
            m = c3[c3["statistic"] == stat]
            if len(m):
                ax.scatter(
                    1 - m["value"],
                    m["dataset"].map(y),
                    marker=marker,
                    color="k",
                    zorder=3,
                    s=22,
                    label=f"1 - {name} external share",
                )
        ax.set_yticks(range(len(names)), [plots.label(n, bool(syn[n])) for n in names])
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3)
    marked = (
        " (synthetic data sets marked)" if len(c3) and c3["synthetic"].astype(bool).any() else ""
    )
    ax.set_xlim(0, 1)
    ax.set_xlabel("endogenous share of adoptions (fraction)")
    ax.set_title(f"Endogenous and exogenous shares per data set (Study A){marked}")
    return fig
