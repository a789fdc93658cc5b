"""Results tables are read through virality.contracts; errors name the file and the column."""

import pandas as pd
import pytest

from virality import contracts
from virality.paper import STUDIES, PaperError
from virality.paper.tables import matches, read_result_table


def test_table_missing_a_contract_column(tmp_path, fake, render):
    p = fake["tables"]["novelty_decay"]
    pd.read_csv(p).drop(columns="decay_b").to_csv(p, index=False)
    with pytest.raises(PaperError) as e:
        render(tmp_path, fake)
    assert f"{p}: missing column(s) decay_b required by the paper" in str(e.value)


def test_studies_read_tables_of_their_own_contract():
    for study, spec in STUDIES.items():
        assert set(spec["tables"]) <= set(contracts.of_study(study)), study
        assert "issue" not in spec
    assert STUDIES["D"]["optional_tables"] == contracts.of_study("conclusions")


def test_read_result_table_checks_the_contract_and_reads_synthetic_as_bool(tmp_path):
    p = tmp_path / "musiclab.csv"
    pd.DataFrame({"condition": ["independent"], "synthetic": ["True"]}).to_csv(p, index=False)
    with pytest.raises(PaperError, match=r"musiclab\.csv: missing column\(s\) social_strength, "):
        read_result_table(p)
    df = pd.DataFrame({c: [1] for c in contracts.columns("musiclab")}).assign(synthetic=["True"])
    df.to_csv(p, index=False)
    assert read_result_table(p)["synthetic"].tolist() == [True]
    other = tmp_path / "not_a_contract.csv"
    pd.DataFrame({"x": [1]}).to_csv(other, index=False)
    assert list(read_result_table(other).columns) == ["x"]


def test_matches_lists_numbers_bools_and_text():
    col = pd.Series(["a", "b", None, "1.0", "True"])
    assert matches(col, ["a", "b"]).tolist() == [True, True, False, False, False]
    assert matches(col, 1).tolist() == [False, False, False, True, False]
    assert matches(col, True).tolist() == [False, False, False, False, True]
    assert matches(col, "b").tolist() == [False, True, False, False, False]


def test_an_inferred_time_unit_is_said_once_with_its_origin():
    from virality.paper.provenance import time_unit

    man = {
        "time_unit": "s",
        "notes": ["times read as hours (inferred, not documented) and converted to seconds"],
    }
    assert (
        time_unit(man)
        == "s (converted from the file's unit, read as hours: inferred, undocumented)"
    )
    assert time_unit({"time_unit": "unknown", "notes": []}) == "unknown"
