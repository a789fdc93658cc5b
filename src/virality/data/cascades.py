"""Cascade formats: Topo-LSTM (Wang et al. ICDM 2017), Twitter15/16 retweet trees (Ma, Gao & Wong ACL 2017),
the SEISMIC example cascade (Zhao et al. KDD 2015) and SNAP Higgs Twitter (De Domenico et al. 2013).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..files import DataError, read_csv_checked
from . import register
from .helpers import (
    dummies,
    first_adoptions,
    items_from_events,
    numeric,
    open_text,
    params_of,
    read_rows,
)

# --------------------------------------------------------------------------------------------------
# Topo-LSTM cascades (Wang et al. ICDM 2017): twitter (with graph.txt) and memes


def _read_topolstm_cascades(path: Path, split: str, scale: float):
    rows_item, rows_user, rows_time, items = [], [], [], []
    with open_text(path) as fh:
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
    p = params_of(options)
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
    events, notes = first_adoptions(pd.concat(evs, ignore_index=True))
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
TREE_COLUMNS = (
    "dataset",
    "source_tweet_id",
    "label",
    "parent_uid",
    "parent_tweet_id",
    "parent_delay_min",
    "child_uid",
    "child_tweet_id",
    "child_delay_min",
)


def _read_tree_lines(path: Path) -> pd.DataFrame:
    """The edge lines of the trees CSV (ids as text, delays as floats), columns in TREE_COLUMNS order."""
    need = list(TREE_COLUMNS)
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
            numeric(df[c], path, c)
        raise
    return df[need]


def _tree_times(nodes: pd.DataFrame, key: pd.Index) -> tuple[np.ndarray, int, int]:
    """Seconds after the source tweet, a child clamped to its parent's (clamped) time down the tree.

    ``key`` is each node's ``tree|uid|tweet_id``. Returns the times and the numbers of children earlier than
    their parent and of negative delays.
    """
    cdel = nodes["child_delay_min"].to_numpy() * 60.0
    pdel = nodes["parent_delay_min"].to_numpy() * 60.0
    t = np.maximum(np.maximum(cdel, pdel), 0.0)
    n_early = int(((cdel < pdel) & (nodes["parent_uid"] != "ROOT").to_numpy()).sum())
    n_negative = int((cdel < 0).sum())
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
    return t, n_early, n_negative


def _one_tree_per_source(df: pd.DataFrame, keep_both: bool) -> tuple[pd.DataFrame, str]:
    """The lines of one tree per source tweet (the first collection's, in name order) unless ``keep_both``;
    and the manifest note saying how many trees were kept."""
    trees = df[["dataset", "source_tweet_id", "tree"]].drop_duplicates("tree")
    n_trees, n_sources = len(trees), trees["source_tweet_id"].nunique()
    n_twins = n_trees - n_sources
    if keep_both or n_twins == 0:
        return df, (
            f"{n_trees} trees of {n_sources} source tweets kept"
            + (f" ({n_twins} sources in both collections, both trees kept)" if n_twins else "")
        )
    first = trees.sort_values(["source_tweet_id", "dataset"], kind="stable")
    keep = set(first.drop_duplicates("source_tweet_id")["tree"])
    dropped = sorted(set(trees["tree"]) - keep)
    kept = df[df["tree"].isin(keep)].reset_index(drop=True)
    note = (
        f"one tree per source tweet: {len(keep)} of {n_trees} trees kept ({len(kept)} of {len(df)} "
        f"lines); the {n_twins} sources in both collections keep their first collection's tree "
        f"({len(dropped)} dropped, e.g. {dropped[0]}); params.keep_duplicate_sources: true keeps both"
    )
    return kept, note


@register(
    "twitter_trees",
    tables=("events", "items"),
    columns={"events": ("parent_user_id",), "items": ("start_time", "creator")},
    roles=("edges",),
)
def read_twitter_trees(files, options):
    """Twitter15/16 retweet trees (one CSV row per ``parent -> child`` line) → events with parents.

    Rules (documented in data/README.md):

    1. ``item_id`` = ``<dataset>_<source_tweet_id>``. twitter15 and twitter16 share 169 source tweets whose
       two trees hold the same users (twins): by default one tree per source tweet is kept, the first
       collection's (2,139 trees of 2,308), so that no twin can sit on both sides of a train/test split;
       ``params.keep_duplicate_sources: true`` keeps both (2,308). The manifest notes give the count.
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
    keep_both = params_of(options).get("keep_duplicate_sources", False)
    if not isinstance(keep_both, bool):
        raise DataError(
            f"twitter_trees: params.keep_duplicate_sources must be true or false, got {keep_both!r}"
        )
    df = _read_tree_lines(path)
    df["tree"] = df["dataset"] + "_" + df["source_tweet_id"]
    df, twin_note = _one_tree_per_source(df, keep_both)
    n_rows = len(df)
    # the ROOT line of a tree wins over an earlier line naming the same node (some trees start with a
    # self-loop line of the root), then file order
    is_root_line = (df["parent_uid"] == "ROOT").to_numpy()
    df = df.iloc[np.argsort(~is_root_line, kind="stable")].reset_index(drop=True)
    node_key = df["tree"] + "|" + df["child_uid"] + "|" + df["child_tweet_id"]
    dup = node_key.duplicated().to_numpy()
    nodes = df[~dup].reset_index(drop=True)
    t, n_early, n_negative = _tree_times(nodes, pd.Index(node_key[~dup].to_numpy()))
    is_root = (nodes["parent_uid"] == "ROOT").to_numpy()
    ev = pd.DataFrame(
        {
            "item_id": nodes["tree"],
            "user_id": nodes["child_uid"],
            "time": t,
            "parent_user_id": nodes["parent_uid"].mask(is_root),
        }
    )
    events, notes = first_adoptions(ev, "retweet")
    roots = nodes[is_root].drop_duplicates("tree")
    items = pd.DataFrame(
        {
            "item_id": roots["tree"].to_numpy(),
            "start_time": 0.0,
            "creator": roots["child_uid"].to_numpy(),
            **dummies(roots["label"], "label", [_l for _l in TREE_LABELS], reference="non-rumor"),
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
        twin_note,
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
    df = read_rows(path, cols)
    item = str(params_of(options).get("item_id", "127001313513967616"))
    events = pd.DataFrame(
        {
            "item_id": item,
            "user_id": [str(i) for i in range(len(df))],
            "time": numeric(df["relative_time_second"], path, "relative_time_second").to_numpy(),
            "followers": numeric(df["number_of_followers"], path, "number_of_followers").to_numpy(),
        }
    )
    items = pd.DataFrame({"item_id": [item], "start_time": [0.0], "creator": ["0"]})
    notes = [f"one cascade of {len(df)} (re)tweets; user ids are row numbers (none in the data)"]
    return {"events": events, "items": items, "notes": notes, "time_unit": "s"}


# --------------------------------------------------------------------------------------------------
# SNAP Higgs Twitter (De Domenico et al. 2013)

HIGGS_ANNOUNCEMENT = "2012-07-04T07:00:00Z"  # start of the CERN seminar, 09:00 CEST


def _higgs_edges(files, events: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """ "A sees B" edges from the retweet network file if configured, else from the first retweets."""
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
    return edges.sort_values(["source", "target"]).reset_index(drop=True), src


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
    p = params_of(options)
    path = files["activity"]
    act = pd.read_csv(
        path,
        sep=" ",
        header=None,
        names=["a", "b", "t", "kind"],
        dtype={"a": str, "b": str, "kind": str},
    )
    t = numeric(act["t"], path, "timestamp (3rd field)")
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
    events, notes = first_adoptions(ev, "retweet")
    items = items_from_events(events, creator=False)
    items["creator"] = items["item_id"]
    ann = pd.Timestamp(p.get("announcement_time", HIGGS_ANNOUNCEMENT))
    ann = ann.tz_localize("UTC") if ann.tzinfo is None else ann.tz_convert("UTC")
    ann_s = (ann - pd.Timestamp("1970-01-01", tz="UTC")).total_seconds() - origin
    exposures = pd.DataFrame(
        {"item_id": items["item_id"], "time": ann_s, "kind": p.get("exposure_kind", "announcement")}
    )
    edges, src = _higgs_edges(files, events)
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
