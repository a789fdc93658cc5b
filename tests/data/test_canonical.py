"""Bad input gets a clear error naming the file, the row or column, and what was expected."""

from pathlib import Path

import pandas as pd
import pytest

from virality import canonical, data
from virality import files as vfiles


def _csv(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def _build_events(path: Path, **opts):
    return data.build(
        "csv",
        {"events": path},
        {"format": "csv", "files": {"events": {"path": str(path)}}, **opts},
    )


def test_missing_file(tmp_path):
    p = tmp_path / "nope.csv"
    with pytest.raises(vfiles.DataError) as e:
        _build_events(p)
    assert str(e.value) == f"{p}: file not found"


def test_missing_column(tmp_path):
    p = _csv(tmp_path, "ev.csv", "item_id,user_id,when\na,u1,3\n")
    with pytest.raises(vfiles.DataError) as e:
        _build_events(p)
    assert str(e.value) == f"{p}: missing column(s) time (found: item_id, user_id, when)"


def test_missing_column_after_renaming_names_the_users_column(tmp_path):
    p = _csv(tmp_path, "ev.csv", "photo,user,stamp\na,u1,3\n")
    with pytest.raises(vfiles.DataError) as e:
        _build_events(p, columns={"item_id": "photo", "user_id": "user", "time": "marked_at"})
    assert str(e.value) == f"{p}: missing column(s) marked_at (found: photo, user, stamp)"


def test_non_numeric_time(tmp_path):
    p = _csv(tmp_path, "ev.csv", "item_id,user_id,time\na,u1,3\na,u2,soon\n")
    with pytest.raises(vfiles.DataError) as e:
        _build_events(p)
    assert str(e.value) == f"{p}: column 'time', line 3: expected a number (time in s), got 'soon'"


def test_bad_datetime(tmp_path):
    p = _csv(
        tmp_path, "ev.csv", "item_id,user_id,time\na,u1,2009-01-01T00:00:00Z\na,u2,yesterday\n"
    )
    with pytest.raises(vfiles.DataError) as e:
        _build_events(p, time_unit="datetime")
    assert (
        str(e.value)
        == f"{p}: column 'time', line 3: expected an ISO 8601 date-time such as 2008-01-22T11:11:03Z (for another form set time_format:, e.g. time_format: '%d/%m/%Y %H:%M'), got 'yesterday'"
    )


def test_negative_time(tmp_path):
    p = _csv(tmp_path, "ev.csv", "item_id,user_id,time\na,u1,3\na,u2,-1\n")
    with pytest.raises(vfiles.DataError) as e:
        _build_events(p)
    assert str(e.value) == (
        f"{p} (events): column 'time', line 3: expected a finite time >= 0 seconds, got -1.0"
    )


def test_wrong_type_in_canonical_table():
    df = pd.DataFrame({"item_id": ["a", "b"], "outcome": ["12", "many"]})
    with pytest.raises(vfiles.DataError) as e:
        canonical.coerce_table(df, "items", source="items.csv")
    assert str(e.value) == "items.csv: column 'outcome', row 2: expected a number, got 'many'"


def test_duplicate_adoption(tmp_path):
    p = _csv(tmp_path, "ev.csv", "item_id,user_id,time\na,u1,3\nb,u1,4\na,u1,5\n")
    with pytest.raises(vfiles.DataError) as e:
        _build_events(p)
    assert str(e.value) == (
        f"{p} (events): line 4: duplicate adoption: user 'u1' adopted item 'a' more than once "
        "(keep the first adoption per user and item, or set duplicates: keep_first)"
    )


def test_duplicate_item():
    df = pd.DataFrame({"item_id": ["a", "b", "a"]})
    with pytest.raises(vfiles.DataError) as e:
        canonical.coerce_table(df, "items", source="items.csv")
    assert str(e.value) == "items.csv: column 'item_id', row 3: duplicate item 'a'"


def test_empty_table(tmp_path):
    p = _csv(tmp_path, "ev.csv", "item_id,user_id,time\n")
    with pytest.raises(vfiles.DataError) as e:
        _build_events(p)
    assert str(e.value) == f"{p}: the table is empty; expected at least one data row"


def test_empty_file(tmp_path):
    p = _csv(tmp_path, "ev.csv", "")
    with pytest.raises(vfiles.DataError) as e:
        _build_events(p)
    assert str(e.value) == f"{p}: the file is empty; expected a header and data rows"


def test_missing_identifier(tmp_path):
    p = _csv(tmp_path, "ev.csv", "item_id,user_id,time\na,u1,3\na,,4\n")
    with pytest.raises(vfiles.DataError) as e:
        _build_events(p)
    assert str(e.value) == f"{p} (events): column 'user_id', line 3: empty identifier"


def test_checksum_mismatch(tmp_path):
    p = _csv(tmp_path, "x.txt", "hello\n")
    good = vfiles.sha256_file(p)
    assert vfiles.verify_sha256(p, good) == good
    bad = "0" * 64
    with pytest.raises(vfiles.DataError) as e:
        vfiles.verify_sha256(p, bad)
    assert str(e.value) == (
        f"{p}: checksum mismatch: expected sha256 {bad}, got {good}. "
        "The file is corrupt, truncated or a different version; download it again."
    )


def test_unknown_format():
    with pytest.raises(vfiles.DataError) as e:
        data.get_format("excel")
    assert str(e.value).startswith("unknown data format 'excel'; known formats: ")
    assert "csv" in str(e.value)


def test_csv_units_and_renaming(tmp_path):
    p = _csv(tmp_path, "ev.csv", "photo,user,t\np1,u1,2\np1,u2,3.5\n")
    out = _build_events(
        p, columns={"item_id": "photo", "user_id": "user", "time": "t"}, time_unit="min"
    )
    ev = out["events"]
    assert list(ev.columns) == ["item_id", "user_id", "time"]
    assert ev["time"].tolist() == [120.0, 210.0]
    assert str(ev["item_id"].dtype) == "string"
    assert len(out["edges"]) == 0 and list(out["edges"].columns) == ["source", "target"]


def test_data_dirs_env_override():
    assert vfiles.data_dirs(["a", "b"], env={}) == [Path("a"), Path("b")]
    assert vfiles.data_dirs(["a"], env={"VIRALITY_DATA": "/x:/y"}) == [Path("/x"), Path("/y")]


def test_locate_searches_in_order(tmp_path):
    (tmp_path / "d1").mkdir()
    (tmp_path / "d2" / "set").mkdir(parents=True)
    (tmp_path / "d2" / "set" / "f.txt").write_text("x")
    assert (
        vfiles.locate("f.txt", "set", [tmp_path / "d1", tmp_path / "d2"])
        == tmp_path / "d2" / "set" / "f.txt"
    )
    assert vfiles.locate("g.txt", "set", [tmp_path / "d1", tmp_path / "d2"]) is None


def test_stable_seed_is_stable():
    assert vfiles.stable_seed(1, "a", "b") == vfiles.stable_seed(1, "a", "b")
    assert vfiles.stable_seed(1, "a", "b") != vfiles.stable_seed(2, "a", "b")
    assert (
        vfiles.stable_seed(20091, "dataset", "flickr_synth") == 3301284662
    )  # crc32 of "20091|dataset|flickr_synth"
