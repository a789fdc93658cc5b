"""Cha, Mislove & Gummadi (WWW 2009): the share of adoptions that travel by word of mouth.

An adoption is *social* when some account the adopter follows adopted the same item strictly earlier
(Cha et al. 2009, Sec. 5); the item's creator counts as an adopter at ``items.start_time``. With dated links
(``edges.created``) a link counts only when it was made before the adoption, as Cha et al. required with the
``flickr-growth`` dates. The follower pairs within items come from a DuckDB join (:func:`followee_pairs`);
the nulls, the corrections and the bootstrap are in :mod:`.nulls`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import ids

log = logging.getLogger("virality.attribution")


@dataclass
class Adoptions:
    """Adoptions in integer form, sorted by item then time (the creator's seed included).

    ``item`` and ``user`` are integer codes into ``item_ids`` / ``user_ids``; ``seed`` marks the creator's
    adoption (at ``items.start_time``), which is the origin of the item and not counted in any share.
    """

    item: np.ndarray
    user: np.ndarray
    time: np.ndarray
    seed: np.ndarray
    item_ids: np.ndarray
    user_ids: np.ndarray
    #: seeds added from ``items`` (the creator is not among the events); ``None``: none added
    seed_added: np.ndarray | None = None
    #: ``item_ids`` / ``user_ids`` as Arrow arrays (``None``: made from them when needed)
    item_dict: pa.Array | None = None
    user_dict: pa.Array | None = None

    def with_dictionaries(self, item_dict: pa.Array, user_dict: pa.Array) -> Adoptions:
        """The same adoptions, their identifiers also kept as Arrow arrays (for :meth:`frame`)."""
        self.item_dict, self.user_dict = item_dict, user_dict
        return self

    @classmethod
    def in_order(
        cls, item, user, time, seed, item_ids, user_ids, seed_added=None
    ) -> tuple[Adoptions, np.ndarray]:
        """Adoptions from unsorted codes, sorted by item then time with the seed first among ties (so a
        creator is never "after" an adoption at the same instant); also the order applied."""
        order = np.lexsort((~seed, time, item))
        ad = cls(
            item=item[order].astype(np.int64),
            user=user[order].astype(np.int64),
            time=time[order],
            seed=seed[order],
            item_ids=np.asarray(item_ids, dtype=object),
            user_ids=np.asarray(user_ids, dtype=object),
            seed_added=None if seed_added is None else seed_added[order],
        )
        return ad, order

    def __len__(self) -> int:
        return int(self.item.size)

    def items_arrow(self) -> pa.Array:
        """``item_ids`` as an Arrow array."""
        return self.item_dict if self.item_dict is not None else _arrow(self.item_ids)

    def users_arrow(self) -> pa.Array:
        """``user_ids`` as an Arrow array."""
        return self.user_dict if self.user_dict is not None else _arrow(self.user_ids)

    def frame(self) -> pd.DataFrame:
        """One row per adoption: ``item_id, user_id, time, seed`` (strings taken from the dictionaries)."""
        return pd.DataFrame(
            {
                "item_id": pd.array(self.items_arrow().take(self.item), dtype="string"),
                "user_id": pd.array(self.users_arrow().take(self.user), dtype="string"),
                "time": self.time,
                "seed": self.seed,
            }
        )


def _arrow(values: np.ndarray) -> pa.Array:
    return ids.arrow_strings(
        pd.Series(np.asarray(values, dtype=object), dtype="string")
    ).combine_chunks()


def build_adoptions(
    events: pd.DataFrame, items: pd.DataFrame | None = None, edges: pd.DataFrame | None = None
) -> Adoptions:
    """Adoptions from canonical ``events`` plus each item's creator at ``items.start_time``.

    If the creator already appears among the item's events, that event is kept (and marked ``seed``); if
    the creator is missing, a seed adoption is added at ``start_time`` (or, without ``start_time``, at the
    item's first adoption time). Without ``items.creator`` no adoption is a seed. The users are those of
    the events, the added seeds and ``edges``. Identifiers are coded with Arrow (no Python string per row).
    """
    it = None
    if items is not None and "creator" in items.columns and len(items):
        it = items.loc[items["creator"].notna()]
    with_edges = edges is not None and len(edges) > 0
    ev_time = events["time"].to_numpy(dtype="float64")
    n_ev = ev_time.size
    i_codes, i_dict = ids.sorted_codes(
        ids.concat([ids.arrow_strings(c) for c in (events["item_id"], *_col(it, "item_id"))])
    )
    users = [events["user_id"], *_col(it, "creator")]
    users += [edges["source"], edges["target"]] if with_edges else []
    u_codes, u_dict = ids.sorted_codes(ids.concat([ids.arrow_strings(c) for c in users]))
    ev_i, ev_u = i_codes[:n_ev], u_codes[:n_ev]
    ev_seed = np.zeros(n_ev, dtype=bool)
    ex_i = ex_u = np.zeros(0, dtype=np.int64)
    ex_t = np.zeros(0)
    if it is not None:
        cr_i, cr_u = i_codes[n_ev:], u_codes[n_ev : n_ev + len(it)]
        first = np.full(len(i_dict), np.nan)
        np.fmin.at(first, ev_i[ev_i >= 0], ev_time[ev_i >= 0])
        t0 = first[cr_i]
        if "start_time" in it.columns:
            start = it["start_time"].to_numpy(dtype="float64", na_value=np.nan)
            t0 = np.where(np.isnan(start), t0, start)
        ok = ~np.isnan(t0)
        key_ev = ev_i * len(u_dict) + ev_u  # (item, user) as one integer
        key_cr = cr_i[ok] * len(u_dict) + cr_u[ok]
        present = ids.member(key_cr, key_ev)
        ev_seed = ids.member(key_ev, key_cr)
        ex_i, ex_u, ex_t = cr_i[ok][~present], cr_u[ok][~present], t0[ok][~present]
    edge_u = u_codes[n_ev + (len(it) if it is not None else 0) :]
    item, i_dict = ids.keep_used(
        np.concatenate([ev_i, ex_i]), ids.used_flags(len(i_dict), ev_i, ex_i), i_dict
    )
    used_u = ids.used_flags(len(u_dict), ev_u, ex_u, edge_u)
    user, u_dict = ids.keep_used(np.concatenate([ev_u, ex_u]), used_u, u_dict)
    time = np.concatenate([ev_time, ex_t])
    seed = np.concatenate([ev_seed, np.ones(ex_i.size, dtype=bool)])
    added = np.concatenate([np.zeros(n_ev, dtype=bool), np.ones(ex_i.size, dtype=bool)])
    return Adoptions.in_order(
        item, user, time, seed, ids.as_objects(i_dict), ids.as_objects(u_dict), added
    )[0].with_dictionaries(i_dict, u_dict)


def _col(frame: pd.DataFrame | None, name: str) -> list[pd.Series]:
    """``[frame[name]]``, or ``[]`` without the frame."""
    return [] if frame is None else [frame[name]]


def adoptions_from_frame(frame: pd.DataFrame) -> tuple[Adoptions, np.ndarray]:
    """:class:`Adoptions` and social flags back from a table ``item_id, user_id, time, seed, social``."""
    coded = [_factorized(frame[c]) for c in ("item_id", "user_id")]
    seed = frame["seed"].to_numpy(dtype=bool)
    time = frame["time"].to_numpy(dtype="float64")
    (item_codes, item_ids, item_dict), (user_codes, user_ids, user_dict) = coded
    ad, order = Adoptions.in_order(item_codes, user_codes, time, seed, item_ids, user_ids)
    if item_dict is not None and user_dict is not None:
        ad.with_dictionaries(item_dict, user_dict)
    return ad, frame["social"].to_numpy(dtype=bool)[order]


def _factorized(column: pd.Series) -> tuple[np.ndarray, np.ndarray, pa.Array | None]:
    """Sorted codes and distinct values of a column (strings coded with Arrow, kept as the third)."""
    if isinstance(column.dtype, pd.StringDtype):
        codes, dictionary = ids.sorted_codes(ids.arrow_strings(column))
        return codes, ids.as_objects(dictionary), dictionary
    codes, uniques = pd.factorize(column.to_numpy(dtype=object), sort=True)
    return codes, uniques, None


@dataclass
class Graph:
    """Follow links as user codes: ``src`` follows ``dst``; ``created`` the link's date (``nan`` = unknown,
    taken as existing throughout) or ``None`` when the data have no dates."""

    src: np.ndarray
    dst: np.ndarray
    created: np.ndarray | None = None

    @property
    def dated(self) -> bool:
        return self.created is not None

    def out_degree(self, n_users: int) -> np.ndarray:
        return np.bincount(self.src, minlength=n_users)


def encode_edges(edges: pd.DataFrame, user_ids: np.ndarray | pa.Array) -> Graph:
    """Edges (``source`` follows ``target``) as codes into ``user_ids``; unknown accounts and self-loops
    dropped; ``created`` kept when the column has a date."""
    known = user_ids if isinstance(user_ids, pa.Array) else _arrow(user_ids)
    s = ids.lookup(ids.arrow_strings(edges["source"]), known)
    t = ids.lookup(ids.arrow_strings(edges["target"]), known)
    keep = (s >= 0) & (t >= 0) & (s != t)
    created = None
    if "created" in edges.columns and edges["created"].notna().any():
        created = edges["created"].to_numpy(dtype="float64")[keep]
    return Graph(s[keep].astype(np.int64), t[keep].astype(np.int64), created)


#: Follower pairs within items: rows ``a``, ``b`` of the adoption arrays (``user[a]`` follows ``user[b]``)
#: and the link's date ``c`` (``None`` for an undated graph).
Pairs = tuple[np.ndarray, np.ndarray, np.ndarray | None]


def followee_pairs(
    item: np.ndarray,
    user: np.ndarray,
    graph: Graph,
    threads: int = 2,
    memory_limit: str | None = None,
    rows: np.ndarray | None = None,
    earlier: np.ndarray | None = None,
) -> Pairs:
    """All pairs ``(a, b)`` of adoption rows of the same item where ``user[a]`` follows ``user[b]``, sorted,
    with the date of that link when the graph is dated; with ``rows`` (a mask), only the pairs whose ``a``
    is flagged (``b`` is any row): the placebo draws need none of the seeds' pairs. With ``earlier`` (the
    rows' times; rows sorted by item, then time), only pairs with ``earlier[b] < earlier[a]``: the only
    ones :func:`social_flags` can count when the times are those given.

    Two hash joins; each adoption takes the cheaper one (cost ``min(out-degree, item size)``, or with
    ``earlier`` the number of earlier co-adopters for the item size): through its
    user's followees (adoptions ⋈ edges ⋈ adoptions) or through the item's co-adopters (adoptions ⋈
    adoptions ⋈ edges). Up to :data:`SMALL_JOIN` rows in pandas, beyond in DuckDB with the join order
    written out (DuckDB's join-order optimiser, left on, enumerates every follower of every adopter). Rows
    are positions in the arrays given.
    """
    src, dst = graph.src, graph.dst
    n = item.size
    if n == 0 or src.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), (np.zeros(0) if graph.dated else None)
    n_users = int(max(user.max(initial=0), src.max(initial=0), dst.max(initial=0))) + 1
    size = np.bincount(item)
    out_deg = graph.out_degree(n_users)[user]
    width = size[item] if earlier is None else _n_before(item, earlier)
    cheap = out_deg <= width
    wanted = np.ones(n, dtype=bool) if rows is None else np.asarray(rows, dtype=bool)
    if earlier is not None:
        wanted = wanted & (width > 0)
    small = n < 2**31 and max(int(item.max(initial=0)), n_users) < 2**31
    dt = np.int32 if small else np.int64
    adopt = pd.DataFrame(
        {"rid": np.arange(n, dtype=dt), "iid": item.astype(dt), "uid": user.astype(dt)}
    )
    if earlier is not None:
        adopt["t"] = earlier
    g = pd.DataFrame({"src": src.astype(dt), "dst": dst.astype(dt)})
    if graph.dated:
        g["c"] = graph.created
    if int(np.minimum(out_deg, width)[wanted].sum()) <= SMALL_JOIN:
        r1, r2 = _pairs_in_pandas(adopt, g, cheap, wanted)
    else:
        r1, r2 = _pairs_in_duckdb(adopt, g, cheap, wanted, graph.dated, threads, memory_limit)

    def col(name, dtype):
        return np.concatenate(
            [np.asarray(r1[name], dtype=dtype), np.asarray(r2[name], dtype=dtype)]
        )

    pa, pb = col("a", np.int64), col("b", np.int64)
    order = np.lexsort((pb, pa))
    pc = col("c", np.float64)[order] if graph.dated else None
    return pa[order], pb[order], pc


#: Joins of at most this many intermediate rows run in pandas (a DuckDB connection costs ~0.1 s).
SMALL_JOIN = 2_000_000


def _n_before(item: np.ndarray, time: np.ndarray) -> np.ndarray:
    """Per row: rows of the same item with a strictly earlier time (rows sorted by item, then time)."""
    n = item.size
    pos = np.arange(n)
    new_item = np.ones(n, dtype=bool)
    new_item[1:] = item[1:] != item[:-1]
    new_time = new_item.copy()
    new_time[1:] |= time[1:] != time[:-1]
    first_tied = np.maximum.accumulate(np.where(new_time, pos, 0))
    return first_tied - np.maximum.accumulate(np.where(new_item, pos, 0))


def _pairs_in_pandas(adopt: pd.DataFrame, g: pd.DataFrame, cheap: np.ndarray, wanted: np.ndarray):
    """:func:`followee_pairs`' two joins for small data, in pandas: frames with columns ``a, b[, c]``."""
    x = adopt.loc[cheap & wanted].merge(g, left_on="uid", right_on="src")
    r1 = x.merge(adopt, left_on=["iid", "dst"], right_on=["iid", "uid"], suffixes=("", "_b"))
    y = adopt.loc[~cheap & wanted].merge(adopt, on="iid", suffixes=("", "_b"))
    if "t" in adopt.columns:  # only earlier co-adopters (followee_pairs' earlier)
        r1, y = r1[r1["t_b"] < r1["t"]], y[y["t_b"] < y["t"]]
    r2 = y.merge(g, left_on=["uid", "uid_b"], right_on=["src", "dst"])
    return tuple(r.rename(columns={"rid": "a", "rid_b": "b"}) for r in (r1, r2))


def _pairs_in_duckdb(adopt, g, cheap, wanted, dated, threads, memory_limit):
    """:func:`followee_pairs`' two joins in DuckDB (spilling to disk beyond ``memory_limit``)."""
    import duckdb

    c_sel = ", g.c" if dated else ""
    c_x = ", x.c" if dated else ""
    timed = "t" in adopt.columns  # only earlier co-adopters (followee_pairs' earlier)
    t_x, t_1, t_2 = (", a.t", " AND b.t < x.t", " AND b.t < a.t") if timed else ("", "", "")
    con = duckdb.connect()
    try:
        con.execute(f"SET threads TO {int(max(1, threads))}")
        if memory_limit:
            con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET disabled_optimizers = 'join_order'")
        for name, df in (
            ("adopt", adopt),
            ("graph", g),
            ("via_graph", adopt.loc[cheap & wanted]),
            ("via_item", adopt.loc[~cheap & wanted]),
        ):
            con.register(name, df)
        r1 = con.execute(
            f"""
            SELECT x.rid AS a, b.rid AS b{c_x}
            FROM (
                SELECT a.rid, a.iid, g.dst{c_sel}{t_x} FROM via_graph AS a JOIN graph AS g ON g.src = a.uid
            ) AS x
            JOIN adopt AS b ON b.iid = x.iid AND b.uid = x.dst{t_1}
            """
        ).fetchnumpy()
        r2 = con.execute(
            f"""
            SELECT y.rid AS a, y.brid AS b{c_sel}
            FROM (
                SELECT a.rid, a.uid AS u, b.rid AS brid, b.uid AS w
                FROM via_item AS a JOIN adopt AS b ON b.iid = a.iid{t_2}
            ) AS y
            JOIN graph AS g ON g.src = y.u AND g.dst = y.w
            """
        ).fetchnumpy()
    finally:
        con.close()
    return r1, r2


def social_flags(time: np.ndarray, pairs: Pairs, dated: bool = False) -> np.ndarray:
    """``social[a]``: some pair ``(a, b)`` has ``time[b] < time[a]`` (strictly earlier) and, with ``dated``,
    a link made before ``time[a]`` (an unknown date counts as old)."""
    pa, pb, pc = pairs
    ok = time[pb] < time[pa]
    if dated and pc is not None:
        ok &= ~(pc >= time[pa])
    return np.bincount(pa[ok], minlength=time.size) > 0


@dataclass
class Attribution:
    """Cha et al.'s rule on one data set: the adoptions (creator seeds included), the encoded graph, the
    follower pairs within items and the per-row flags, on the static graph (every link counts) and, when
    the links are dated, on the dated graph (``social_dated``, else ``None``). Seeds are never social."""

    ad: Adoptions
    graph: Graph
    pairs: Pairs
    social: np.ndarray
    social_dated: np.ndarray | None


def attribute(
    events: pd.DataFrame,
    edges: pd.DataFrame,
    items: pd.DataFrame | None = None,
    threads: int = 2,
    memory_limit: str | None = None,
) -> Attribution:
    """Cha et al.'s social attribution of every adoption (:class:`Attribution`)."""
    ad = build_adoptions(events, items, edges)
    graph = encode_edges(edges, ad.users_arrow())
    pairs = followee_pairs(ad.item, ad.user, graph, threads=threads, memory_limit=memory_limit)
    social = social_flags(ad.time, pairs) & ~ad.seed
    dated = social_flags(ad.time, pairs, dated=True) & ~ad.seed if graph.dated else None
    log.info(
        "attribution: %d adoptions (%d seeds), %d links%s, %d follower pairs within items, %d social%s",
        len(ad),
        int(ad.seed.sum()),
        graph.src.size,
        " (dated)" if graph.dated else "",
        pairs[0].size,
        int(social.sum()),
        f", {int(dated.sum())} with dated links" if dated is not None else "",
    )
    return Attribution(ad, graph, pairs, social, dated)


def item_counts(
    item: np.ndarray, social: np.ndarray, seed: np.ndarray, n_items: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per item: number of non-seed adoptions and number of them that are social."""
    counted = ~seed
    n = np.bincount(item[counted], minlength=n_items).astype(np.int64)
    s = np.bincount(item[counted & social], minlength=n_items).astype(np.int64)
    return n, s


def item_table(ad: Adoptions, social: np.ndarray) -> pd.DataFrame:
    """Per item: start, adoptions (seed excluded), social adoptions and word-of-mouth share."""
    n_items = len(ad.item_ids)
    n, s = item_counts(ad.item, social, ad.seed, n_items)
    start = np.full(n_items, np.inf)
    np.minimum.at(start, ad.item, ad.time)
    return pd.DataFrame(
        {
            "item_id": pd.array(ad.items_arrow(), dtype="string"),
            "start_time": start,
            "n_adoptions": n,
            "n_social": s,
            "wom_share": np.where(n > 0, s / np.maximum(n, 1), np.nan),
        }
    )
