"""The generated paper: results tables → numbers in the text, published values beside reproduced ones.

Three jobs, all pure (files and tables in, text and tables out; no snakemake):

1. :func:`published_vs_reproduced` reads the reviewed list of published values (``paper/published.yaml``)
   and the studies' results tables and returns one row per headline number and data set, with a verdict
   from a documented rule (:data:`VERDICT_RULES`).
2. :func:`render_markdown` renders the jinja2 template of the paper with ``StrictUndefined``. The template
   reaches numbers only through :class:`ResultTable` / :class:`Row` objects, which fail with an error naming
   the results file and the missing column or row, so a typo or a renamed column never renders silently.
3. :func:`markdown_to_html` turns the markdown into one self-contained HTML page (python-markdown with the
   ``toc`` and ``tables`` extensions; figures embedded as ``data:`` URIs, so the page reads offline).

Status of a published value (``status`` in published.yaml), after the tags of the research notes:
``confirmed`` (read in the original paper: the only status the paper calls "published"), ``secondary``
(read in a secondary source: "as reported in secondary sources"), ``unconfirmed`` (not found in any source
read: "unconfirmed").
"""

from __future__ import annotations

import base64
import html
import json
import math
import mimetypes
import re
import sys
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import markdown
import numpy as np
import pandas as pd
import yaml
from scipy import stats

from virality.files import DataError

STATUSES = ("confirmed", "secondary", "unconfirmed")
VERDICTS = ("reproduced", "partly", "not reproduced", "not comparable")

#: How the paper names a value of each status (a value not read in the original is never "published").
STATUS_LABEL = {
    "confirmed": "published",
    "secondary": "as reported in secondary sources",
    "unconfirmed": "unconfirmed",
}

#: Columns of published_vs_reproduced.csv, in order.
PVR_COLUMNS = [
    "id",
    "study",
    "quantity",
    "published_value",
    "published_source",
    "status",
    "reproduced_value",
    "dataset",
    "synthetic",
    "verdict",
    "reason",
]

#: The studies, their issue, section title and the results tables the paper reads (a contract with the
#: study issues; required columns in :data:`TABLE_COLUMNS`).
STUDIES: dict[str, dict] = {
    "A": {
        "issue": 3,
        "title": "Word of mouth versus editorial exposure",
        "figure_prefix": "attribution",
        "tables": ["attribution", "trajectories", "broadcast_vs_viral"],
    },
    "B": {
        "issue": 4,
        "title": "Predicting success from the early audience",
        "figure_prefix": "prediction",
        "tables": [
            "novelty_decay",
            "prediction_correlation",
            "prediction_error",
            "prediction_limits",
        ],
    },
    "C": {
        "issue": 5,
        "title": "The emotional content of viral articles",
        "figure_prefix": "content",
        "tables": ["content_emotion_odds", "content_prediction"],
    },
    "D": {
        "issue": 7,
        "title": "Influentials, the forest fire and unpredictability",
        "figure_prefix": "influence",
        "tables": [
            "influentials",
            "influence_multiplier",
            "influence_window",
            "influence_consistency",
            "musiclab",
        ],
        "optional_tables": ["survey_conclusions"],
    },
}

#: Columns each results table must have (from the output contracts of issues 3, 4, 5 and 7).
TABLE_COLUMNS: dict[str, list[str]] = {
    "attribution": [
        "dataset",
        "synthetic",
        "n_items",
        "n_adoptions",
        "wom_share",
        "wom_ci_low",
        "wom_ci_high",
        "null_wom_share",
        "excess_wom_share",
        "bass_external_share",
        "hawkes_external_share",
        "true_wom_share",
        "chance_exposure_share",
        "wom_share_corrected",
    ],
    "trajectories": ["dataset", "trajectory", "n_items", "share_items", "share_adoptions"],
    "broadcast_vs_viral": ["dataset", "size_bin", "mean_structural_virality"],
    "novelty_decay": [
        "dataset",
        "synthetic",
        "n_items",
        "lognormal_mu",
        "lognormal_sigma",
        "normality_p",
        "decay_a",
        "decay_b",
        "half_life",
        "half_life_unit",
        "decay_b_at_bound",
    ],
    "prediction_correlation": ["dataset", "t_i", "t_r", "pearson_r_log", "n_items"],
    "prediction_error": ["dataset", "predictor", "t_i", "rse_mean", "rse_median", "n_test"],
    "content_emotion_odds": [
        "dataset",
        "synthetic",
        "model",
        "feature",
        "odds_ratio_per_sd",
        "ci_low",
        "ci_high",
        "p_value",
        "n",
    ],
    "content_prediction": ["dataset", "features", "auc_mean", "auc_sd"],
    "influentials": [
        "graph",
        "mean_degree",
        "threshold",
        "seed_group",
        "mean_cascade_size",
        "p_global_cascade",
        "n_runs",
    ],
    "prediction_limits": ["dataset", "synthetic", "information", "t_i", "r2", "n"],
    "influence_multiplier": [
        "graph",
        "scope",
        "mean_degree",
        "threshold",
        "multiplier",
        "ci_low",
        "ci_high",
        "in_window",
    ],
    "influence_window": ["graph", "threshold", "seed_group", "window_low", "window_high"],
    "influence_consistency": ["dataset", "synthetic", "n_creators", "n_pairs", "spearman", "r2"],
    "musiclab": ["condition", "social_strength", "gini", "unpredictability"],
    "survey_conclusions": [
        "conclusion",
        "claim",
        "source",
        "dataset",
        "statistic",
        "value",
        "ci_low",
        "ci_high",
        "synthetic",
    ],
    "published_vs_reproduced": PVR_COLUMNS,
}


class PaperError(DataError):
    """The paper cannot be built: the message names the file, the entry or column, and what was expected."""


# ==================================================================================================
# numbers → text


def _missing(x) -> bool:
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
    if _missing(x):
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
    if _missing(x):
        return "n/a"
    return f"{round(_as_float(x)):,}"


def fmt_pct(x, digits: int = 1) -> str:
    """A share (0–1) as a percentage with ``digits`` decimals."""
    if _missing(x):
        return "n/a"
    return f"{_as_float(x) * 100:.{digits}f}%".replace("-", "−")


def fmt_ci(lo, hi, kind: str = "num", digits: int = 3) -> str:
    """A 95% interval "[lo, hi]" with the same formatting as its estimate."""
    f = fmt_pct if kind == "pct" else fmt_num
    if _missing(lo) or _missing(hi):
        return "(no interval)"
    return f"[{f(lo, digits)}, {f(hi, digits)}]" if kind != "pct" else f"[{f(lo)}, {f(hi)}]"


def fmt_p(p) -> str:
    """A p-value: "< 0.001" below a thousandth, else three decimals."""
    if _missing(p):
        return "n/a"
    p = _as_float(p)
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


# ==================================================================================================
# results tables as the template sees them


def _to_bool(s: pd.Series) -> pd.Series:
    txt = s.astype("string").str.strip().str.lower()
    return txt.isin(["true", "1", "yes"]).astype(bool)


def read_result_table(path: str | Path, name: str | None = None) -> pd.DataFrame:
    """Read a results CSV and check the columns its contract requires (:data:`TABLE_COLUMNS`).

    The ``synthetic`` column, when present, becomes a boolean (written as True/False by pandas).
    """
    path = Path(path)
    name = name or path.stem
    if not path.exists():
        raise PaperError(f"{path}: results file not found (the {name} table has not been built)")
    try:
        df = pd.read_csv(path, keep_default_na=True)
    except pd.errors.EmptyDataError as exc:
        raise PaperError(f"{path}: the file is empty; expected a header and rows") from exc
    need = TABLE_COLUMNS.get(name, [])
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise PaperError(
            f"{path}: missing column(s) {', '.join(missing)} required by the paper "
            f"(found: {', '.join(map(str, df.columns))})"
        )
    if "synthetic" in df.columns:
        df["synthetic"] = _to_bool(df["synthetic"])
    return df


class Row:
    """One row of a results table; columns are attributes. A missing column raises :class:`PaperError`."""

    __slots__ = ("_table", "_data")

    def __init__(self, table: ResultTable, data: Mapping):
        object.__setattr__(self, "_table", table)
        object.__setattr__(self, "_data", dict(data))

    def __getattr__(self, name):
        if name.startswith("_") or name.startswith("jinja_"):
            raise AttributeError(name)
        data = object.__getattribute__(self, "_data")
        if name not in data:
            table = object.__getattribute__(self, "_table")
            raise PaperError(
                f"{table.path}: no column {name!r} (the template asks for it; columns: "
                f"{', '.join(table.columns)})"
            )
        v = data[name]
        if isinstance(v, np.generic):
            v = v.item()
        return v

    __getitem__ = __getattr__

    def __repr__(self):
        return f"Row({object.__getattribute__(self, '_data')!r})"


class ResultTable:
    """A results table for the template: rows, filters and lookups that fail loudly, naming the file.

    In the template: ``T.attribution.row(dataset="flickr_synth").wom_share``,
    ``T.prediction_error.rows(predictor="LN")``, ``T.attribution.real()``, ``T.trajectories.datasets()``.
    """

    def __init__(self, df: pd.DataFrame, path: str | Path, name: str | None = None):
        self.df = df
        self.path = str(path)
        self.name = name or Path(path).stem
        self.columns = [str(c) for c in df.columns]

    # lookups -------------------------------------------------------------------------------------
    def _check_cols(self, cols: Iterable[str]):
        for c in cols:
            if c not in self.columns:
                raise PaperError(
                    f"{self.path}: no column {c!r} (the template asks for it; columns: "
                    f"{', '.join(self.columns)})"
                )

    def _filter(self, where: Mapping) -> pd.DataFrame:
        self._check_cols(where)
        df = self.df
        for c, v in where.items():
            if isinstance(v, list | tuple):
                mask = df[c].astype("string").isin([str(x) for x in v])
            elif isinstance(v, bool):
                mask = df[c].astype("string").str.lower() == str(v).lower()
            elif isinstance(v, int | float) and not isinstance(v, bool):
                mask = pd.to_numeric(df[c], errors="coerce") == v
            else:
                mask = df[c].astype("string") == str(v)
            df = df[mask.fillna(False).astype(bool)]
        return df

    def where(self, **where) -> ResultTable:
        """The rows matching every ``column=value``, as a table."""
        return ResultTable(self._filter(where), self.path, self.name)

    def rows(self, **where) -> list[Row]:
        return [Row(self, r) for r in self._filter(where).to_dict("records")]

    def row(self, **where) -> Row:
        """Exactly one row matching ``column=value`` filters, else an error naming the file and filter."""
        df = self._filter(where)
        if len(df) != 1:
            desc = ", ".join(f"{k}={v!r}" for k, v in where.items()) or "no filter"
            raise PaperError(f"{self.path}: expected exactly one row with {desc}, found {len(df)}")
        return Row(self, df.iloc[0].to_dict())

    def has(self, **where) -> bool:
        return len(self._filter(where)) > 0

    def real(self) -> ResultTable:
        """Rows from real data (``synthetic`` False); all rows if the table has no synthetic column."""
        if "synthetic" not in self.columns:
            return self
        return ResultTable(self.df[~self.df["synthetic"]], self.path, self.name)

    def synth(self) -> ResultTable:
        if "synthetic" not in self.columns:
            return ResultTable(self.df.iloc[0:0], self.path, self.name)
        return ResultTable(self.df[self.df["synthetic"]], self.path, self.name)

    def values(self, column: str) -> list:
        self._check_cols([column])
        return [v.item() if isinstance(v, np.generic) else v for v in self.df[column].tolist()]

    def unique(self, column: str) -> list:
        seen = []
        for v in self.values(column):
            if v not in seen:
                seen.append(v)
        return seen

    def datasets(self) -> list[str]:
        return [str(v) for v in self.unique("dataset")]

    def min(self, column: str):
        self._check_cols([column])
        return pd.to_numeric(self.df[column], errors="coerce").min()

    def max(self, column: str):
        self._check_cols([column])
        return pd.to_numeric(self.df[column], errors="coerce").max()

    def distinct(self, *columns: str) -> ResultTable:
        """The first row of each distinct value of ``columns`` (table order kept)."""
        self._check_cols(columns)
        return ResultTable(self.df.drop_duplicates(list(columns)), self.path, self.name)

    def sort(self, *columns: str, descending: bool = False) -> ResultTable:
        """The rows sorted by ``columns``."""
        self._check_cols(columns)
        df = self.df.sort_values(list(columns), ascending=not descending, kind="stable")
        return ResultTable(df, self.path, self.name)

    def agg(self, by: Sequence[str], column: str, how: str = "mean") -> ResultTable:
        """``column`` aggregated (mean, median, min, max, count) per group of ``by`` columns."""
        by = [by] if isinstance(by, str) else list(by)
        self._check_cols([*by, column])
        vals = pd.to_numeric(self.df[column], errors="coerce")
        df = vals.groupby([self.df[b] for b in by], sort=True).agg(how).reset_index()
        if "synthetic" in self.columns and "synthetic" not in by:
            syn = self.df.groupby(by, sort=True)["synthetic"].any().reset_index(drop=True)
            df["synthetic"] = syn.to_numpy()
        return ResultTable(df, self.path, self.name)

    def pivot(self, index: Sequence[str], columns: str, values: str) -> ResultTable:
        """A wide table: one row per ``index`` value(s), one column per value of ``columns``."""
        index = [index] if isinstance(index, str) else list(index)
        self._check_cols([*index, columns, values])
        wide = self.df.pivot_table(
            index=index, columns=columns, values=values, aggfunc="first", sort=True
        ).reset_index()
        wide.columns = [str(c) for c in wide.columns]
        if "synthetic" in self.columns and "synthetic" not in index:
            syn = self.df.groupby(index, sort=True)["synthetic"].any().reset_index(drop=True)
            wide["synthetic"] = syn.to_numpy()
        return ResultTable(wide, self.path, self.name)

    def __iter__(self):
        return iter(self.rows())

    def __len__(self):
        return len(self.df)

    def __bool__(self):
        return len(self.df) > 0

    def __getattr__(self, name):
        if name.startswith("_") or name.startswith("jinja_"):
            raise AttributeError(name)
        raise PaperError(
            f"{self.__dict__.get('path', '?')}: the template asks for {name!r}, which is neither a method of "
            "a results table (row, rows, where, real, synth, values, unique, datasets, min, max, has) "
            "nor usable as a column here; use .row(...).<column> or .values('<column>')"
        )


class Tables:
    """The results tables given to the paper, by name; an unknown name names the file it would be."""

    def __init__(self, tables: Mapping[str, ResultTable]):
        self._tables = dict(tables)

    def __getattr__(self, name):
        if name.startswith("_") or name.startswith("jinja_"):
            raise AttributeError(name)
        if name not in self._tables:
            raise PaperError(
                f"results/tables/{name}.csv: the template refers to this results file, but it is not an "
                f"input of the paper (inputs: {', '.join(sorted(self._tables)) or 'none'})"
            )
        return self._tables[name]

    __getitem__ = __getattr__

    def __contains__(self, name):
        return name in self._tables


# ==================================================================================================
# published against reproduced


def load_published(path: str | Path) -> list[dict]:
    """Read and check the reviewed list of published values.

    Each entry needs ``id``, ``study`` (A–D), ``quantity``, ``value``, ``source`` (non-empty), ``status``
    (confirmed / secondary / unconfirmed) and ``measure`` (how the reproduced value is read, see
    :func:`measure_value`) and ``rule`` (how the verdict is given, see :data:`VERDICT_RULES`).
    """
    path = Path(path)
    if not path.exists():
        raise PaperError(f"{path}: file not found")
    doc = yaml.safe_load(path.read_text())
    entries = doc.get("values") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise PaperError(f"{path}: expected a top-level 'values' list of published values")
    seen = set()
    for i, e in enumerate(entries, 1):
        ident = e.get("id", "no id") if isinstance(e, dict) else repr(e)
        where = f"{path}: entry {i} ({ident})"
        if not isinstance(e, dict):
            raise PaperError(f"{where}: expected a mapping")
        for key in ("id", "study", "quantity", "value", "source", "status", "measure", "rule"):
            if key not in e or (key != "value" and _missing(e[key])):
                raise PaperError(f"{where}: missing field {key!r}")
        if str(e["source"]).strip() == "":
            raise PaperError(
                f"{where}: field 'source' is empty; every published value needs a source"
            )
        if e["status"] not in STATUSES:
            raise PaperError(
                f"{where}: field 'status' is {e['status']!r}; expected one of {', '.join(STATUSES)}"
            )
        if e["study"] not in STUDIES:
            raise PaperError(
                f"{where}: field 'study' is {e['study']!r}; expected one of A, B, C, D"
            )
        if e["id"] in seen:
            raise PaperError(f"{where}: duplicate id {e['id']!r}")
        seen.add(e["id"])
        kind = (e["rule"] or {}).get("kind")
        if kind not in VERDICT_RULES:
            raise PaperError(
                f"{where}: rule kind {kind!r} unknown; expected one of {', '.join(VERDICT_RULES)}"
            )
        mkind = (e["measure"] or {}).get("kind")
        if mkind not in MEASURES:
            raise PaperError(
                f"{where}: measure kind {mkind!r} unknown; expected one of {', '.join(MEASURES)}"
            )
        if mkind != "none" and not e["measure"].get("table"):
            raise PaperError(f"{where}: measure needs a 'table'")
    return entries


@dataclass
class Measured:
    """A reproduced value: a number (with an optional 95% interval) or a label, and what it is."""

    value: float | str | None
    ci_low: float | None = None
    ci_high: float | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)


def _filter_df(df: pd.DataFrame, where: Mapping | None, src: str) -> pd.DataFrame:
    for c, v in (where or {}).items():
        if c not in df.columns:
            raise PaperError(f"{src}: no column {c!r} (published.yaml filters on it)")
        if isinstance(v, list):
            mask = df[c].astype("string").isin([str(x) for x in v])
        elif isinstance(v, int | float) and not isinstance(v, bool):
            mask = pd.to_numeric(df[c], errors="coerce") == v
        else:
            mask = df[c].astype("string") == str(v)
        df = df[mask.fillna(False).astype(bool)]
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
    vals = [float(v), None if _missing(lo) else float(lo), None if _missing(hi) else float(hi)]
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
        return Measured(None, note=f"no rows in {src} match {dict(m.get('where') or {})}")
    return MEASURES[m["kind"]](d, m, src)


# verdict rules ------------------------------------------------------------------------------------
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


def _v_not_comparable(meas: Measured, pub, rule):
    return "not comparable", str(rule.get("reason", "no comparable data"))


VERDICT_RULES = {
    "tolerance": _v_tolerance,
    "above": lambda m, p, r: _v_above(m, p, r, 1),
    "below": lambda m, p, r: _v_above(m, p, r, -1),
    "label": _v_label,
    "range": _v_range,
    "not_comparable": _v_not_comparable,
}


def _fmt_reproduced(meas: Measured, kind: str = "num") -> str:
    if meas.value is None:
        return ""
    if isinstance(meas.value, str):
        return meas.value
    s = fmt_pct(meas.value) if kind == "pct" else fmt_num(meas.value)
    if meas.ci_low is not None and meas.ci_high is not None:
        s += f" {fmt_ci(meas.ci_low, meas.ci_high, kind)}"
    return s


def published_display(e: Mapping) -> str:
    """The published value as the table shows it (``display`` if given, else the value)."""
    if e.get("display"):
        return str(e["display"])
    v = e["value"]
    return format(v, "g") if isinstance(v, int | float) else str(v)


def published_vs_reproduced(
    published: Sequence[Mapping],
    tables: Mapping[str, pd.DataFrame],
    studies: Iterable[str] = tuple(STUDIES),
) -> pd.DataFrame:
    """One row per published value and data set: the reproduced value and a verdict.

    ``tables`` maps table names to results tables (with a ``synthetic`` column where rows can come from
    synthetic data). Rules, in order:

    * a study left out of the build (not in ``studies``): one row, verdict "not comparable";
    * the measure is ``none`` or the rule ``not_comparable``: "not comparable" with the rule's reason;
    * a table without real rows gets one row saying so ("not comparable");
    * synthetic rows (generated with the published value as their truth): "not comparable", with the rule's
      outcome in the reason as a recovery check, since agreement there says nothing about the original;
    * otherwise the verdict of the entry's rule (:data:`VERDICT_RULES`); a value that cannot be read
      (no matching row, empty cell) is "not comparable" with the reason.
    """
    studies = set(studies)
    out = []
    for e in published:
        base = {
            "id": e["id"],
            "study": e["study"],
            "quantity": e["quantity"],
            "published_value": published_display(e),
            "published_source": e["source"],
            "status": e["status"],
        }
        m, rule = e["measure"], e["rule"]
        if e["study"] not in studies:
            out.append(
                {
                    **base,
                    "reproduced_value": "",
                    "dataset": "",
                    "synthetic": False,
                    "verdict": "not comparable",
                    "reason": f"Study {e['study']} is not built in this run (config paper.studies)",
                }
            )
            continue
        if m["kind"] == "none":
            meas = Measured(None)
            verdict, why = _v_not_comparable(meas, e["value"], rule)
            out.append(
                {
                    **base,
                    "reproduced_value": "",
                    "dataset": "",
                    "synthetic": False,
                    "verdict": "not comparable",
                    "reason": why if rule["kind"] == "not_comparable" else m.get("note", why),
                }
            )
            continue
        tname = m["table"]
        if tname not in tables:
            raise PaperError(
                f"published.yaml entry {e['id']}: table {tname!r} is not among the inputs "
                f"({', '.join(sorted(tables))})"
            )
        df = tables[tname]
        src = f"results/tables/{tname}.csv"
        group = m.get("group", "dataset")
        if group and group not in df.columns:
            raise PaperError(
                f"{src}: no column {group!r} (published.yaml entry {e['id']} groups by it)"
            )
        groups = (
            [(str(k), g) for k, g in df.groupby(df[group].astype("string"), sort=True)]
            if group
            else [(str(m.get("dataset_label", "")), df)]
        )
        if m.get("datasets"):
            groups = [(k, g) for k, g in groups if k in set(map(str, m["datasets"]))]
        synth_comparable = bool(m.get("synthetic_comparable", False))
        n_real = 0
        for key, g in groups:
            is_syn = (
                bool(g["synthetic"].any())
                if "synthetic" in g.columns
                else bool(m.get("synthetic", False))
            )
            meas = measure_value(g, m, src)
            rep = _fmt_reproduced(meas, m.get("display", "num"))
            if meas.value is None:
                verdict, why = "not comparable", meas.note or "no value"
            elif rule["kind"] == "not_comparable":
                verdict, why = _v_not_comparable(meas, e["value"], rule)
            else:
                verdict, why = VERDICT_RULES[rule["kind"]](meas, e["value"], rule)
                if is_syn and not synth_comparable:
                    why = (
                        f"synthetic stand-in, a recovery check, not a test of the original "
                        f"(rule outcome: {verdict}; {why})"
                    )
                    verdict = "not comparable"
            if meas.note and meas.value is not None:
                why = f"{why} ({meas.note})"
            n_real += not is_syn
            out.append(
                {
                    **base,
                    "reproduced_value": rep,
                    "dataset": key,
                    "synthetic": is_syn,
                    "verdict": verdict,
                    "reason": why,
                }
            )
        if n_real == 0 and not synth_comparable:
            out.append(
                {
                    **base,
                    "reproduced_value": "",
                    "dataset": "",
                    "synthetic": False,
                    "verdict": "not comparable",
                    "reason": m.get("no_real_reason")
                    or f"no real data set in {src} for this quantity",
                }
            )
    res = pd.DataFrame(out, columns=PVR_COLUMNS)
    order = {k: i for i, k in enumerate(e["id"] for e in published)}
    res["_o"] = res["id"].map(order)
    res = res.sort_values(["_o", "synthetic", "dataset"], kind="stable").drop(columns="_o")
    return res.reset_index(drop=True)


# ==================================================================================================
# provenance


def provenance_table(manifests: Iterable[str | Path]) -> pd.DataFrame:
    """One row per data set from its ``manifest.json``: source, licence, size (rows), sha256, real/synthetic."""
    rows = []
    for p in manifests:
        p = Path(p)
        if not p.exists():
            raise PaperError(f"{p}: manifest not found")
        man = json.loads(p.read_text())
        for key in ("dataset", "synthetic", "rows"):
            if key not in man:
                raise PaperError(f"{p}: no field {key!r} in the manifest")
        src = man.get("source") or {}
        files = man.get("files") or {}
        rows.append(
            {
                "dataset": man["dataset"],
                "title": man.get("title", man["dataset"]),
                "format": man.get("format", ""),
                "synthetic": bool(man["synthetic"]),
                "source": src.get("citation")
                or src.get("url")
                or ("generated by virality.synth" if man["synthetic"] else "not recorded"),
                "licence": src.get("licence")
                or (
                    "not applicable (generated)"
                    if man["synthetic"]
                    else "not recorded in the config"
                ),
                "rows": "; ".join(
                    f"{t} {fmt_int(n)}" for t, n in (man.get("rows") or {}).items() if n
                ),
                "time_unit": man.get("time_unit", ""),
                "files": "; ".join(
                    f"{f.get('path', role)} sha256 {f.get('sha256', '')}"
                    + ("" if f.get("verified", True) else " (not checked: no expected value)")
                    for role, f in sorted(files.items())
                ),
                "notes": "; ".join(man.get("notes") or []),
                "truth": "; ".join(
                    f"{k} = {fmt_num(v) if isinstance(v, int | float) else v}"
                    for k, v in sorted((man.get("truth") or {}).items())
                    if k != "seed"
                ),
            }
        )
    cols = [
        "dataset",
        "title",
        "format",
        "synthetic",
        "source",
        "licence",
        "rows",
        "time_unit",
        "files",
        "notes",
        "truth",
    ]
    return (
        pd.DataFrame(rows, columns=cols)
        .sort_values(["synthetic", "dataset"])
        .reset_index(drop=True)
    )


# ==================================================================================================
# rendering


def _md_cell(v) -> str:
    s = str(v)
    return s.replace("|", "\\|").replace("\n", " ")


class Renderer:
    """State of one rendering: figure and table numbers, citations used, figures available."""

    def __init__(
        self,
        figures: Mapping[str, str | Path],
        references: Mapping[str, Mapping],
        md_dir: Path,
        synthetic_names: Iterable[str] = (),
        captions: Mapping[str, str] | None = None,
    ):
        self.figures = {k: Path(v) for k, v in figures.items()}
        self.captions = dict(captions or {})
        self.references = dict(references)
        self.md_dir = md_dir
        self.synthetic_names = sorted(set(synthetic_names), key=len, reverse=True)
        self.n_fig = 0
        self.n_tab = 0
        self.cited: list[str] = []
        self.shown: list[str] = []

    def figures_for(self, *prefixes: str) -> list[str]:
        """Figures not yet shown whose names start with one of ``prefixes`` (sorted)."""
        return [
            n
            for n in sorted(self.figures)
            if n not in self.shown and any(n.startswith(p) for p in prefixes)
        ]

    def figures_left(self) -> list[str]:
        """Figures not yet shown (so that every input figure appears in the paper)."""
        return [n for n in sorted(self.figures) if n not in self.shown]

    def figure_is_synthetic(self, name: str) -> bool:
        """Whether a figure's name carries the name of a synthetic data set or says "synth"."""
        return "synth" in name or any(s in name for s in self.synthetic_names)

    def figure(self, name: str, caption: str | None = None, synthetic: bool | str = False) -> str:
        """A numbered figure from ``results/figures/<name>.png``; an unknown name is an error.

        Without ``caption``, the figure's report caption (``workflow/report/<name>.rst``) is used."""
        if name not in self.figures:
            raise PaperError(
                f"results/figures/{name}.png: the template refers to this figure, but it is not an input "
                f"of the paper (figures: {', '.join(sorted(self.figures)) or 'none'})"
            )
        if caption is None:
            caption = self.captions.get(name) or f"Figure `{name}`."
        self.n_fig += 1
        if name not in self.shown:
            self.shown.append(name)
        rel = _relpath(self.figures[name], self.md_dir)
        if synthetic == "mixed":
            mark = " Data sets labelled *synthetic* in the figure are **synthetic** stand-ins."
        elif synthetic:
            mark = " **Synthetic data.**"
        else:
            mark = ""
        return (
            f'<figure id="fig-{name}">\n<img src="{html.escape(rel)}" alt="Figure {self.n_fig}: '
            f'{html.escape(caption)}">\n<figcaption><strong>Figure {self.n_fig}.</strong> '
            f"{_inline_md(caption)}{_inline_md(mark)} <em>(results/figures/{name}.png)</em>"
            f"</figcaption>\n</figure>\n"
        )

    def has_figure(self, name: str) -> bool:
        return name in self.figures

    def table(self, rows, columns: Sequence, caption: str) -> str:
        """A numbered markdown table. ``columns`` are ``(column, header[, format])`` with format one of
        num, int, pct, p, ds (data set name marked "(synthetic)"), text; an unknown column is an error."""
        if isinstance(rows, ResultTable):
            table, rows = rows, rows.rows()
        else:
            table = None
        specs = []
        for c in columns:
            c = list(c)
            col, head, kind = c[0], c[1], (c[2] if len(c) > 2 else "text")
            if table is not None:
                table._check_cols([col])
            specs.append((col, head, kind))
        self.n_tab += 1
        lines = [
            f"**Table {self.n_tab}.** {caption}",
            "",
            "| " + " | ".join(_md_cell(h) for _, h, _ in specs) + " |",
            "|"
            + "|".join("---:" if k in ("num", "int", "pct", "p") else "---" for _, _, k in specs)
            + "|",
        ]
        for r in rows:
            cells = []
            for col, _, kind in specs:
                v = getattr(r, col)
                cells.append(_md_cell(self._fmt(v, kind, r)))
            lines.append("| " + " | ".join(cells) + " |")
        if not rows:
            lines.append(
                "| " + " | ".join("(no rows)" if i == 0 else "" for i in range(len(specs))) + " |"
            )
        return "\n".join(lines) + "\n"

    def table_all(self, rows: ResultTable, caption: str, exclude: Sequence[str] = ()) -> str:
        """A numbered table of every column (numbers formatted, data set names marked synthetic)."""
        cols = []
        for c in rows.columns:
            if c in exclude or c == "synthetic":
                continue
            numeric = pd.api.types.is_numeric_dtype(rows.df[c]) and not pd.api.types.is_bool_dtype(
                rows.df[c]
            )
            kind = "ds" if c in ("dataset", "graph") else ("num" if numeric else "text")
            cols.append((c, c.replace("_", " "), kind))
        return self.table(rows, cols, caption)

    @staticmethod
    def _fmt(v, kind, row):
        if kind == "num":
            return fmt_num(v)
        if kind == "int":
            return fmt_int(v)
        if kind == "pct":
            return fmt_pct(v)
        if kind == "p":
            return fmt_p(v)
        if kind == "status":
            return STATUS_LABEL.get(str(v), str(v))
        if kind == "ds":
            if _missing(v):
                return "—"
            syn = False
            try:
                syn = bool(row.synthetic)
            except PaperError:
                syn = False
            return f"{v} *(synthetic)*" if syn else str(v)
        return "" if _missing(v) else str(v)

    def cite(self, *keys: str) -> str:
        """ "(Author Year; …)" for reference keys of references.yaml; an unknown key is an error."""
        shorts = []
        for k in keys:
            if k not in self.references:
                raise PaperError(f"references: no entry {k!r} (the template cites it)")
            if k not in self.cited:
                self.cited.append(k)
            shorts.append(self.references[k]["short"])
        return "(" + "; ".join(shorts) + ")"

    def citet(self, key: str) -> str:
        """ "Author (Year)" for one reference key."""
        s = self.cite(key)[1:-1]
        m = re.match(r"^(.*)\s(\d{4}[a-z]?)$", s)
        return f"{m.group(1)} ({m.group(2)})" if m else s

    def bibliography(self) -> str:
        """The references cited so far, sorted by their short form."""
        items = sorted(self.cited, key=lambda k: self.references[k]["short"])
        out = []
        for k in items:
            ref = self.references[k]
            link = f" <{ref['url']}>" if ref.get("url") else ""
            doi = f" doi:{ref['doi']}" if ref.get("doi") else ""
            out.append(f"- {ref['text']}{doi}{link}")
        return "\n".join(out) + "\n"


def rst_caption(text: str) -> str:
    """A report caption (reStructuredText) as one line of the paper's inline markup."""
    t = re.sub(r"``(.+?)``", r"`\1`", text)
    t = re.sub(r"`([^`<]+?)\s*<([^>]+)>`_+", r"\1", t)
    t = re.sub(r":[a-z]+:`(.+?)`", r"`\1`", t)
    return " ".join(t.split())


def _inline_md(text: str) -> str:
    t = html.escape(text)
    t = re.sub(r"`(.+?)`", r"<code>\1</code>", t)
    # emphasis only where the markers sit at word boundaries (as in reStructuredText): "n* >= 1" stays
    t = re.sub(r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])", r"<strong>\1</strong>", t)
    t = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"<em>\1</em>", t)
    return t


def _relpath(p: Path, base: Path) -> str:
    import os

    return Path(os.path.relpath(Path(p).resolve(), Path(base).resolve())).as_posix()


def load_references(path: str | Path) -> dict[str, dict]:
    """Reference list: key → {short, text[, doi, url]}."""
    path = Path(path)
    if not path.exists():
        raise PaperError(f"{path}: file not found")
    doc = yaml.safe_load(path.read_text()) or {}
    for k, ref in doc.items():
        for f in ("short", "text"):
            if not isinstance(ref, dict) or not ref.get(f):
                raise PaperError(f"{path}: reference {k!r} needs a {f!r}")
    return doc


def _template_line(exc: BaseException, template: Path) -> int | None:
    line = None
    for fr in traceback.extract_tb(exc.__traceback__):
        if Path(fr.filename).name == template.name:
            line = fr.lineno
    return line


def render_markdown(
    template: str | Path,
    tables: Mapping[str, str | Path],
    figures: Mapping[str, str | Path] = None,
    manifests: Sequence[str | Path] = (),
    references: str | Path | Mapping | None = None,
    md_dir: str | Path = ".",
    context: Mapping | None = None,
    captions: Iterable[str | Path] = (),
) -> str:
    """Render the paper template to markdown with ``StrictUndefined``.

    The template sees ``T`` (the results tables, :class:`Tables`), ``pvr`` (published_vs_reproduced),
    ``provenance`` (a :class:`ResultTable` built from the manifests), ``figure()``, ``table()``, ``cite()``,
    ``citet()``, ``bibliography()``, the filters ``num``, ``int``, ``pct``, ``ci``, ``p`` and anything in
    ``context`` (e.g. the paper's config). Any error names the file and field, and the template line.
    """
    template = Path(template)
    if not template.exists():
        raise PaperError(f"{template}: template not found")
    loaded = {
        name: ResultTable(read_result_table(p, name), p, name) for name, p in sorted(tables.items())
    }
    refs = (
        references
        if isinstance(references, Mapping)
        else (load_references(references) if references else {})
    )
    prov = provenance_table(manifests)
    caps = {Path(c).stem: rst_caption(Path(c).read_text()) for c in captions}
    r = Renderer(
        figures or {}, refs, Path(md_dir), prov.loc[prov["synthetic"], "dataset"], captions=caps
    )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template.parent)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=fmt_num, int=fmt_int, pct=fmt_pct, p=fmt_p)
    env.tests["missing"] = _missing
    env.globals.update(
        ci=fmt_ci,
        figure=r.figure,
        has_figure=r.has_figure,
        figures_for=r.figures_for,
        figures_left=r.figures_left,
        figure_is_synthetic=r.figure_is_synthetic,
        table_all=r.table_all,
        table=r.table,
        cite=r.cite,
        citet=r.citet,
        bibliography=r.bibliography,
        status_label=STATUS_LABEL,
        studies=STUDIES,
    )
    ctx = {
        "T": Tables(loaded),
        "pvr": loaded.get("published_vs_reproduced"),
        "provenance": ResultTable(prov, "results/data/*/manifest.json", "provenance"),
        **(context or {}),
    }
    try:
        return env.get_template(template.name).render(**ctx)
    except (PaperError, jinja2.UndefinedError, jinja2.TemplateError) as exc:
        line = getattr(exc, "lineno", None) or _template_line(exc, template)
        where = f"{template}, line {line}" if line else str(template)
        raise PaperError(f"{where}: {exc}") from exc


# HTML ---------------------------------------------------------------------------------------------
_IMG = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')


def embed_images(html_text: str, base_dir: str | Path) -> str:
    """Replace every ``<img src="path">`` by a ``data:`` URI of the file (paths relative to ``base_dir``)."""
    base = Path(base_dir)

    def sub(mo):
        src = html.unescape(mo.group(2))
        if src.startswith("data:") or re.match(r"^[a-z]+://", src):
            return mo.group(0)
        p = (base / src).resolve()
        if not p.exists():
            raise PaperError(f"{p}: image referenced by the paper not found")
        mime = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
        data = base64.b64encode(p.read_bytes()).decode("ascii")
        return f"{mo.group(1)}data:{mime};base64,{data}{mo.group(3)}"

    return _IMG.sub(sub, html_text)


def markdown_to_html(md_text: str, base_dir: str | Path, title: str, css: str = "") -> str:
    """One self-contained HTML page: table of contents from ``[TOC]``, tables, figures embedded."""
    conv = markdown.Markdown(
        extensions=["toc", "tables", "attr_list", "md_in_html", "sane_lists"],
        extension_configs={"toc": {"toc_depth": "2-2", "title": "Contents"}},
        output_format="html",
    )
    body = embed_images(conv.convert(md_text), base_dir)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{css}\n</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def html_to_pdf(html_path: str | Path, pdf_path: str | Path) -> str:
    """Write a PDF of the HTML page with weasyprint, or headless Chromium when weasyprint is missing.

    Returns the tool used; raises :class:`PaperError` with what to install when neither is available.
    """
    import shutil
    import subprocess

    html_path, pdf_path = Path(html_path), Path(pdf_path)
    try:
        import weasyprint  # noqa: PLC0415 (optional, never pinned)

        weasyprint.HTML(filename=str(html_path)).write_pdf(str(pdf_path))
        return "weasyprint"
    except ImportError:
        pass
    browser = next(
        (
            shutil.which(b)
            for b in ("chromium", "chromium-browser", "google-chrome")
            if shutil.which(b)
        ),
        None,
    )
    if browser is None:
        raise PaperError(
            f"{pdf_path}: no PDF maker found: install weasyprint (pip install weasyprint) or chromium "
            "(apt-get install chromium). The HTML paper is the default output and does not need either."
        )
    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf_path.resolve()}",
        html_path.resolve().as_uri(),
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if res.returncode != 0 or not pdf_path.exists():
        raise PaperError(f"{pdf_path}: chromium failed ({res.returncode}): {res.stderr[-500:]}")
    print(f"PDF written with {browser}", file=sys.stderr)
    return "chromium"


def write_text(text: str, path: str | Path) -> None:
    """Write a text file atomically (temp file then rename)."""
    import os

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# ==================================================================================================
# planning (called by workflow/rules/paper.smk; pure: paths in, paths out)


def study_table_paths(
    studies: Iterable[str], final_targets: Iterable, exists=lambda p: Path(p).exists()
) -> dict[str, str]:
    """``results/tables/<name>.csv`` of each table the paper reads for ``studies``.

    A table that is neither among the workflow's final targets (a study rule produces it) nor on disk
    raises :class:`PaperError` naming the table, its study and issue, so a study that is not built stops the
    paper at planning time instead of silently losing its section.
    """
    targets = {str(t) for t in final_targets}
    tables, missing = {}, []
    for study in studies:
        for name in STUDIES[study]["tables"]:
            path = f"results/tables/{name}.csv"
            if path not in targets and not exists(path):
                missing.append(f"{path} (Study {study}, issue {STUDIES[study]['issue']})")
            tables[name] = path
        for name in STUDIES[study].get("optional_tables", []):
            path = f"results/tables/{name}.csv"
            if path in targets or exists(path):
                tables[name] = path
    if missing:
        raise PaperError(
            "paper: the paper needs results tables that no study rule produces (they are not in "
            "FINAL_TARGETS and do not exist): "
            + "; ".join(missing)
            + ". Build or include those studies, or leave a study out explicitly with "
            "`paper: {studies: [...]}` in the config (the paper then says it was not built)."
        )
    return tables


def target_figures(final_targets: Iterable, studies: Iterable[str] | None = None) -> list[str]:
    """The PNG figures among the final targets (``results/figures/*.png``), sorted.

    With ``studies``, figures named for a study left out of the paper (by its ``figure_prefix``) are dropped;
    figures of no known study are kept (the paper shows them in an appendix)."""
    left_out = (
        []
        if studies is None
        else [v["figure_prefix"] for k, v in STUDIES.items() if k not in set(studies)]
    )
    return sorted(
        {
            str(f)
            for f in final_targets
            if str(f).startswith("results/figures/")
            and str(f).endswith(".png")
            and not any(Path(str(f)).name.startswith(p) for p in left_out)
        }
    )


def target_manifests(final_targets: Iterable) -> list[str]:
    """The data manifests among the final targets (``results/data/<dataset>/manifest.json``), sorted."""
    return sorted(
        {
            str(f)
            for f in final_targets
            if str(f).startswith("results/data/") and Path(str(f)).name == "manifest.json"
        }
    )


def pvr_inputs(paper_config: Mapping, studies: Iterable[str], final_targets: Iterable) -> dict:
    """Named inputs of rule published_vs_reproduced."""
    return {"published": paper_config["published"], **study_table_paths(studies, final_targets)}


def paper_inputs(paper_config: Mapping, studies: Iterable[str], final_targets: Iterable) -> dict:
    """Named inputs of rule paper: sources, the results tables, every figure and manifest."""
    targets = list(final_targets)
    studies = list(studies)
    figures = target_figures(targets, studies)
    return {
        "template": paper_config["template"],
        "references": paper_config["references"],
        "css": paper_config["css"],
        "published_vs_reproduced": "results/tables/published_vs_reproduced.csv",
        **study_table_paths(studies, targets),
        "figures": figures,
        "manifests": target_manifests(targets),
        "captions": [
            c for c in (f"workflow/report/{Path(f).stem}.rst" for f in figures) if Path(c).exists()
        ],
    }
