"""Tests of Study A's retweet trees (virality.attribution.trees): structural virality, channels."""

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from virality.attribution import trees as A
from virality.attribution.social import adoptions_from_frame


def _tree_events(item, parent_of):
    rows = [(item, u, p) for u, p in parent_of.items()]
    df = pd.DataFrame(rows, columns=["item_id", "user_id", "parent_user_id"]).astype("string")
    return df


@pytest.mark.parametrize("n", [2, 5, 30])
def test_structural_virality_star_and_path(n):
    star = _tree_events("s", {"r": None, **{f"c{k}": "r" for k in range(n - 1)}})
    path = _tree_events("p", {"n0": None, **{f"n{k}": f"n{k - 1}" for k in range(1, n)}})
    t = A.tree_metrics(pd.concat([star, path])).set_index("item_id")
    # star: W = (n-1)^2 over n(n-1)/2 pairs -> 2(n-1)/n; path: W = n(n^2-1)/6 -> (n+1)/3
    assert t.loc["s", "structural_virality"] == pytest.approx(2 * (n - 1) / n)
    assert t.loc["p", "structural_virality"] == pytest.approx((n + 1) / 3)
    assert t.loc["s", "depth1_share"] == 1.0 and t.loc["s", "max_depth"] == 1
    assert (
        t.loc["p", "depth1_share"] == pytest.approx(1 / (n - 1))
        and t.loc["p", "max_depth"] == n - 1
    )


def test_structural_virality_matches_networkx_wiener_index():
    rng = np.random.default_rng(8)
    frames, expected = [], {}
    for k in range(20):
        n = int(rng.integers(2, 60))
        parents = {f"u{j}": (f"u{int(rng.integers(0, j))}" if j else None) for j in range(n)}
        frames.append(_tree_events(f"t{k}", parents))
        g = nx.Graph([(u, p) for u, p in parents.items() if p])
        expected[f"t{k}"] = nx.wiener_index(g) / (n * (n - 1) / 2)
    t = A.tree_metrics(pd.concat(frames)).set_index("item_id")
    for k, v in expected.items():
        assert t.loc[k, "structural_virality"] == pytest.approx(v)


def test_tree_with_missing_parent_hangs_from_root_and_summary_bins():
    ev = _tree_events("x", {"r": None, "a": "r", "b": "a", "c": "ghost"})
    t = A.tree_metrics(ev).set_index("item_id")
    # c's parent never adopted: c becomes a depth-1 child of the root; depths 1,2,1 -> shares 2/3, 1/3
    assert t.loc["x", "depth1_share"] == pytest.approx(2 / 3)
    assert t.loc["x", "structural_virality"] == pytest.approx((1 + 2 + 1 + 1 + 2 + 3) / 6)
    s = A.broadcast_summary(t.reset_index(), [2, 10, math.inf])
    assert s["size_bin"].tolist() == ["all", "[2,10)", "[10,inf)"]
    assert s["n_cascades"].tolist() == [1, 1, 0]


def test_tree_adoptions_label_broadcast_and_person_to_person():
    """Depth 1 (parent = source account) is broadcast (non-social); deeper is person to person."""
    events = pd.DataFrame(
        {
            "item_id": ["t1"] * 5 + ["t2"] * 2,
            "user_id": ["root", "a", "b", "c", "d", "r2", "x"],
            "time": [0.0, 1.0, 2.0, 3.0, 4.0, 0.0, 5.0],
            "parent_user_id": pd.array(
                [None, "root", "root", "a", "c", None, "r2"], dtype="string"
            ),
        }
    )
    items = pd.DataFrame({"item_id": ["t1", "t2"], "creator": ["root", "r2"]})
    out = A.tree_adoptions(events, items)
    assert out["seed"].tolist() == [True, False, False, False, False, True, False]
    assert out["social"].tolist() == [False, False, False, True, True, False, False]
    ad, social = adoptions_from_frame(out)
    assert int(social.sum()) == 2 and int(ad.seed.sum()) == 2
