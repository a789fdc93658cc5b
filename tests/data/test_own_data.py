"""Issue 11: one's own data set in format csv, as a new user writes it. Each numbered defect of the issue has
its regression test here (the data side) or in tests/workflow/ (planning, deletion, console); messages are
asserted verbatim, rows named by their line in the file (the header is line 1)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from virality import canonical, data
from virality import files as vfiles

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
ISO_HINT = (
    "expected an ISO 8601 date-time such as 2008-01-22T11:11:03Z (for another form set time_format:, "
    "e.g. time_format: '%d/%m/%Y %H:%M')"
)


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode())
    return p


def _build(files: dict[str, Path], **opts) -> dict:
    entry = {"format": "csv", "files": {t: {"path": str(p)} for t, p in files.items()}, **opts}
    return data.build("csv", files, entry)


def _error(files: dict[str, Path], **opts) -> str:
    with pytest.raises(vfiles.DataError) as err:
        _build(files, **opts)
    return str(err.value)


# ------------------------------------------------------------------ defect 1: items in format csv


def test_items_file_gives_the_items_table_and_plans_study_c(tmp_path):
    items = _write(
        tmp_path,
        "posts.csv",
        "post,headline,shares,cov_images\np1,Amazing news,12,2\np2,Quiet day,3,0\n",
    )
    entry = {
        "format": "csv",
        "columns": {"items": {"item_id": "post", "title": "headline", "outcome": "shares"}},
    }
    out = data.build("csv", {"items": items}, entry)
    assert out["items"].to_dict("list") == {
        "item_id": ["p1", "p2"],
        "title": ["Amazing news", "Quiet day"],
        "outcome": [12.0, 3.0],
        "cov_images": [2.0, 0.0],
    }
    # planning reads the header: the workflow sees title, outcome and the covariate before running
    assert data.provided_tables({**entry, "files": {"items": {}}}) == ("items",)
    assert data.provided_columns(entry, "items", {"items": items}) == (
        "title",
        "outcome",
        "cov_images",
    )
    assert data.provided_columns(entry, "items") == ()


def test_shipped_examples_read_as_documented():
    out = _build(
        {"events": EXAMPLES / "retweets.csv"},
        columns={"item_id": "tweet", "user_id": "retweeter", "time": "retweeted_at"},
        duplicates="keep_first",
    )
    ev = out["events"]
    assert len(ev) == 430 and ev["item_id"].nunique() == 8
    assert list(ev.columns) == ["item_id", "user_id", "time", "followers"]
    assert out["notes"] == [
        "retweets.csv: 1 repeated adoption(s) of the same item by the same user dropped "
        "(the earliest one is kept) (duplicates: keep_first)"
    ]
    posts = _build(
        {"items": EXAMPLES / "posts.csv"},
        columns={
            "items": {
                "item_id": "post_id",
                "title": "headline",
                "outcome": "shares",
                "start_time": "published",
            }
        },
        time_unit="datetime",
    )["items"]
    assert len(posts) == 240
    assert list(posts.columns) == [
        "item_id",
        "start_time",
        "title",
        "outcome",
        "cov_images",
        "cov_weekend",
    ]


# ------------------------------------------------------------------ defect 8: day-first dates


def test_day_first_dates_are_not_guessed(tmp_path):
    p = _write(
        tmp_path, "ev.csv", "item_id,user_id,time\na,u1,2008-01-22T10:00:00Z\na,u2,01/02/2008\n"
    )
    assert _error({"events": p}, time_unit="datetime") == (
        f"{p}: column 'time', line 3: {ISO_HINT}, got '01/02/2008'"
    )


def test_time_format_reads_day_first_dates(tmp_path):
    p = _write(
        tmp_path, "ev.csv", "item_id,user_id,time\na,u1,01/02/2008 10:30\na,u2,11/02/2008 00:00\n"
    )
    ev = _build({"events": p}, time_format="%d/%m/%Y %H:%M")["events"]
    assert ev["time"].tolist() == [
        pd.Timestamp("2008-02-01T10:30Z").timestamp(),
        pd.Timestamp("2008-02-11T00:00Z").timestamp(),
    ]
    assert _error({"events": p}, time_format="%Y-%m-%d") == (
        f"{p}: column 'time', line 2: expected a date-time in the time_format '%Y-%m-%d', "
        "got '01/02/2008 10:30'"
    )


# ------------------------------------------------------------------ defect 9: every ISO 8601 form


def test_every_iso_8601_form_in_one_file(tmp_path):
    forms = [
        "2008-01-22 11:11:03",
        "2008-01-22T11:11:03Z",
        "2008-01-22T13:11:03+02:00",
        "20080122T111103Z",
        "2008-01-22t11:11:03z",
        '"2008-01-22T11:11:03,000Z"',
        "2008-01-22 11:11:03 UTC",
        "2008-W04-2T11:11:03",
        "2008-022T11:11:03",
    ]
    text = "item_id,user_id,time\n" + "".join(f"a,u{i},{f}\n" for i, f in enumerate(forms))
    ev = _build({"events": _write(tmp_path, "ev.csv", text)}, time_unit="datetime")["events"]
    assert ev["time"].tolist() == [pd.Timestamp("2008-01-22T11:11:03Z").timestamp()] * len(forms)


# ------------------------------------------------------------------ defect 10: unreadable files


def test_latin1_bytes_name_the_line_and_the_encoding_key(tmp_path):
    p = _write(tmp_path, "ev.csv", "item_id,user_id,time\na,u1,1\nb,caf\xe9,2\n".encode("latin-1"))
    assert _error({"events": p}) == (
        f"{p}: line 3, byte 6 (e9): not valid utf-8 text; set encoding: in the data set's config "
        "entry to the file's encoding, e.g. encoding: latin-1"
    )
    assert _build({"events": p}, encoding="latin-1")["events"]["user_id"].tolist() == ["u1", "café"]
    assert _error({"events": p}, encoding="klingon") == (
        "encoding: 'klingon' is not a known text encoding (e.g. utf-8, latin-1, cp1252)"
    )


def test_corrupt_gzip_and_a_folder_name_the_file(tmp_path):
    body = b"item_id,user_id,time\n" + b"".join(b"a%d,u%d,%d\n" % (i, i, i) for i in range(3000))
    p = _write(tmp_path, "ev.csv.gz", gzip.compress(body)[:1500])
    assert _error({"events": p}) == (
        f"{p}: the compressed file is truncated or corrupt (Compressed file ended before the "
        "end-of-stream marker was reached); download or copy it again"
    )
    folder = tmp_path / "events.csv"
    folder.mkdir()
    assert _error({"events": folder}) == (
        f"{folder}: is a folder, not a file; give the path of a file under files:"
    )
    with pytest.raises(vfiles.DataError) as err:  # the checksum is computed first in the workflow
        vfiles.sha256_file(folder)
    assert (
        str(err.value) == f"{folder}: is a folder, not a file; give the path of a file under files:"
    )


def test_a_reader_that_chokes_is_traced_to_its_file(tmp_path):
    """Readers of the published formats read with their own code: the file is still named."""
    p = _write(tmp_path, "train.txt", "9 1 10 2 12\n8 \xe9 20\n".encode("latin-1"))
    with pytest.raises(vfiles.DataError) as err:
        data.build("topolstm", {"train": p, "test": p}, {"format": "topolstm"})
    assert str(err.value) == (
        f"{p}: line 2, byte 3 (e9): not valid utf-8 text; the format is read as UTF-8; convert the "
        "file to UTF-8"
    )


# ------------------------------------------------------------------ defect 11: one row convention


def test_free_text_channel_column_names_file_line_and_column(tmp_path):
    p = _write(
        tmp_path, "ev.csv", "item_id,user_id,time,channel\na,u1,1,social\n\na,u2,2,web app\n"
    )
    assert _error({"events": p}) == (
        f"{p} (events): column 'channel', line 4: expected one of social, editorial, other, seed or "
        "nothing, got 'web app' (the canonical column 'channel' is the known true channel of an "
        "adoption; rename a column that means something else)"
    )


def test_lines_count_the_header_blank_lines_and_quoted_line_breaks(tmp_path):
    p = _write(
        tmp_path,
        "items.csv",
        'item_id,title,outcome\n\np1,"two\nlines",3\r\np2,"say ""hi""",many\n',
    )
    assert (
        _error({"items": p})
        == f"{p} (items): column 'outcome', line 5: expected a number, got 'many'"
    )


def test_negative_followers_are_an_error_naming_the_line(tmp_path):
    p = _write(tmp_path, "ev.csv", "item_id,user_id,time,followers\na,u1,1,10\na,u2,2,-4\n")
    assert _error({"events": p}) == (
        f"{p} (events): column 'followers', line 3: expected a follower count >= 0, got -4.0"
    )


def test_the_schema_backstop_names_the_source_and_counts_rows_from_1(tmp_path):
    schema = ROOT / "workflow" / "schemas" / "events.schema.yaml"
    bad = pd.DataFrame({"item_id": ["a", "b"], "user_id": ["u", "v"], "time": [1.0, -2.0]})
    with pytest.raises(vfiles.DataError) as err:
        canonical.check_schema(bad, schema, "mine (events)")
    assert (
        str(err.value) == "mine (events): row 2, column 'time': -2.0 is less than the minimum of 0"
    )
    canonical.check_schema(bad.iloc[:1], schema, "mine (events)")


# ------------------------------------------------------------------ defect 14: duplicates: keep_first


def test_duplicates_stay_an_error_unless_keep_first(tmp_path):
    p = _write(tmp_path, "ev.csv", "c,u,t\nx,u1,50\nx,u2,10\nx,u1,20\ny,u1,5\n")
    cols = {"item_id": "c", "user_id": "u", "time": "t"}
    assert _error({"events": p}, columns=cols) == (
        f"{p} (events): line 4: duplicate adoption: user 'u1' adopted item 'x' more than once "
        "(keep the first adoption per user and item, or set duplicates: keep_first)"
    )
    out = _build({"events": p}, columns=cols, duplicates="keep_first")
    ev = out["events"]
    assert list(zip(ev["item_id"], ev["user_id"], ev["time"], strict=True)) == [
        ("x", "u2", 10.0),
        ("x", "u1", 20.0),
        ("y", "u1", 5.0),
    ]
    assert out["notes"] == [
        "ev.csv: 1 repeated adoption(s) of the same item by the same user dropped (the earliest one "
        "is kept) (duplicates: keep_first)"
    ]
    assert _error({"events": p}, columns=cols, duplicates="drop") == (
        "duplicates: expected one of error, keep_first, got 'drop'"
    )


def test_keep_first_is_recorded_in_the_manifest(tmp_path):
    p = _write(tmp_path, "ev.csv", "item_id,user_id,time\na,u1,1\na,u1,2\n")
    entry = {"format": "csv", "files": {"events": {"path": "ev.csv"}}, "duplicates": "keep_first"}
    tables, manifest = data.dataset_tables("mine", entry, {"events": p}, seed=1)
    assert manifest["rows"]["events"] == 1
    assert manifest["notes"] == [
        "ev.csv: 1 repeated adoption(s) of the same item by the same user dropped (the earliest one "
        "is kept) (duplicates: keep_first)"
    ]
