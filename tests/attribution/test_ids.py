"""Tests of Study A's identifier coding without Python strings (virality.ids) and of the
adoptions built with it (virality.attribution.social.build_adoptions)."""

import tracemalloc

import numpy as np
import pandas as pd
import pyarrow as pa

from virality import ids
from virality.attribution import social as A

#: ids whose string order differs from their numeric order, repeated, missing, empty and non-ASCII
TRICKY = ["10", "9", "2", "b", "a", "10", "ä", "Z", None, "", "9", "é", "e"]


def test_sorted_codes_are_those_of_sorted_factorize():
    codes, dictionary = ids.sorted_codes(pa.array(TRICKY, pa.large_string()))
    want_codes, want_ids = pd.factorize(np.array(TRICKY, dtype=object), sort=True)
    assert codes.tolist() == want_codes.tolist()
    assert dictionary.to_pylist() == list(want_ids)
    assert dictionary.to_pylist() == ["", "10", "2", "9", "Z", "a", "b", "e", "ä", "é"]
    assert codes[TRICKY.index(None)] == -1


def test_lookup_gives_minus_one_for_unknown_and_missing():
    dictionary = pa.array(["10", "2", "9"], pa.large_string())
    got = ids.lookup(
        ids.arrow_strings(pd.Series(["9", "11", None, "10"], dtype="string")), dictionary
    )
    assert got.tolist() == [2, -1, -1, 0]


def test_numbers_are_coded_as_their_strings():
    assert ids.arrow_strings(pd.Series([10, 9, 2])).to_pylist() == ["10", "9", "2"]
    codes, dictionary = ids.sorted_codes(ids.arrow_strings(pd.Series([10, 9, 2, 10])))
    assert codes.tolist() == [0, 2, 1, 0] and dictionary.to_pylist() == ["10", "2", "9"]


def test_adoptions_with_missing_present_and_unknown_creators(_frame):
    # item "10": creator "9" absent from the events (added at start_time 1.0); item "9": creator "10"
    # present (its event is the seed); item "2": no start_time, creator "2" added at the first time (4.0);
    # item "7": no creator; item "8": no events and no start_time (no seed); "x" only in the edges
    events = _frame(
        [("10", "2", 3.0), ("9", "10", 2.0), ("9", "2", 1.5), ("2", "9", 4.0), ("7", "2", 0.5)],
        ["item_id", "user_id", "time"],
    )
    items = pd.DataFrame(
        {
            "item_id": pd.array(["10", "9", "2", "7", "8"], dtype="string"),
            "creator": pd.array(["9", "10", "2", None, "3"], dtype="string"),
            "start_time": [1.0, 0.0, np.nan, 0.0, np.nan],
        }
    )
    edges = _frame([("x", "2"), ("2", "10")], ["source", "target"])
    ad = A.build_adoptions(events, items, edges)
    assert ad.item_ids.tolist() == ["10", "2", "7", "9"]
    assert ad.user_ids.tolist() == ["10", "2", "9", "x"]
    rows = list(
        zip(*(ad.frame()[c].tolist() for c in ("item_id", "user_id", "time", "seed")), strict=True)
    )
    assert rows == [
        ("10", "9", 1.0, True),
        ("10", "2", 3.0, False),
        ("2", "2", 4.0, True),
        ("2", "9", 4.0, False),
        ("7", "2", 0.5, False),
        ("9", "2", 1.5, False),
        ("9", "10", 2.0, True),
    ]
    assert ad.seed_added.tolist() == [True, False, True, False, False, False, False]
    graph = A.encode_edges(edges, ad.user_ids)
    assert (graph.src.tolist(), graph.dst.tolist()) == ([3, 1], [1, 0])


def test_build_adoptions_makes_no_python_string_per_row():
    # 300 000 events of 500 items by 5000 users: the earlier code (a Python string per row and id
    # column, a MultiIndex of the pairs) peaked at 156 MB of traced memory here, the Arrow coding at 31 MB
    rng = np.random.default_rng(0)
    n = 300_000

    def strings(prefix, codes):
        return pd.array([f"{prefix}{k}" for k in codes], dtype="string")

    events = pd.DataFrame(
        {
            "item_id": strings("i", rng.integers(0, 500, n)),
            "user_id": strings("u", rng.integers(0, 5000, n)),
            "time": rng.random(n),
        }
    )
    items = pd.DataFrame(
        {
            "item_id": strings("i", range(500)),
            "creator": strings("u", range(500)),
            "start_time": -1.0,
        }
    )
    edges = pd.DataFrame(
        {
            "source": strings("u", rng.integers(0, 5000, n)),
            "target": strings("u", rng.integers(0, 5000, n)),
        }
    )
    tracemalloc.start()
    try:
        ad = A.build_adoptions(events, items, edges)
        ad.frame()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(ad) == n + int(ad.seed_added.sum()) and ad.seed.sum() >= 500
    assert peak < 60e6, f"{peak / 1e6:.0f} MB traced"


def test_adoptions_back_from_their_table_keep_codes_and_order(_frame):
    events = _frame(
        [("10", "2", 3.0), ("9", "10", 2.0), ("9", "2", 1.5), ("2", "9", 4.0)],
        ["item_id", "user_id", "time"],
    )
    items = _frame([("10", "9", 1.0), ("2", "2", 0.0)], ["item_id", "creator", "start_time"])
    ad = A.build_adoptions(events, items)
    social = np.array([False, True, False, True, False, True])
    back, flags = A.adoptions_from_frame(ad.frame().assign(social=social))
    assert back.item_ids.tolist() == ["10", "2", "9"] and back.user_ids.tolist() == ["10", "2", "9"]
    assert back.item_dict.to_pylist() == ["10", "2", "9"]
    for name in ("item", "user", "time", "seed"):
        assert getattr(back, name).tolist() == getattr(ad, name).tolist()
    assert flags.tolist() == social.tolist()


def test_matched_rows_gives_dictionary_positions_and_table_rows():
    dictionary = pa.array(["a", "b", "c"], pa.large_string())
    at, rows = ids.matched_rows(pd.Series(["b", "x", "a", None, "c"]), dictionary)
    assert at.tolist() == [1, 0, 2]
    assert rows.tolist() == [0, 2, 4]
