"""Study A figures: published reference lines (value, legend text with source status) and the hybrid
example that mixes social and non-social adoptions."""

import numpy as np
import pandas as pd
import pytest

from virality import plots
from virality.attribution import figures as F
from virality.attribution import trajectories as T


def _line(ax, label):
    found = [ln for ln in ax.get_lines() if ln.get_label() == label]
    assert found, (label, [ln.get_label() for ln in ax.get_lines()])
    return found[0]


def _legend(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_wom_figure_has_the_published_50pct_line():
    table = pd.DataFrame(
        {"dataset": ["twitter", "flickr_synth"], "synthetic": [False, True], "wom_share": [0.2, 0.55],
         "wom_ci_low": [0.15, 0.5], "wom_ci_high": [0.25, 0.6], "null_wom_share": [0.1, 0.3],
         "bass_external_share": [0.7, 0.5], "hawkes_external_share": [0.6, 0.4],
         "true_wom_share": [np.nan, 0.53]}
    )  # fmt: skip
    fig = F.wom_figure(table, {})
    ax = fig.axes[0]
    label = "published (confirmed): over 50% (Cha, Mislove & Gummadi 2009)"
    assert list(_line(ax, label).get_xdata()) == [0.5, 0.5]
    assert label in _legend(ax)
    assert plots.overlapping_labels(fig) == []


def test_virality_figure_has_the_size_free_reference():
    rng = np.random.default_rng(1)
    size = np.concatenate(
        [rng.integers(2, 10, 50), rng.integers(10, 100, 50), rng.integers(100, 1000, 20)]
    )
    sv = np.concatenate([np.full(50, 1.8), np.full(50, 2.2), np.full(20, 2.6)])
    trees = {"tw": pd.DataFrame({"size": size, "structural_virality": sv})}
    fig = F.virality_figure(trees, {"tw": {"synthetic": False}})
    ax = fig.axes[0]
    label = "published (confirmed): independent of size (Goel et al. 2016): flat at the smallest size bin's median"
    ref = _line(ax, label)
    assert list(ref.get_ydata()) == [1.8, 1.8]  # the smallest bin's median times the ratio 1
    assert list(_line(ax, "median per decade of size").get_ydata()) == [1.8, 2.2, 2.6]
    assert label in _legend(ax)
    assert plots.overlapping_labels(fig) == []


def _world():
    """Items: e (editorial), w (word of mouth), h0 (hybrid, no social adoption, the median size of its
    class), h1 and h2 (hybrid, both kinds)."""
    spec = {"e": (6, 0, "editorial"), "w": (6, 6, "word_of_mouth"), "h0": (7, 0, "hybrid"),
            "h1": (6, 2, "hybrid"), "h2": (9, 4, "hybrid")}  # fmt: skip
    rows, cls = [], []
    for item, (n, s, c) in spec.items():
        rows.append((item, 0.0, True, False))  # the seed
        rows += [(item, 1.0 + k, False, k < s) for k in range(n)]
        cls.append((item, n, s, c))
    ad = pd.DataFrame(rows, columns=["item_id", "time", "seed", "social"])
    classes = pd.DataFrame(cls, columns=["item_id", "n_adoptions", "n_social", "trajectory"])
    return ad, classes


def test_hybrid_example_mixes_both_kinds():
    ad, classes = _world()
    assert T.typical_items(classes)["hybrid"] == "h0"  # the plain median holds no social adoption
    ex = F.example_items(classes)
    assert ex == {"editorial": "e", "word_of_mouth": "w", "hybrid": "h2"}
    fig = F.trajectories_figure(
        {"x": ad}, {"x": classes}, {"x": {"time_unit": "s", "synthetic": False}}
    )
    hybrid = fig.axes[2]
    assert (
        hybrid.get_title()
        == "x\nhybrid (3 items); median-size item mixing both\nh2: 4 social, 5 not"
    )
    social, non = (c.get_paths()[0].vertices[:, 1].max() for c in hybrid.collections[:2])
    assert social >= 1 and non - social >= 1  # stacked: social, then social + non-social


def test_no_mixing_hybrid_item_is_said_in_the_panel():
    ad, classes = _world()
    keep = ~classes["item_id"].isin(["h1", "h2"])
    fig = F.trajectories_figure(
        {"x": ad}, {"x": classes[keep]}, {"x": {"time_unit": "s", "synthetic": False}}
    )
    texts = [t.get_text() for t in fig.axes[2].texts]
    assert texts == ["no hybrid item mixes social and non-social adoptions\n(1 hybrid items)"]


@pytest.mark.parametrize("flickr", [0.53], indirect=True)
def test_hybrid_example_of_the_synthetic_world_mixes_both(flickr):
    d, att, _ = flickr
    cls = T.classify_trajectories(att.ad, att.social, d["exposures"])
    item = F.example_items(cls)["hybrid"]
    row = cls.loc[cls["item_id"] == item].iloc[0]
    assert row["n_social"] >= 1 and row["n_adoptions"] - row["n_social"] >= 1


def test_estimators_figure_has_the_50pct_line_in_every_panel():
    table = pd.DataFrame(
        {"dataset": ["tw", "tw", "fs"], "synthetic": ["False", "False", "True"],
         "estimator": ["naive", "placebo_matched", "naive"], "graph": ["static", "static", "static"],
         "estimate": [0.2, 0.1, 0.55], "ci_low": [0.15, 0.05, 0.5], "ci_high": [0.25, 0.15, 0.6],
         "true_wom_share": [np.nan, np.nan, 0.53]}
    )  # fmt: skip
    fig = F.estimators_figure(table)
    label = "published (confirmed): over 50% (Cha, Mislove & Gummadi 2009)"
    for ax in fig.axes:
        assert list(_line(ax, label).get_xdata()) == [0.5, 0.5]
        assert label in _legend(ax)
    assert plots.overlapping_labels(fig) == []


def test_shown_adoptions_reads_the_items_shown_and_empty_files_whole(tmp_path):
    """The trajectories figure reads only the items it shows; an empty adoptions table (its item_id column
    written as nulls: a data set whose Study A step was skipped) is read whole instead of failing."""
    from virality.attribution.figures import shown_adoptions

    full = tmp_path / "full.parquet"
    pd.DataFrame({"item_id": ["a", "b", "c", "b"], "time": [1.0, 2.0, 3.0, 4.0]}).to_parquet(full)
    assert shown_adoptions(full, ["b"])["time"].tolist() == [2.0, 4.0]
    assert shown_adoptions(full, []).empty
    empty = tmp_path / "empty.parquet"
    pd.DataFrame(
        {"item_id": pd.Series([], dtype=object), "time": pd.Series([], dtype=float)}
    ).to_parquet(empty)
    import pyarrow.parquet as pq

    assert str(pq.read_schema(empty).field("item_id").type) == "null"
    assert shown_adoptions(empty, ["b"]).empty
