"""Adapters: raw data formats → canonical tables (``docs/architecture.md``).

Each format is registered with :func:`register` and declares which canonical tables it provides (non-empty)
and which optional columns it fills, so the workflow knows at planning time which study can use it.
An adapter function takes ``files`` (role → path, already located and checksum-verified) and ``options``
(the data set's config entry) and returns a dict of table name → DataFrame, plus optional ``"notes"`` (list of
caveats), ``"time_unit"`` and ``"truth"``. :func:`build` coerces and checks every table.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import importlib.resources
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import synth
from .canonical import CANONICAL, NRC_EMOTIONS, TABLES, coerce_table, empty_table, require_rows
from .files import DataError, read_csv_checked


@dataclass(frozen=True)
class Format:
    name: str
    func: Callable[[dict[str, Path], dict], dict]
    tables: tuple[
        str, ...
    ]  # provided (non-empty) tables; empty tuple = decided by the config (csv)
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # optional columns filled
    roles: tuple[str, ...] = ()  # file roles the format needs
    optional_roles: tuple[str, ...] = ()
    role_tables: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # tables an optional role adds
    synthetic: bool = False
    lexicon: bool = False  # a word lexicon (config section lexicons:, built by build_lexicon)
    outcome_kind: str | None = None  # "count" or "binary" when items.outcome is filled
    description: str = ""


FORMATS: dict[str, Format] = {}


def register(
    name: str,
    tables,
    columns=None,
    roles=(),
    optional_roles=(),
    role_tables=None,
    synthetic=False,
    lexicon=False,
    outcome_kind=None,
    description="",
):
    """Decorator registering an adapter function under a format name."""

    def deco(func):
        FORMATS[name] = Format(
            name=name,
            func=func,
            tables=tuple(tables),
            columns=dict(columns or {}),
            roles=tuple(roles),
            optional_roles=tuple(optional_roles),
            role_tables={k: tuple(v) for k, v in (role_tables or {}).items()},
            synthetic=synthetic,
            lexicon=lexicon,
            outcome_kind=outcome_kind,
            description=description or (func.__doc__ or "").strip().split("\n")[0],
        )
        return func

    return deco


def get_format(name: str) -> Format:
    if name not in FORMATS:
        raise DataError(
            f"unknown data format {name!r}; known formats: {', '.join(sorted(FORMATS))}"
        )
    return FORMATS[name]


def provided_tables(entry: Mapping) -> tuple[str, ...]:
    """Tables a configured data set provides (for ``csv``: the tables named under ``files``).

    For the other formats: the format's tables plus those an optional file role adds when it is configured
    (e.g. ``topolstm`` provides ``edges`` only with a ``graph`` file).
    """
    fmt = get_format(entry["format"])
    files = entry.get("files") or {}
    if fmt.name == "csv":
        return tuple(t for t in TABLES if t in files)
    extra = {t for role, ts in fmt.role_tables.items() if role in files for t in ts}
    return tuple(t for t in TABLES if t in fmt.tables or t in extra)


def provided_columns(entry: Mapping, table: str) -> tuple[str, ...]:
    """Optional columns a configured data set fills in ``table``."""
    fmt = get_format(entry["format"])
    if fmt.name == "csv":
        return tuple(entry.get("columns", {}).get(table, {}).keys())
    return fmt.columns.get(table, ())


def build(fmt_name: str, files: dict[str, Path], options: dict) -> dict:
    """Run an adapter and return checked canonical tables (every table present, empty if not provided)."""
    fmt = get_format(fmt_name)
    out = fmt.func(files, options)
    tables = {}
    for t in TABLES:
        df = out.get(t)
        if df is None:
            tables[t] = empty_table(t)
            continue
        # the table's own file, else the data set's first file, else (synthetic) the format's name
        src = str(files.get(t) or next(iter(files.values()), fmt_name))
        tables[t] = coerce_table(df, t, source=f"{src} ({t})")
    for t in provided_tables({**options, "format": fmt_name}):
        require_rows(tables[t], f"{files.get(t, fmt_name)} ({t})")
    return {
        **tables,
        "notes": list(out.get("notes", [])),
        "time_unit": out.get("time_unit", "s"),
        "truth": out.get("truth"),
    }


# --------------------------------------------------------------------------------------------------
# a user's own CSV files

TIME_UNITS = {"s": 1.0, "ms": 1e-3, "min": 60.0, "h": 3600.0, "d": 86400.0}


def _read_user_csv(
    path: Path, table: str, mapping: Mapping[str, str], time_unit: str
) -> pd.DataFrame:
    inverse = {v: k for k, v in mapping.items()}  # user column → canonical column
    required = [mapping.get(c, c) for c in CANONICAL[table]["required"]]
    df = read_csv_checked(path, required=required, dtype=str, keep_default_na=False)
    df = df.rename(columns=inverse)
    if len(df) == 0:
        raise DataError(f"{path}: the table is empty; expected at least one data row")
    for tcol in ("time", "start_time"):
        if tcol in df.columns:
            s = df[tcol]
            if time_unit == "datetime":
                parsed = pd.to_datetime(s, utc=True, errors="coerce")
                bad = parsed.isna()
                if bad.any():
                    i = int(bad.to_numpy().nonzero()[0][0])
                    raise DataError(
                        f"{path}: column {mapping.get(tcol, tcol)!r}, row {i + 1}: expected a date-time, "
                        f"got {s.iloc[i]!r}"
                    )
                df[tcol] = (parsed - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds()
            else:
                num = pd.to_numeric(s, errors="coerce")
                bad = num.isna()
                if bad.any():
                    i = int(bad.to_numpy().nonzero()[0][0])
                    raise DataError(
                        f"{path}: column {mapping.get(tcol, tcol)!r}, row {i + 1}: expected a number "
                        f"(time in {time_unit}), got {s.iloc[i]!r}"
                    )
                df[tcol] = num * TIME_UNITS[time_unit]
    return df


@register(
    "csv",
    tables=(),
    description="Your own CSV files: events (and optionally edges, exposures, items).",
)
def read_csv_dataset(files: dict[str, Path], options: dict) -> dict:
    """A user's own data set: one CSV per canonical table, columns renamed by ``columns``.

    ``options["columns"]`` maps canonical names to the CSV's names, either flat (``{item_id: photo}``, used
    for every table) or per table (``{events: {item_id: photo}}``). ``options["time_unit"]`` is one of
    ``s, ms, min, h, d, datetime``.
    """
    cols = options.get("columns", {}) or {}
    unit = options.get("time_unit", "s")
    out = {}
    for table, path in files.items():
        if table not in TABLES:
            raise DataError(
                f"{path}: unknown table {table!r} under files; expected one of {', '.join(TABLES)}"
            )
        per = cols.get(table) if isinstance(cols.get(table), Mapping) else None
        mapping = (
            dict(per) if per is not None else {k: v for k, v in cols.items() if isinstance(v, str)}
        )
        out[table] = _read_user_csv(Path(path), table, mapping, unit)
    return {**out, "time_unit": "s" if unit != "datetime" else "s (from date-times)"}


# --------------------------------------------------------------------------------------------------
# synthetic generators (virality.synth)


@register(
    "synth_flickr",
    tables=("events", "edges", "exposures", "items"),
    columns={"events": ("channel",), "items": ("start_time", "creator")},
    synthetic=True,
)
def synth_flickr(files, options):
    """Synthetic Flickr-like favourites with the true channel of each adoption (virality.synth.flickr_like)."""
    d = synth.flickr_like(**options.get("params", {}), seed=int(options.get("seed", 0)))
    return {**d, "notes": ["synthetic: generated by virality.synth.flickr_like"]}


@register(
    "synth_digg",
    tables=("events", "items"),
    columns={"items": ("start_time", "outcome")},
    synthetic=True,
    outcome_kind="count",
)
def synth_digg(files, options):
    """Synthetic Digg-like stories after Wu & Huberman 2007 (virality.synth.digg_like)."""
    d = synth.digg_like(**options.get("params", {}), seed=int(options.get("seed", 0)))
    return {**d, "notes": ["synthetic: generated by virality.synth.digg_like"]}


@register(
    "synth_nyt",
    tables=("items",),
    columns={"items": ("outcome",)},
    synthetic=True,
    outcome_kind="binary",
)
def synth_nyt(files, options):
    """Synthetic NYT-like articles after Berger & Milkman 2012 (virality.synth.nyt_like)."""
    d = synth.nyt_like(**options.get("params", {}), seed=int(options.get("seed", 0)))
    return {**d, "notes": ["synthetic: generated by virality.synth.nyt_like"]}


# --------------------------------------------------------------------------------------------------
# shared helpers of the real-data adapters


def _params(options: Mapping) -> dict:
    return dict(options.get("params") or {})


def _unix_seconds(ts: pd.Series) -> pd.Series:
    """Timezone-aware timestamps → float Unix seconds (NaN where missing)."""
    return (ts - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds()


def _parse_utc(s: pd.Series, path: Path, column: str, fmt: str | None = None) -> pd.Series:
    """Parse date-times (UTC unless they carry an offset); a value that does not parse is an error."""
    parsed = pd.to_datetime(s, utc=True, errors="coerce", format=fmt)
    bad = parsed.isna() & s.notna() & (s.astype("string").str.strip() != "")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"{path}: column {column!r}, row {i + 1}: expected a date-time, got {s.iloc[i]!r}"
        )
    return parsed


def _numeric(s: pd.Series, path: Path, column: str) -> pd.Series:
    num = pd.to_numeric(s, errors="coerce")
    bad = num.isna() & s.notna() & (s.astype("string").str.strip() != "")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"{path}: column {column!r}, row {i + 1}: expected a number, got {s.iloc[i]!r}"
        )
    return num.astype("float64")


def _first_adoptions(
    events: pd.DataFrame, what: str = "adoption"
) -> tuple[pd.DataFrame, list[str]]:
    """Keep the earliest adoption per (item_id, user_id) (ties: file order), sorted by item then time.

    Returns the table and a note with the number of repeats dropped (none: no note).
    """
    ev = events.reset_index(drop=True)
    item_code = pd.factorize(ev["item_id"], sort=True)[0]
    user_code = pd.factorize(ev["user_id"])[0]
    order = np.lexsort((np.arange(len(ev)), ev["time"].to_numpy(dtype=float), item_code))
    ev = ev.iloc[order]
    pair = pd.Series(
        item_code[order].astype(np.int64) * (int(user_code.max(initial=0)) + 1) + user_code[order]
    )
    keep = ~pair.duplicated().to_numpy()
    n = int((~keep).sum())
    notes = []
    if n:
        notes.append(
            f"{n} repeated {what}(s) of the same item by the same user dropped (the earliest one is kept)"
        )
    return ev[keep].reset_index(drop=True), notes


def _items_from_events(events: pd.DataFrame, creator: bool = True) -> pd.DataFrame:
    """items: one row per item with start_time = first event time (and creator = first adopter)."""
    first = events.sort_values(["item_id", "time"], kind="mergesort").drop_duplicates("item_id")
    out = pd.DataFrame(
        {"item_id": first["item_id"].to_numpy(), "start_time": first["time"].to_numpy()}
    )
    if creator:
        out["creator"] = first["user_id"].to_numpy()
    return out


def _dummies(values: pd.Series, prefix: str, levels, reference=None) -> dict[str, np.ndarray]:
    """0/1 float columns ``cov_<prefix>_<level>`` for each level except ``reference``."""
    return {
        f"cov_{prefix}_{lvl}": (values == lvl).to_numpy(dtype=float)
        for lvl in levels
        if lvl != reference
    }


def _slug_name(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", str(text).lower()).strip("_")


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# --------------------------------------------------------------------------------------------------
# Topo-LSTM cascades (Wang et al. ICDM 2017): twitter (with graph.txt) and memes


def _read_topolstm_cascades(path: Path, split: str, scale: float):
    rows_item, rows_user, rows_time, items = [], [], [], []
    with _open_text(path) as fh:
        for k, line in enumerate(fh):
            tok = line.split()
            if not tok:
                continue
            if len(tok) % 2 != 1:
                raise DataError(
                    f"{path}: line {k + 1}: expected 'seed_user u1 t1 u2 t2 ...' (an odd number of "
                    f"fields), got {len(tok)} fields"
                )
            item = f"{split}_{k}"
            users = tok[1::2]
            try:
                times = [float(t) * scale for t in tok[2::2]]
            except ValueError as exc:
                raise DataError(
                    f"{path}: line {k + 1}: expected numeric adoption times ({exc})"
                ) from exc
            if not users:
                raise DataError(f"{path}: line {k + 1}: a cascade with a seed but no adopters")
            items.append((item, tok[0], min(times)))
            rows_item += [item] * len(users)
            rows_user += users
            rows_time += times
    ev = pd.DataFrame({"item_id": rows_item, "user_id": rows_user, "time": rows_time})
    it = pd.DataFrame(items, columns=["item_id", "creator", "start_time"])
    return ev, it


def _open_text(path: Path):
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    if path.suffix == ".bz2":
        return bz2.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


@register(
    "topolstm",
    tables=("events", "items"),
    columns={"items": ("start_time", "creator")},
    roles=("train", "test"),
    optional_roles=("graph",),
    role_tables={"graph": ("edges",)},
)
def read_topolstm(files, options):
    """Topo-LSTM cascades (``seed u1 t1 u2 t2 ...`` per line) and optional ``graph.txt`` (Wang et al. 2017).

    * events: one row per adopter; ``item_id`` = ``<split>_<line index from 0>`` (``train_17``), stable
      across runs. The seed user (first token, no timestamp) is not an event: it is ``items.creator``, and
      ``items.start_time`` is the cascade's first adoption time.
    * ``params.time_unit``: ``unknown`` (default) keeps the raw numbers (the manifest says the unit is
      unknown); ``h`` multiplies by 3600 (hours → seconds); ``s`` keeps them as seconds.
    * edges: ``graph.txt`` lines ``u v``. The authors' loader treats the graph as undirected, so each tie is
      written in both directions (``params.graph_direction: both``, default; ``as_listed`` keeps the lines
      as ``source=u, target=v``). Self-loops and repeated pairs are dropped. ``params.skip_first_line``
      (default false) drops the first line, as the authors' loader does; it looks like an ordinary edge.
    * a user adopting the same cascade twice: the first adoption is kept and the count is in ``notes``.
    """
    p = _params(options)
    unit = p.get("time_unit", "unknown")
    scales = {"unknown": 1.0, "s": 1.0, "h": 3600.0}
    if unit not in scales:
        raise DataError(
            f"topolstm: params.time_unit must be one of {', '.join(scales)}, got {unit!r}"
        )
    evs, its = [], []
    for split in ("train", "test"):
        if split not in files:
            raise DataError(f"topolstm: the files entry needs the role {split!r} (cascades file)")
        ev, it = _read_topolstm_cascades(files[split], split, scales[unit])
        evs.append(ev)
        its.append(it)
    events, notes = _first_adoptions(pd.concat(evs, ignore_index=True))
    items = pd.concat(its, ignore_index=True)
    out = {"events": events, "items": items}
    notes.append(
        f"{len(items)} cascades ({sum(len(i) for i in its[:1])} train, {len(its[1])} test); the seed user "
        "of each line is items.creator, not an event"
    )
    if "graph" in files:
        direction = p.get("graph_direction", "both")
        if direction not in ("both", "as_listed"):
            raise DataError(
                f"topolstm: params.graph_direction must be both or as_listed, got {direction!r}"
            )
        g = pd.read_csv(
            files["graph"],
            sep=r"\s+",
            header=None,
            dtype=str,
            usecols=[0, 1],
            names=["source", "target"],
            skiprows=1 if p.get("skip_first_line", False) else 0,
        )
        n_lines = len(g)
        g = g[g["source"] != g["target"]]
        if direction == "both":
            g = pd.concat(
                [g, g.rename(columns={"source": "target", "target": "source"})], ignore_index=True
            )
        g = g.drop_duplicates().sort_values(["source", "target"]).reset_index(drop=True)
        out["edges"] = g
        notes.append(
            f"edges: {n_lines} lines of graph.txt read as an undirected graph ({direction}): {len(g)} directed "
            "edges; source follows/sees target holds both ways"
        )
    if unit == "unknown":
        time_unit = "unknown"
        notes.append("time unit not documented: raw numbers kept; use order and differences only")
    elif unit == "h":
        time_unit = "s"
        notes.append("times read as hours (inferred, not documented) and converted to seconds")
    else:
        time_unit = "s"
    return {**out, "notes": notes, "time_unit": time_unit}


# --------------------------------------------------------------------------------------------------
# Twitter15/16 propagation trees (Ma, Gao & Wong ACL 2017)

TREE_LABELS = ("false", "non-rumor", "true", "unverified")


@register(
    "twitter_trees",
    tables=("events", "items"),
    columns={"events": ("parent_user_id",), "items": ("start_time", "creator")},
    roles=("edges",),
)
def read_twitter_trees(files, options):
    """Twitter15/16 retweet trees (one CSV row per ``parent -> child`` line) → events with parents.

    Rules (documented in data/README.md):

    1. ``item_id`` = ``<dataset>_<source_tweet_id>`` (twitter15 and twitter16 share 169 source tweets, so the
       source id alone is not unique; 2,308 trees).
    2. A node is (tree, child_uid, child_tweet_id). A repeated node keeps its ROOT line if it has one, else
       its first line (a parent -> itself line is such a repeat).
    3. Times: ``delay_min * 60`` seconds after the source tweet. A child earlier than its parent is clamped to
       its parent's (clamped) time, propagated down the tree; a negative delay (some roots) becomes 0.
    4. events: one row per (tree, user): a user who appears with several tweets keeps the earliest one;
       ``parent_user_id`` is the parent's user id (empty for the root). The root user is an event at time
       0 and ``items.creator``.
    5. items: ``start_time`` 0; the label as 0/1 covariates ``cov_label_false``, ``cov_label_true``,
       ``cov_label_unverified`` (``non-rumor`` is the reference), and ``cov_twitter16``.
    """
    path = files["edges"]
    need = [
        "dataset",
        "source_tweet_id",
        "label",
        "parent_uid",
        "parent_tweet_id",
        "parent_delay_min",
        "child_uid",
        "child_tweet_id",
        "child_delay_min",
    ]
    delays = {"child_delay_min": "float64", "parent_delay_min": "float64"}
    try:  # the pyarrow reader is 4x faster on this 1M-row file
        df = read_csv_checked(
            path,
            required=need,
            engine="pyarrow",
            keep_default_na=False,
            dtype={c: delays.get(c, str) for c in need},
        )
    except DataError:
        raise
    except Exception:  # a malformed number: read as text to name the row
        df = read_csv_checked(path, required=need, dtype=str, keep_default_na=False)
        for c in delays:
            _numeric(df[c], path, c)
        raise
    df = df[need]
    n_rows = len(df)
    df["tree"] = df["dataset"] + "_" + df["source_tweet_id"]
    # the ROOT line of a tree wins over an earlier line naming the same node (some trees start with a
    # self-loop line of the root), then file order
    is_root_line = (df["parent_uid"] == "ROOT").to_numpy()
    df = df.iloc[np.argsort(~is_root_line, kind="stable")].reset_index(drop=True)
    node_key = df["tree"] + "|" + df["child_uid"] + "|" + df["child_tweet_id"]
    dup = node_key.duplicated().to_numpy()
    nodes = df[~dup].reset_index(drop=True)
    cdel = nodes["child_delay_min"].to_numpy() * 60.0
    pdel = nodes["parent_delay_min"].to_numpy() * 60.0
    t = np.maximum(np.maximum(cdel, pdel), 0.0)
    n_early = int(((cdel < pdel) & (nodes["parent_uid"] != "ROOT").to_numpy()).sum())
    n_negative = int((cdel < 0).sum())
    key = pd.Index(node_key[~dup].to_numpy())
    pkey = nodes["tree"] + "|" + nodes["parent_uid"] + "|" + nodes["parent_tweet_id"]
    parent = key.get_indexer(
        pkey.to_numpy()
    )  # -1 for ROOT or a parent that never appears as a child
    has_parent = parent >= 0
    for _ in range(10_000):  # propagate clamping down chains until nothing changes
        new = t.copy()
        new[has_parent] = np.maximum(t[has_parent], t[parent[has_parent]])
        if np.array_equal(new, t):
            break
        t = new
    is_root = (nodes["parent_uid"] == "ROOT").to_numpy()
    ev = pd.DataFrame(
        {
            "item_id": nodes["tree"],
            "user_id": nodes["child_uid"],
            "time": t,
            "parent_user_id": nodes["parent_uid"].mask(is_root),
        }
    )
    events, notes = _first_adoptions(ev, "retweet")
    roots = nodes[is_root].drop_duplicates("tree")
    items = pd.DataFrame(
        {
            "item_id": roots["tree"].to_numpy(),
            "start_time": 0.0,
            "creator": roots["child_uid"].to_numpy(),
            **_dummies(roots["label"], "label", [_l for _l in TREE_LABELS], reference="non-rumor"),
            "cov_twitter16": (roots["dataset"] == "twitter16").to_numpy(dtype=float),
        }
    ).rename(columns={"cov_label_non-rumor": "cov_label_non_rumor"})
    missing_root = sorted(set(nodes["tree"].unique()) - set(items["item_id"]))
    if missing_root:
        raise DataError(f"{path}: tree {missing_root[0]!r} has no ROOT line; expected one per tree")
    notes = [
        f"{n_rows} parent-child lines in {len(items)} trees; {int(dup.sum())} repeated nodes dropped "
        "(the ROOT line, else the first line, kept)",
        f"{n_early} children earlier than their parent and {n_negative} negative delays clamped to the "
        "parent's time (propagated down the tree; the root is at 0)",
        *notes,
        "labels (false/true/unverified vs non-rumor) are 0/1 covariates; times are seconds after the "
        "source tweet",
    ]
    return {"events": events, "items": items, "notes": notes, "time_unit": "s"}


# --------------------------------------------------------------------------------------------------
# SEISMIC example cascade (Zhao et al. KDD 2015)


@register(
    "seismic",
    tables=("events", "items"),
    columns={"events": ("followers",), "items": ("start_time", "creator")},
    roles=("cascade",),
)
def read_seismic(files, options):
    """One retweet cascade (``relative_time_second, number_of_followers``; first row = original tweet).

    events: ``user_id`` = the row number from 0 (the data carry no user ids), ``time`` in seconds since the
    original tweet, ``followers``. One item (``params.item_id``, default the original tweet id
    127001313513967616) whose creator is row 0.
    """
    path = files["cascade"]
    cols = ["relative_time_second", "number_of_followers"]
    df = read_csv_checked(path, required=cols)
    if len(df) == 0:
        raise DataError(f"{path}: the table is empty; expected at least one data row")
    item = str(_params(options).get("item_id", "127001313513967616"))
    events = pd.DataFrame(
        {
            "item_id": item,
            "user_id": [str(i) for i in range(len(df))],
            "time": _numeric(df["relative_time_second"], path, "relative_time_second").to_numpy(),
            "followers": _numeric(
                df["number_of_followers"], path, "number_of_followers"
            ).to_numpy(),
        }
    )
    items = pd.DataFrame({"item_id": [item], "start_time": [0.0], "creator": ["0"]})
    notes = [f"one cascade of {len(df)} (re)tweets; user ids are row numbers (none in the data)"]
    return {"events": events, "items": items, "notes": notes, "time_unit": "s"}


# --------------------------------------------------------------------------------------------------
# SNAP Higgs Twitter (De Domenico et al. 2013)

HIGGS_ANNOUNCEMENT = "2012-07-04T07:00:00Z"  # start of the CERN seminar, 09:00 CEST


@register(
    "higgs",
    tables=("events", "edges", "exposures", "items"),
    columns={"items": ("start_time", "creator")},
    roles=("activity",),
    optional_roles=("retweet",),
)
def read_higgs(files, options):
    """SNAP Higgs week → items = retweeted accounts (userB), events = their retweets (RT rows).

    * events: each ``A B t RT`` line is ``user_id=A`` adopting ``item_id=B`` at ``t``; the first RT per
      (item, user) is kept. MT/RE rows are not adoptions and are ignored.
    * time: ``params.time_origin``: ``unix`` (default) keeps absolute Unix seconds; ``first_activity``
      subtracts the first activity time of the file (any interaction).
    * exposures: one row per item at the announcement (``params.announcement_time``, default
      2012-07-04T07:00:00Z = 09:00 CEST, the start of the CERN seminar), ``kind`` = ``params.exposure_kind``
      (default ``announcement``).
    * edges: the retweet network (``A B weight``) as "A sees B" (A retweeted B at least once). It is NOT the
      follower graph (not in this copy) and is built from the same retweets, so exposure through it is
      circular; if the ``retweet`` file is not configured the edges come from the RT rows.
    * items: ``item_id`` = B, ``creator`` = B, ``start_time`` = B's first retweet.
    """
    p = _params(options)
    path = files["activity"]
    act = pd.read_csv(
        path,
        sep=" ",
        header=None,
        names=["a", "b", "t", "kind"],
        dtype={"a": str, "b": str, "kind": str},
    )
    t = _numeric(act["t"], path, "timestamp (3rd field)")
    origin_mode = p.get("time_origin", "unix")
    if origin_mode not in ("unix", "first_activity"):
        raise DataError(
            f"higgs: params.time_origin must be unix or first_activity, got {origin_mode!r}"
        )
    origin = float(t.min()) if origin_mode == "first_activity" else 0.0
    rt = act["kind"].to_numpy() == "RT"
    ev = pd.DataFrame(
        {
            "item_id": act["b"][rt].to_numpy(),
            "user_id": act["a"][rt].to_numpy(),
            "time": t[rt].to_numpy() - origin,
        }
    )
    n_rt = len(ev)
    events, notes = _first_adoptions(ev, "retweet")
    items = _items_from_events(events, creator=False)
    items["creator"] = items["item_id"]
    ann = pd.Timestamp(p.get("announcement_time", HIGGS_ANNOUNCEMENT))
    ann = ann.tz_localize("UTC") if ann.tzinfo is None else ann.tz_convert("UTC")
    ann_s = (ann - pd.Timestamp("1970-01-01", tz="UTC")).total_seconds() - origin
    exposures = pd.DataFrame(
        {"item_id": items["item_id"], "time": ann_s, "kind": p.get("exposure_kind", "announcement")}
    )
    if "retweet" in files:
        net = pd.read_csv(
            files["retweet"],
            sep=" ",
            header=None,
            names=["source", "target", "w"],
            dtype={"source": str, "target": str},
        )
        edges = net[["source", "target"]]
        src = "higgs-retweet_network"
    else:
        edges = events[["user_id", "item_id"]].set_axis(["source", "target"], axis=1)
        src = "the RT rows"
    edges = edges[edges["source"] != edges["target"]].drop_duplicates()
    edges = edges.sort_values(["source", "target"]).reset_index(drop=True)
    notes = [
        f"{n_rt} RT rows of {len(act)} activity rows; items are the {len(items)} retweeted accounts",
        *notes,
        f"time: {'Unix seconds (UTC)' if origin_mode == 'unix' else 'seconds after the first activity'}",
        f"exposures: the announcement at {ann.isoformat()} for every item (kind "
        f"{p.get('exposure_kind', 'announcement')!r})",
        f"edges from {src}: 'A sees B' because A retweeted B; not a follower graph and built from the same "
        "retweets (circular as exposure evidence)",
    ]
    return {
        "events": events,
        "edges": edges,
        "exposures": exposures,
        "items": items,
        "notes": notes,
        "time_unit": "s",
    }


# --------------------------------------------------------------------------------------------------
# UCI Online News Popularity (Fernandes, Vinagre & Cortez 2015), full file or subset

#: UCI columns that are exactly redundant with others (dropped so regressions are identifiable)
UCI_REDUNDANT = ("is_weekend", "weekday_is_monday", "LDA_04")


@register(
    "uci_news",
    tables=("items",),
    columns={"items": ("start_time", "title", "outcome")},
    roles=("csv",),
    outcome_kind="count",
)
def read_uci_news(files, options):
    """UCI Online News Popularity CSV (Mashable) → items with shares, slug words and the 58 features.

    * ``item_id`` = the URL; ``title`` = the words of the URL slug (the headline's words, lower case);
      ``start_time`` = the date in the URL (``/YYYY/MM/DD/``) as Unix seconds at 00:00 UTC.
    * ``outcome`` = ``shares``.
    * covariates ``cov_<UCI name>`` for every numeric column except ``shares``: channel dummies
      (``cov_data_channel_is_*``), weekday dummies (Monday is the reference), ``cov_timedelta`` (days from
      publication to acquisition), length/structure counts, keyword statistics, LDA closeness (LDA_04 is the
      reference: the five sum to 1), and the authors' own sentiment/subjectivity columns. ``is_weekend`` is
      dropped (it equals Saturday + Sunday).
    """
    path = files["csv"]
    df = read_csv_checked(path, required=["url", "shares"], skipinitialspace=True)
    if len(df) == 0:
        raise DataError(f"{path}: the table is empty; expected at least one data row")
    url = df["url"].astype("string").str.strip()
    date = url.str.extract(r"/(\d{4})/(\d{2})/(\d{2})/")
    when = pd.to_datetime(date[0] + "-" + date[1] + "-" + date[2], utc=True, errors="coerce")
    slug = url.str.rstrip("/").str.rsplit("/", n=1).str[-1]
    items = {
        "item_id": url,
        "start_time": _unix_seconds(when),
        "title": slug.str.replace(r"[-_]+", " ", regex=True).str.strip(),
        "outcome": _numeric(df["shares"], path, "shares"),
    }
    for c in df.columns:
        if c in ("url", "shares") or c in UCI_REDUNDANT:
            continue
        items[f"cov_{c}"] = _numeric(df[c], path, c)
    notes = [
        f"{len(df)} articles; title = URL slug words (not the full headline); outcome = shares",
        f"dropped redundant columns {', '.join(UCI_REDUNDANT)} (reference levels)",
    ]
    if when.isna().any():
        notes.append(
            f"{int(when.isna().sum())} URLs without a /YYYY/MM/DD/ date: start_time missing"
        )
    return {"items": pd.DataFrame(items), "notes": notes, "time_unit": "s"}


# --------------------------------------------------------------------------------------------------
# Hacker News posts (Kaggle / Dataquest sample)


@register(
    "hacker_news",
    tables=("items",),
    columns={"items": ("start_time", "creator", "title", "outcome")},
    roles=("csv",),
    outcome_kind="count",
)
def read_hacker_news(files, options):
    """Hacker News posts (``id, title, url, num_points, num_comments, author, created_at``) → items.

    * ``outcome`` = ``num_points``; ``title``; ``creator`` = author.
    * ``start_time``: ``created_at`` (``M/D/YYYY H:MM``) read in ``params.timezone`` (default
      America/New_York, as the Kaggle page says; undocumented in the file), as Unix seconds.
    * covariates: ``cov_weekday_<tue..sun>`` (Monday reference) and ``cov_hour_<04..20>`` four-hour blocks
      of the local clock (00-03 reference), ``cov_ask_hn``, ``cov_show_hn``, ``cov_has_url``, and
      ``cov_domain_<name>`` for the ``params.top_domains`` (default 10) most frequent link domains
      (``www.`` stripped; ties by name). ``num_comments`` is not a covariate (it is another outcome).
    """
    p = _params(options)
    path = files["csv"]
    need = ["id", "title", "url", "num_points", "created_at"]
    df = read_csv_checked(
        path, required=need, dtype=str, keep_default_na=False, lineterminator="\n"
    )
    if len(df) == 0:
        raise DataError(f"{path}: the table is empty; expected at least one data row")
    local = pd.to_datetime(df["created_at"], format="%m/%d/%Y %H:%M", errors="coerce")
    bad = local.isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"{path}: column 'created_at', row {i + 1}: expected a date-time M/D/YYYY H:MM, "
            f"got {df['created_at'].iloc[i]!r}"
        )
    tz = p.get("timezone", "America/New_York")
    # a clock time repeated at the autumn DST change is read as daylight time (the first of the two)
    aware = local.dt.tz_localize(
        tz, ambiguous=np.ones(len(local), dtype=bool), nonexistent="shift_forward"
    )
    title = df["title"].astype("string")
    low = title.str.lower()
    domain = (
        df["url"]
        .astype("string")
        .str.extract(r"^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)")[0]
        .str.lower()
        .str.replace(r"^www\.", "", regex=True)
    )
    counts = domain.dropna().value_counts()
    counts = (
        counts.rename_axis("d").reset_index().sort_values(["count", "d"], ascending=[False, True])
    )
    top = list(counts["d"].head(int(p.get("top_domains", 10))))
    block = (local.dt.hour // 4) * 4
    items = {
        "item_id": df["id"],
        "start_time": _unix_seconds(aware.dt.tz_convert("UTC")),
        "creator": df["author"] if "author" in df.columns else pd.NA,
        "title": title,
        "outcome": _numeric(df["num_points"], path, "num_points"),
        **_dummies(
            local.dt.day_of_week.map(dict(enumerate(WEEKDAYS))),
            "weekday",
            WEEKDAYS,
            reference="mon",
        ),
        **{f"cov_hour_{h:02d}": (block == h).to_numpy(dtype=float) for h in range(4, 24, 4)},
        "cov_ask_hn": low.str.startswith("ask hn").to_numpy(dtype=float),
        "cov_show_hn": low.str.startswith("show hn").to_numpy(dtype=float),
        "cov_has_url": (df["url"].str.strip() != "").to_numpy(dtype=float),
    }
    for d in top:
        items[f"cov_domain_{_slug_name(d)}"] = (domain == d).fillna(False).to_numpy(dtype=float)
    notes = [
        f"{len(df)} posts; outcome = num_points at collection time; sample selected on >= 1 comment",
        f"created_at read as {tz} local time; hour/weekday covariates use that clock",
        f"domain indicators for the {len(top)} most frequent link domains: {', '.join(top)}",
    ]
    if aware.isna().any():
        notes.append(
            f"{int(aware.isna().sum())} ambiguous local times (DST change): start_time missing"
        )
    return {"items": pd.DataFrame(items), "notes": notes, "time_unit": "s"}


# --------------------------------------------------------------------------------------------------
# Trump tweets (dslabs / Trump Twitter Archive)

TRUMP_CAMPAIGN = ("2015-06-16", "2016-11-08")


@register(
    "trump_tweets",
    tables=("items",),
    columns={"items": ("start_time", "text", "outcome")},
    roles=("csv",),
    outcome_kind="count",
)
def read_trump_tweets(files, options):
    """dslabs ``trump_tweets`` CSV → items: ``text``, ``outcome`` = ``retweet_count``, date controls.

    * ``start_time`` = ``created_at`` (UTC) as Unix seconds.
    * covariates: ``cov_months`` (months since January 2009, for trends), ``cov_year_<2010..2018>`` dummies
      (2009 reference), ``cov_campaign`` (2015-06-16 to 2016-11-08), ``cov_is_reply``,
      ``cov_source_android``, ``cov_source_iphone`` (other clients, mostly the web client, are the
      reference), ``cov_manual_rt`` (text starts with "RT @" or a quote mark + "@").
    * The counts were read when the archive was collected, not at a fixed age: control for date.
    """
    path = files["csv"]
    need = ["source", "id_str", "text", "created_at", "retweet_count", "in_reply_to_user_id_str"]
    # bare carriage returns occur inside unquoted texts: only "\n" ends a row
    df = read_csv_checked(
        path, required=need, dtype=str, keep_default_na=False, lineterminator="\n"
    )
    if len(df) == 0:
        raise DataError(f"{path}: the table is empty; expected at least one data row")
    when = _parse_utc(df["created_at"], path, "created_at")
    src = df["source"].astype("string")
    text = df["text"].astype("string")
    years = list(range(2010, 2019))
    items = {
        "item_id": df["id_str"],
        "start_time": _unix_seconds(when),
        "text": text,
        "outcome": _numeric(df["retweet_count"], path, "retweet_count"),
        "cov_months": ((when.dt.year - 2009) * 12 + when.dt.month - 1).astype(float),
        **{f"cov_year_{y}": (when.dt.year == y).to_numpy(dtype=float) for y in years},
        "cov_campaign": (
            (when >= pd.Timestamp(TRUMP_CAMPAIGN[0], tz="UTC"))
            & (when < pd.Timestamp(TRUMP_CAMPAIGN[1], tz="UTC") + pd.Timedelta(days=1))
        ).to_numpy(dtype=float),
        "cov_is_reply": (df["in_reply_to_user_id_str"].str.strip() != "").to_numpy(dtype=float),
        "cov_source_android": (src == "Twitter for Android").to_numpy(dtype=float),
        "cov_source_iphone": (src == "Twitter for iPhone").to_numpy(dtype=float),
        "cov_manual_rt": text.str.match(r'^\s*(RT @|"@)').to_numpy(dtype=float),
    }
    notes = [
        f"{len(df)} tweets by one author; outcome = retweet_count at archive collection time (not at a "
        "fixed age): control for date (cov_months, cov_year_*, cov_campaign)",
    ]
    return {"items": pd.DataFrame(items), "notes": notes, "time_unit": "s"}


# --------------------------------------------------------------------------------------------------
# published formats of the original studies (tested on tiny files in tests/data/formats/)


def _read_headerless(path: Path, names: list[str], sep: str = ",") -> pd.DataFrame:
    """Read the first ``len(names)`` fields of a delimited file whose header line is optional.

    The header is detected (its first field is not a number). ``sep``: a delimiter, or ``"auto"`` for a tab
    if the first line has one, else runs of whitespace. Quoted fields and any line ending (LF, CRLF, or the
    bare CR of ``digg_votes1.csv``) are handled by pandas' C reader.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    with _open_text(path) as fh:
        head = fh.read(1 << 16)
    first = next((ln for ln in re.split(r"\r\n|\r|\n", head) if ln.strip()), None)
    if first is None:
        raise DataError(f"{path}: the file is empty; expected data rows")
    if sep == "auto":
        sep = "\t" if "\t" in first else r"\s+"
    tokens = next(csv.reader([first], delimiter=sep)) if len(sep) == 1 else first.split()
    try:
        float(tokens[0].strip().strip('"'))
        header = False
    except (ValueError, IndexError):
        header = True
    width = len(names)
    try:
        df = pd.read_csv(
            path,
            sep=sep,
            header=None,
            skiprows=1 if header else 0,
            names=names,
            usecols=range(width),
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
        )
    except pd.errors.EmptyDataError as exc:
        raise DataError(f"{path}: the table is empty; expected at least one data row") from exc
    except (ValueError, pd.errors.ParserError) as exc:
        raise DataError(
            f"{path}: expected {width} fields per row ({', '.join(names)}): {exc}"
        ) from exc
    if len(df) == 0:
        raise DataError(f"{path}: the table is empty; expected at least one data row")
    short = df.isna().any(axis=1) | (df[names[-1]].str.strip() == "")
    if short.any():
        i = int(np.flatnonzero(short.to_numpy())[0])
        raise DataError(f"{path}: row {i + 1}: expected {width} fields ({', '.join(names)})")
    return df.apply(lambda c: c.str.strip())


def _time_seconds(s: pd.Series, path: Path, column: str) -> pd.Series:
    """Unix seconds from integers, or from date-times (``YYYY-MM-DD[ HH:MM:SS]``, UTC)."""
    num = pd.to_numeric(s, errors="coerce")
    if num.notna().all():
        return num.astype("float64")
    return _unix_seconds(_parse_utc(s, path, column))


@register(
    "digg2009",
    tables=("events", "items"),
    columns={"items": ("start_time", "creator", "outcome")},
    roles=("votes",),
    optional_roles=("friends",),
    role_tables={"friends": ("edges",)},
    outcome_kind="count",
)
def read_digg2009(files, options):
    """Lerman's Digg 2009 release: ``digg_votes.csv`` and ``digg_friends.csv`` (Lerman & Ghosh ICWSM 2010).

    * votes ``vote_date, voter_id, story_id`` (Unix seconds; quoted CSV; the original ``digg_votes1.csv``
      has no header and bare-CR line endings, both handled) → events. A repeated vote keeps the first.
    * friends ``mutual, friend_date, user_id, friend_id``: ``user_id`` added ``friend_id`` as a friend,
      i.e. watches ``friend_id``'s activity → edge ``source=user_id, target=friend_id``; ``mutual = 1`` adds
      the reverse edge.
    * items: ``start_time`` = the first vote (the submitter's digg), ``creator`` = first voter,
      ``outcome`` = number of distinct voters in the file. No promotion times are in the release, so no
      exposures table.
    """
    vp = files["votes"]
    v = _read_headerless(vp, ["vote_date", "voter_id", "story_id"])
    ev = pd.DataFrame(
        {
            "item_id": v["story_id"],
            "user_id": v["voter_id"],
            "time": _time_seconds(v["vote_date"], vp, "vote_date"),
        }
    )
    events, notes = _first_adoptions(ev, "vote")
    items = _items_from_events(events)
    items["outcome"] = (
        items["item_id"].map(events.groupby("item_id").size()).astype(float).to_numpy()
    )
    out = {"events": events, "items": items}
    if "friends" in files:
        fp = files["friends"]
        f = _read_headerless(fp, ["mutual", "friend_date", "user_id", "friend_id"])
        mutual = _numeric(f["mutual"], fp, "mutual").fillna(0).to_numpy() > 0
        fwd = pd.DataFrame({"source": f["user_id"], "target": f["friend_id"]})
        back = pd.DataFrame({"source": f["friend_id"][mutual], "target": f["user_id"][mutual]})
        e = pd.concat([fwd, back], ignore_index=True)
        e = e[e["source"] != e["target"]].drop_duplicates().sort_values(["source", "target"])
        out["edges"] = e.reset_index(drop=True)
        notes.append(
            f"edges: {len(f)} friend links ({int(mutual.sum())} mutual, written both ways) → {len(e)} "
            "'user watches friend' edges"
        )
    notes.append("times are Unix seconds; no front-page promotion times in this release")
    return {**out, "notes": notes, "time_unit": "s"}


@register(
    "flickr_mpi",
    tables=("events", "items"),
    columns={"items": ("start_time", "creator")},
    roles=("favorites",),
    optional_roles=("links", "photos"),
    role_tables={"links": ("edges",)},
)
def read_flickr_mpi(files, options):
    """MPI-SWS Flickr favourite markings and links (Cha, Mislove & Gummadi WWW 2009).

    * favorites (``flickr-all-photo-favorite-markings.txt``): whitespace/tab-separated ``user photo time``;
      time = Unix seconds, or a ``YYYY-MM-DD HH:MM:SS`` date-time (both occur in copies of the file) →
      events; a repeated marking keeps the first.
    * links (``flickr-growth.txt`` ``src dst YYYY-MM-DD`` or ``flickr-links.txt`` ``src dst``): ``src`` added
      ``dst`` as a contact, so ``src`` sees ``dst``'s favourites → ``source=src, target=dst``. The link date
      is not used (the graph is taken as fixed; filter it yourself to study growth).
    * photos (optional, ``flickr-all-photos.txt``: ``photo upload_time owner [views comments favorites]``)
      gives ``items.start_time`` (upload) and ``items.creator`` (owner); without it they are the first
      marking and its user.
    """
    fp = files["favorites"]
    fav = _read_headerless(fp, ["user", "photo", "time"], sep="auto")
    ev = pd.DataFrame(
        {
            "item_id": fav["photo"].str.strip(),
            "user_id": fav["user"].str.strip(),
            "time": _time_seconds(fav["time"].str.strip(), fp, "time (3rd field)"),
        }
    )
    events, notes = _first_adoptions(ev, "favourite marking")
    items = _items_from_events(events)
    out = {"events": events}
    if "photos" in files:
        pp = files["photos"]
        ph = _read_headerless(pp, ["photo", "upload_time", "owner"], sep="auto")
        ph = ph.drop_duplicates("photo")
        items = items.drop(columns=["start_time", "creator"]).merge(
            pd.DataFrame(
                {
                    "item_id": ph["photo"],
                    "start_time": _time_seconds(ph["upload_time"], pp, "upload_time"),
                    "creator": ph["owner"],
                }
            ),
            on="item_id",
            how="left",
        )
        notes.append("items.start_time / creator from the photos file (upload time, owner)")
    out["items"] = items
    if "links" in files:
        lp = files["links"]
        lk = _read_headerless(lp, ["source", "target"], sep="auto")
        e = lk[lk["source"] != lk["target"]].drop_duplicates().sort_values(["source", "target"])
        out["edges"] = e.reset_index(drop=True)
        notes.append(
            f"edges: {len(e)} contact links, source added target as a contact (source sees target)"
        )
    return {**out, "notes": notes, "time_unit": "s"}


@register(
    "upworthy",
    tables=("items",),
    columns={"items": ("start_time", "title", "text", "outcome")},
    roles=("packages",),
    outcome_kind="count",
)
def read_upworthy(files, options):
    """Upworthy Research Archive packages CSV (Matias et al. 2021) → one item per package.

    * ``item_id``: the package's own id column if present (``id`` / ``package_id``; the archive CSV's
      unnamed first column is its row index and is used when nothing else is), else
      ``<clickability_test_id>_<k>`` (k = position within the test in file order).
    * ``title`` = ``headline``; ``text`` = ``excerpt``; ``start_time`` = ``created_at`` (time zone unknown,
      read as UTC).
    * ``outcome`` = ``clicks``, with ``cov_impressions`` (the exposure: model clicks out of impressions, e.g.
      a binomial GLM or log offset) and ``cov_ctr`` = clicks / impressions.
    * ``cov_test`` = an integer code of ``clickability_test_id`` (sorted order; a label, not a quantity:
      use it for within-test comparisons / fixed effects); ``cov_winner``, ``cov_first_place`` (0/1),
      ``cov_test_week``.
    """
    path = files["packages"]
    need = ["clickability_test_id", "headline", "impressions", "clicks"]
    df = read_csv_checked(path, required=need, dtype=str, keep_default_na=False)
    if len(df) == 0:
        raise DataError(f"{path}: the table is empty; expected at least one data row")
    idcol = next((c for c in ("package_id", "id", "Unnamed: 0", "") if c in df.columns), None)
    test = df["clickability_test_id"].str.strip()
    if idcol is not None:
        item = df[idcol].str.strip()
    else:
        item = test + "_" + df.groupby(test, sort=False).cumcount().astype(str)
    imp = _numeric(df["impressions"], path, "impressions")
    clicks = _numeric(df["clicks"], path, "clicks")

    def flag(col):
        if col not in df.columns:
            return np.full(len(df), np.nan)
        s = df[col].str.strip().str.lower()
        return s.map({"true": 1.0, "false": 0.0, "1": 1.0, "0": 0.0}).astype(float).to_numpy()

    codes = {t: float(i) for i, t in enumerate(sorted(test.unique()))}
    items = {
        "item_id": item,
        "start_time": _unix_seconds(_parse_utc(df["created_at"], path, "created_at"))
        if "created_at" in df.columns
        else np.nan,
        "title": df["headline"].astype("string"),
        "text": df["excerpt"].astype("string") if "excerpt" in df.columns else pd.NA,
        "outcome": clicks,
        "cov_impressions": imp,
        "cov_ctr": clicks / imp.where(imp > 0),
        "cov_test": test.map(codes).astype(float),
        "cov_winner": flag("winner"),
        "cov_first_place": flag("first_place"),
    }
    if "test_week" in df.columns:
        items["cov_test_week"] = _numeric(df["test_week"], path, "test_week")
    notes = [
        f"{len(df)} packages in {len(codes)} tests; outcome = clicks, exposure = cov_impressions; compare "
        "headlines within a test (cov_test is a test code, not a quantity)",
        f"item_id from column {idcol!r}" if idcol is not None else "item_id = <test id>_<k>",
    ]
    return {"items": pd.DataFrame(items), "notes": notes, "time_unit": "s"}


ACTIVE_DAYS = (1, 7, 14, 30, 90, 120)


@register(
    "youtube_active",
    tables=("items",),
    columns={"items": ("start_time", "creator", "title", "text", "outcome")},
    roles=("json",),
    outcome_kind="count",
)
def read_youtube_active(files, options):
    """YouTube ACTIVE data set (Rizoiu et al. WWW 2017, ``active-dataset.json[.bz2|.gz]``) → items.

    The file is a JSON array of videos (JSON lines also accepted). The daily series are aggregate counts, not
    individual adoptions, so there is no events table: each video is an item with

    * ``item_id`` = ``YoutubeID``, ``title``, ``text`` = ``description``, ``creator`` = ``channelId``,
      ``start_time`` = ``uploadDate`` (UTC) as Unix seconds;
    * ``outcome`` = ``totalViewcount``;
    * ``cov_views_day_<d>`` = cumulative views after d days (d in 1, 7, 14, 30, 90, 120; missing when the
      series is shorter): the early-vs-late popularity pairs of Szabo & Huberman;
    * ``cov_shares_day_<d>``, ``cov_tweets_day_<d>`` likewise from ``numShare`` and ``dailyTweets``
      (null days count 0), ``cov_total_share``, ``cov_total_tweet``, ``cov_n_days`` (series length).
    """
    path = files["json"]
    with _open_text(path) as fh:
        raw = fh.read()
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        try:
            data = [json.loads(ln) for ln in raw.splitlines() if ln.strip()]
        except json.JSONDecodeError as exc:
            raise DataError(
                f"{path}: not JSON (expected an array of videos or JSON lines): {exc}"
            ) from exc
    if isinstance(data, dict):
        data = [data]
    if not data:
        raise DataError(f"{path}: the table is empty; expected at least one video")

    def cum_at(series, d):
        if not isinstance(series, list) or len(series) < d:
            return np.nan
        return float(sum(0.0 if x is None else float(x) for x in series[:d]))

    rows = []
    for i, v in enumerate(data):
        if not isinstance(v, dict) or "YoutubeID" not in v:
            raise DataError(f"{path}: video {i + 1}: expected an object with a 'YoutubeID' field")
        views = v.get("dailyViewcount")
        total = v.get("totalViewcount")
        if total is None and isinstance(views, list):
            total = sum(0.0 if x is None else float(x) for x in views)
        row = {
            "item_id": str(v["YoutubeID"]),
            "upload": v.get("uploadDate"),
            "creator": v.get("channelId"),
            "title": v.get("title"),
            "text": v.get("description"),
            "outcome": np.nan if total is None else float(total),
            "cov_total_share": float(v["totalShare"])
            if v.get("totalShare") is not None
            else np.nan,
            "cov_total_tweet": float(v["totalTweet"])
            if v.get("totalTweet") is not None
            else np.nan,
            "cov_n_days": float(len(views)) if isinstance(views, list) else np.nan,
        }
        for d in ACTIVE_DAYS:
            row[f"cov_views_day_{d}"] = cum_at(views, d)
            row[f"cov_shares_day_{d}"] = cum_at(v.get("numShare"), d)
            row[f"cov_tweets_day_{d}"] = cum_at(v.get("dailyTweets"), d)
        rows.append(row)
    df = pd.DataFrame(rows)
    up = df.pop("upload").astype("string")
    df.insert(1, "start_time", _unix_seconds(_parse_utc(up, path, "uploadDate")))
    notes = [
        f"{len(df)} videos; outcome = totalViewcount; daily series summarised as cumulative counts at days "
        f"{', '.join(map(str, ACTIVE_DAYS))} (cov_views_day_*); no per-user events exist in this data",
    ]
    return {"items": df, "notes": notes, "time_unit": "s"}


# --------------------------------------------------------------------------------------------------
# lexicons (Study C)

LEXICON_FORMATS = ("nrc_vad", "warriner", "nrc_emotion")


def _lexicon_placeholder(fmt: str) -> Callable:
    def func(files, options):
        raise DataError(
            f"format {fmt!r} is a word lexicon: configure it under lexicons:, not datasets: "
            "(it is built by virality.adapters.build_lexicon)"
        )

    return func


for _fmt, _roles, _desc in (
    (
        "nrc_vad",
        ("lexicon",),
        "NRC-VAD lexicon v1 (Mohammad 2018): word, valence, arousal, dominance.",
    ),
    ("warriner", ("lexicon",), "Warriner et al. (2013) norms, rescaled (x - 1) / 8 to [0, 1]."),
    ("nrc_emotion", (), "NRC emotion lexicon shipped in the nrclex wheel: 10 0/1 emotion columns."),
):
    register(_fmt, tables=(), roles=_roles, lexicon=True, description=_desc)(
        _lexicon_placeholder(_fmt)
    )


def _finish_lexicon(df: pd.DataFrame, source: str, value_cols) -> pd.DataFrame:
    df = df.copy()
    original = df["word"].astype("string").str.strip()
    df["word"] = original.str.lower()
    # case variants ("AIDS"/"aids"): the entry already in lower case wins, else the first
    df = df.iloc[np.argsort((original != df["word"]).to_numpy(), kind="stable")]
    empty = df["word"].isna() | (df["word"] == "")
    if empty.any():
        i = int(np.flatnonzero(empty.to_numpy())[0])
        raise DataError(f"{source}: row {i + 1}: empty word")
    for c in value_cols:
        v = df[c].to_numpy(dtype=float)
        bad = ~np.isfinite(v) | (v < 0) | (v > 1)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise DataError(
                f"{source}: column {c!r}, row {i + 1}: expected a score in [0, 1], got {v[i]!r}"
            )
    df = df.drop_duplicates("word", keep="first").sort_values("word", kind="mergesort")
    return df[["word", *value_cols]].reset_index(drop=True)


def build_lexicon(
    fmt: str, files: Mapping[str, Path], options: Mapping | None = None
) -> pd.DataFrame:
    """A word lexicon as a table: ``word`` (lower case, unique, sorted) plus scores in [0, 1].

    * ``nrc_vad``: NRC-VAD v1 (Mohammad 2018), tab-separated ``Word Valence Arousal Dominance`` →
      ``valence, arousal, dominance`` as published (already in [0, 1]).
    * ``warriner``: Warriner, Kuperman & Brysbaert (2013) CSV → ``V/A/D.Mean.Sum`` rescaled by (x - 1) / 8 from
      the 1..9 rating scale to [0, 1].
    * ``nrc_emotion``: the NRC Word-Emotion Association Lexicon (Mohammad & Turney 2013) as shipped in the
      ``nrclex`` wheel (``nrclex/data/nrc_en.json``; no files needed) → 0/1 columns ``anger, anticipation,
      disgust, fear, joy, negative, positive, sadness, surprise, trust``.

    Words are read as text (so "null" and "nan" stay words) and lower-cased; of case variants (Warriner has 10,
    e.g. "AIDS" and "aids") the entry already in lower case is kept.
    """
    options = options or {}
    if fmt == "nrc_vad":
        path = files["lexicon"]
        df = read_csv_checked(
            path,
            required=["Word", "Valence", "Arousal", "Dominance"],
            sep="\t",
            dtype=str,
            keep_default_na=False,
            quoting=csv.QUOTE_NONE,
        )
        out = pd.DataFrame({"word": df["Word"]})
        for c in ("Valence", "Arousal", "Dominance"):
            out[c.lower()] = _numeric(df[c], path, c)
        return _finish_lexicon(out, str(path), ("valence", "arousal", "dominance"))
    if fmt == "warriner":
        path = files["lexicon"]
        cols = {"valence": "V.Mean.Sum", "arousal": "A.Mean.Sum", "dominance": "D.Mean.Sum"}
        df = read_csv_checked(
            path, required=["Word", *cols.values()], dtype=str, keep_default_na=False
        )
        out = pd.DataFrame({"word": df["Word"]})
        for k, c in cols.items():
            out[k] = (_numeric(df[c], path, c) - 1.0) / 8.0
        return _finish_lexicon(out, str(path), tuple(cols))
    if fmt == "nrc_emotion":
        res = importlib.resources.files("nrclex") / "data" / "nrc_en.json"
        data = json.loads(res.read_text(encoding="utf-8"))
        words = sorted(data)
        out = pd.DataFrame({"word": words})
        for emo in NRC_EMOTIONS:
            out[emo] = [1.0 if emo in data[w] else 0.0 for w in words]
        unknown = sorted({e for w in words for e in data[w]} - set(NRC_EMOTIONS))
        if unknown:
            raise DataError(f"{res}: unexpected emotion categories {', '.join(unknown)}")
        return _finish_lexicon(out, str(res), NRC_EMOTIONS)
    raise DataError(f"unknown lexicon format {fmt!r}; known formats: {', '.join(LEXICON_FORMATS)}")
