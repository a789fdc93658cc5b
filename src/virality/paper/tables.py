"""Results tables as the template sees them: rows, filters and lookups that fail loudly, naming the file.

Every table is read through :mod:`virality.contracts`, so a renamed or missing column stops the paper
with the file and column named instead of rendering silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from virality import contracts
from virality.paper import PaperError


def _to_bool(s: pd.Series) -> pd.Series:
    txt = s.astype("string").str.strip().str.lower()
    return txt.isin(["true", "1", "yes"]).astype(bool)


def read_result_table(path: str | Path, name: str | None = None) -> pd.DataFrame:
    """Read a results CSV and check it has the columns of its contract (:func:`virality.contracts.check`).

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
    if name in contracts.TABLES:
        try:
            contracts.check(df, name, path)
        except contracts.ContractError as exc:
            # in the paper's words: "missing column(s) ... required by the paper (found: ...)"
            msg = str(exc).replace(f" of the {name} table", " required by the paper", 1)
            raise PaperError(msg) from exc
    if "synthetic" in df.columns:
        df["synthetic"] = _to_bool(df["synthetic"])
    return df


def matches(column: pd.Series, value) -> pd.Series:
    """Which cells equal ``value``: any of a list, a number numerically, a bool as True/False in any case,
    anything else as text (missing cells never match)."""
    if isinstance(value, list | tuple):
        mask = column.astype("string").isin([str(x) for x in value])
    elif isinstance(value, bool):
        mask = column.astype("string").str.lower() == str(value).lower()
    elif isinstance(value, int | float):
        mask = pd.to_numeric(column, errors="coerce") == value
    else:
        mask = column.astype("string") == str(value)
    return mask.fillna(False).astype(bool)


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
    def check_columns(self, cols: Iterable[str]):
        """Raise :class:`PaperError` naming the file when one of ``cols`` is not a column."""
        for c in cols:
            if c not in self.columns:
                raise PaperError(
                    f"{self.path}: no column {c!r} (the template asks for it; columns: "
                    f"{', '.join(self.columns)})"
                )

    def _filter(self, where: Mapping) -> pd.DataFrame:
        self.check_columns(where)
        df = self.df
        for c, v in where.items():
            df = df[matches(df[c], v)]
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
        self.check_columns([column])
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
        self.check_columns([column])
        return pd.to_numeric(self.df[column], errors="coerce").min()

    def max(self, column: str):
        self.check_columns([column])
        return pd.to_numeric(self.df[column], errors="coerce").max()

    def distinct(self, *columns: str) -> ResultTable:
        """The first row of each distinct value of ``columns`` (table order kept)."""
        self.check_columns(columns)
        return ResultTable(self.df.drop_duplicates(list(columns)), self.path, self.name)

    def sort(self, *columns: str, descending: bool = False) -> ResultTable:
        """The rows sorted by ``columns``."""
        self.check_columns(columns)
        df = self.df.sort_values(list(columns), ascending=not descending, kind="stable")
        return ResultTable(df, self.path, self.name)

    def agg(self, by: Sequence[str], column: str, how: str = "mean") -> ResultTable:
        """``column`` aggregated (mean, median, min, max, count) per group of ``by`` columns."""
        by = [by] if isinstance(by, str) else list(by)
        self.check_columns([*by, column])
        vals = pd.to_numeric(self.df[column], errors="coerce")
        df = vals.groupby([self.df[b] for b in by], sort=True).agg(how).reset_index()
        if "synthetic" in self.columns and "synthetic" not in by:
            syn = self.df.groupby(by, sort=True)["synthetic"].any().reset_index(drop=True)
            df["synthetic"] = syn.to_numpy()
        return ResultTable(df, self.path, self.name)

    def pivot(self, index: Sequence[str], columns: str, values: str) -> ResultTable:
        """A wide table: one row per ``index`` value(s), one column per value of ``columns``."""
        index = [index] if isinstance(index, str) else list(index)
        self.check_columns([*index, columns, values])
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
