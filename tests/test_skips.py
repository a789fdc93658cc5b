"""Skip records: a step that cannot run says why, in one sorted table with the contract's columns."""

import pytest

from virality import contracts, files, skips


def test_require_raises_a_skip_with_its_counts():
    with pytest.raises(skips.Skip) as info:
        skips.require(False, "novelty_decay", "fewer than 10 items", n_items=3, n_events=3)
    assert str(info.value) == "novelty_decay: fewer than 10 items"
    assert skips.row("mine", "B", info.value) == {
        "dataset": "mine",
        "study": "B",
        "step": "novelty_decay",
        "reason": "fewer than 10 items",
        "counts": "n_events=3; n_items=3",
    }
    skips.require(True, "novelty_decay", "never raised")


def test_gather_sorts_rows_and_keeps_the_contract_columns(tmp_path):
    a, b, empty = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "empty.csv"
    files.write_csv(
        skips.frame([skips.row("zeta", "A", skips.Skip("hawkes", "all events tied", n_events=4))]),
        a,
    )
    files.write_csv(
        skips.frame([skips.row("alpha", "B", skips.Skip("decay", "one item", n_items=1))]), b
    )
    files.write_csv(skips.frame([]), empty)
    table = skips.gather([a, empty, b])
    assert list(table.columns) == contracts.columns("skipped")
    assert table["dataset"].tolist() == ["alpha", "zeta"]
    assert table.loc[1, "counts"] == "n_events=4"
    assert skips.gather([]).empty and list(skips.gather([]).columns) == contracts.columns("skipped")
