"""Broadcast versus person to person on retweet trees (Goel, Anderson, Hofman & Watts 2016).

Per tree: the depth-1 ("broadcast") share and the structural virality of Goel et al. (Management Science
2016, Appendix A), the mean shortest-path distance over all pairs of nodes, computed in O(n) from subtree
sizes (Wiener index ``W = Σ_e s_e (n − s_e)``). Parent links also label each adoption's channel.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def tree_adoptions(events: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Adoptions labelled by channel from explicit parent links (retweet trees), for the trajectory step.

    An adoption whose parent is the item's creator (the source account) is the broadcast analogue of
    editorial exposure: non-social. One whose parent is another adopter travelled person to person:
    social (word of mouth). The creator's own row (no parent) is the seed. Returns the table
    ``item_id, user_id, time, seed, social`` that :func:`adoptions_from_frame` reads.
    """
    creator = items.set_index("item_id")["creator"] if "creator" in items.columns else None
    ev = events[["item_id", "user_id", "time", "parent_user_id"]].copy()
    root = (
        ev["item_id"].map(creator).astype("string")
        if creator is not None
        else pd.Series(pd.NA, index=ev.index, dtype="string")
    )
    parent = ev["parent_user_id"].astype("string")
    seed = parent.isna() | (ev["user_id"].astype("string") == root).fillna(False)
    social = ~seed & (parent != root).fillna(True)
    return pd.DataFrame(
        {
            "item_id": ev["item_id"].astype("string"),
            "user_id": ev["user_id"].astype("string"),
            "time": ev["time"].astype("float64"),
            "seed": seed.to_numpy(dtype=bool),
            "social": social.to_numpy(dtype=bool),
        }
    )


def tree_metrics(events: pd.DataFrame) -> pd.DataFrame:
    """Per tree (item): size, depth-1 share, depth ≥ 2 share, maximum depth, structural virality.

    ``events`` needs ``item_id, user_id, parent_user_id``; the root has no parent (or a parent that did not
    adopt the item, in which case the node hangs from the root as a depth-1 node if a root exists, else it
    is a root itself). Depths come from vectorised pointer doubling; structural virality (Goel et al. 2016)
    is the Wiener index over ``n(n−1)/2`` pairs with ``W = Σ_{non-root v} s_v (n − s_v)`` (``s_v`` the size of
    the subtree under ``v``), accumulated level by level from the deepest (a loop over depth levels).
    Shares are of non-root adoptions. Trees of one node have ``nan`` virality.
    """
    ev = events[["item_id", "user_id", "parent_user_id"]].drop_duplicates(["item_id", "user_id"])
    ev = ev.sort_values(["item_id", "user_id"]).reset_index(drop=True)
    item_codes, item_ids = pd.factorize(ev["item_id"], sort=True)
    n = len(ev)
    node_key = pd.MultiIndex.from_arrays([ev["item_id"], ev["user_id"]])
    par_key = pd.MultiIndex.from_arrays([ev["item_id"], ev["parent_user_id"]])
    parent = node_key.get_indexer(par_key)
    parent[ev["parent_user_id"].isna().to_numpy()] = -1
    parent[parent == np.arange(n)] = -1
    # one root per tree: a node without parent (the source) if there is one, else the parentless node
    # first by user id; nodes whose parent never adopted the item hang from that root
    is_root = parent < 0
    pref = np.where(ev["parent_user_id"].isna().to_numpy(), 0, 1)
    cand = np.flatnonzero(is_root)
    cand = cand[np.lexsort((cand, pref[cand], item_codes[cand]))]
    first = cand[np.r_[True, item_codes[cand][1:] != item_codes[cand][:-1]]]
    root_of = np.full(len(item_ids), -1)
    root_of[item_codes[first]] = first
    extra = is_root & (root_of[item_codes] != np.arange(n))
    parent[extra] = root_of[item_codes[extra]]
    # depths by pointer doubling; a node still pointing somewhere after 64 rounds sits on (or under) a
    # cycle, which a tree cannot have: such nodes are re-attached to their tree's root
    for _attempt in range(2):
        depth = np.where(parent >= 0, 1, 0).astype(np.int64)
        anc = parent.copy()
        for _ in range(64):
            live = anc >= 0
            if not live.any():
                break
            a = anc[live]
            depth[live] += depth[a]  # depth[x] is the distance from x to anc[x] (0 for a root)
            anc[live] = anc[a]
        bad = anc >= 0
        if not bad.any():
            break
        parent[bad] = root_of[item_codes[bad]]
        parent[parent == np.arange(n)] = -1
    size_tree = np.bincount(item_codes, minlength=len(item_ids))
    sub = np.ones(n, dtype=np.int64)
    for lev in range(int(depth.max(initial=0)), 0, -1):
        at = np.flatnonzero(depth == lev)
        np.add.at(sub, parent[at], sub[at])
    nt = size_tree[item_codes]
    contrib = np.where(parent >= 0, sub * (nt - sub), 0).astype(float)
    wiener = np.bincount(item_codes, weights=contrib, minlength=len(item_ids))
    pairs = size_tree * (size_tree - 1) / 2.0
    d1 = np.bincount(item_codes, weights=(depth == 1).astype(float), minlength=len(item_ids))
    d2 = np.bincount(item_codes, weights=(depth >= 2).astype(float), minlength=len(item_ids))
    nonroot = np.maximum(size_tree - 1, 1)
    max_depth = np.zeros(len(item_ids), dtype=np.int64)
    np.maximum.at(max_depth, item_codes, depth)
    return pd.DataFrame(
        {
            "item_id": pd.array(np.asarray(item_ids, dtype=object), dtype="string"),
            "size": size_tree.astype(np.int64),
            "depth1_share": np.where(size_tree > 1, d1 / nonroot, np.nan),
            "depth2plus_share": np.where(size_tree > 1, d2 / nonroot, np.nan),
            "max_depth": max_depth,
            "structural_virality": np.where(pairs > 0, wiener / np.maximum(pairs, 1), np.nan),
        }
    )


def broadcast_summary(trees: pd.DataFrame, bins: list[float]) -> pd.DataFrame:
    """Depth-1 versus deeper shares and structural virality by cascade size bin (plus an ``all`` row)."""
    t = trees.loc[trees["size"] > 1]
    edges = np.asarray(bins, dtype=float)
    labels = [
        f"[{int(edges[k])},{int(edges[k + 1]) if np.isfinite(edges[k + 1]) else 'inf'})"
        for k in range(len(edges) - 1)
    ]
    cut = pd.cut(t["size"], edges, right=False, labels=labels)
    rows = []
    for lab, g in [("all", t)] + [(lab, t.loc[cut == lab]) for lab in labels]:
        non_root = (g["size"] - 1).sum()
        rows.append(
            {
                "size_bin": lab,
                "n_cascades": len(g),
                "n_adoptions": int(non_root),
                "depth1_share": math.fsum(g["depth1_share"] * (g["size"] - 1)) / non_root
                if non_root
                else math.nan,
                "depth2plus_share": float(
                    math.fsum(g["depth2plus_share"] * (g["size"] - 1)) / non_root
                )
                if non_root
                else math.nan,
                "mean_structural_virality": math.fsum(g["structural_virality"].dropna())
                / max(int(g["structural_virality"].notna().sum()), 1)
                if len(g)
                else math.nan,
                "median_structural_virality": float(g["structural_virality"].median())
                if len(g)
                else math.nan,
            }
        )
    return pd.DataFrame(rows)
