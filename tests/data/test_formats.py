"""Data readers on tiny files: the rules of each format give the exact expected tables (hand-made files, and
files written in each published format in tests/fixtures/formats/), and the registry's declarations."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from virality import canonical, data
from virality import files as vfiles

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ROOT / "tests" / "fixtures" / "formats"
CONFIG = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())


def _entry(name: str, section: str = "datasets") -> dict:
    return CONFIG[section][name]


def _note(out: dict, text: str) -> str:
    hits = [n for n in out["notes"] if text in n]
    assert hits, f"no note containing {text!r} in {out['notes']}"
    return hits[0]


# --------------------------------------------------------------------------------------------------
# the rules of topolstm and twitter_trees on tiny hand-made files


def test_topolstm_rules_on_a_tiny_file(tmp_path):
    (tmp_path / "train.txt").write_text("9 1 10 2 12 1 15\n8 3 20\n")
    (tmp_path / "test.txt").write_text("7 4 2.5 5 3\n")
    (tmp_path / "graph.txt").write_text("1 2\n2 1\n3 3\n1 4\n")
    files = {r: tmp_path / f"{r}.txt" for r in ("train", "test", "graph")}
    entry = {"format": "topolstm", "files": {r: {"path": str(p)} for r, p in files.items()}}
    out = data.build("topolstm", files, {**entry, "params": {"time_unit": "h"}})
    ev = out["events"]
    assert list(zip(ev["item_id"], ev["user_id"], ev["time"], strict=True)) == [
        ("test_0", "4", 9000.0),
        ("test_0", "5", 10800.0),
        ("train_0", "1", 36000.0),
        ("train_0", "2", 43200.0),
        ("train_1", "3", 72000.0),
    ]
    assert _note(out, "repeated") == (
        "1 repeated adoption(s) of the same item by the same user dropped (the earliest one is kept)"
    )
    it = out["items"]
    assert list(zip(it["item_id"], it["creator"], it["start_time"], strict=True)) == [
        ("train_0", "9", 36000.0),
        ("train_1", "8", 72000.0),
        ("test_0", "7", 9000.0),
    ]
    assert list(zip(out["edges"]["source"], out["edges"]["target"], strict=True)) == [
        ("1", "2"),
        ("1", "4"),
        ("2", "1"),
        ("4", "1"),
    ]
    (tmp_path / "test.txt").write_text("7 4 2.5 5\n")
    with pytest.raises(vfiles.DataError) as err:
        data.build("topolstm", files, entry)
    assert str(err.value) == (
        f"{files['test']}: line 1: expected 'seed_user u1 t1 u2 t2 ...' (an odd number of fields), got 4 fields"
    )


def _twin_note(notes: list[str]) -> str:
    return next(n for n in notes if "tree" in n and "source tweet" in n)


def test_twitter_tree_rules_on_a_tiny_file(tmp_path):
    head = (
        "dataset,source_tweet_id,label,parent_uid,parent_tweet_id,parent_delay_min,child_uid,"
        "child_tweet_id,child_delay_min\n"
    )
    rows = [
        "twitter15,100,false,a,100,-2.0,a,100,-2.0",  # a self-loop line of the root before its ROOT line
        "twitter15,100,false,ROOT,ROOT,0.0,a,100,-2.0",  # root with a negative delay -> 0
        "twitter15,100,false,a,100,0.0,b,101,1.5",
        "twitter15,100,false,b,101,1.5,c,102,1.0",  # child earlier than its parent -> 1.5 min
        "twitter15,100,false,c,102,1.0,d,103,0.5",  # grandchild: clamped through c to 1.5 min
        "twitter15,100,false,a,100,0.0,b,101,1.5",  # repeated node
        "twitter15,100,false,a,100,0.0,b,104,3.0",  # b again with another tweet: the earlier is kept
        "twitter16,100,true,ROOT,ROOT,0.0,z,100,0.0",  # same source id in the other collection
    ]
    p = tmp_path / "edges.csv"
    p.write_text(head + "\n".join(rows) + "\n")
    entry = {"format": "twitter_trees", "files": {"edges": {"path": str(p)}}}
    # by default one tree per source tweet (the first collection's): the twitter16 twin is dropped
    first = data.build("twitter_trees", {"edges": p}, entry)
    assert first["items"]["item_id"].tolist() == ["twitter15_100"]
    assert _twin_note(first["notes"]) == (
        "one tree per source tweet: 1 of 2 trees kept (7 of 8 lines); the 1 sources in both "
        "collections keep their first collection's tree (1 dropped, e.g. twitter16_100); "
        "params.keep_duplicate_sources: true keeps both"
    )
    entry["params"] = {"keep_duplicate_sources": True}
    out = data.build("twitter_trees", {"edges": p}, entry)
    assert _twin_note(out["notes"]) == (
        "2 trees of 1 source tweets kept (1 sources in both collections, both trees kept)"
    )
    ev = out["events"]
    got = list(
        zip(ev["item_id"], ev["user_id"], ev["time"], ev["parent_user_id"].fillna("-"), strict=True)
    )
    assert got == [
        ("twitter15_100", "a", 0.0, "-"),
        ("twitter15_100", "b", 90.0, "a"),
        ("twitter15_100", "c", 90.0, "b"),
        ("twitter15_100", "d", 90.0, "c"),
        ("twitter16_100", "z", 0.0, "-"),
    ]
    it = out["items"].set_index("item_id")
    assert it.loc["twitter15_100", "creator"] == "a" and it.loc["twitter16_100", "creator"] == "z"
    assert it["cov_label_false"].tolist() == [1.0, 0.0] and it["cov_label_true"].tolist() == [
        0.0,
        1.0,
    ]
    assert it["cov_twitter16"].tolist() == [0.0, 1.0]
    assert (
        _note(out, "repeated nodes")
        == "8 parent-child lines in 2 trees; 2 repeated nodes dropped (the ROOT line, else the first line, kept)"
    )
    assert _note(out, "clamped").startswith(
        "2 children earlier than their parent and 1 negative delays"
    )


# --------------------------------------------------------------------------------------------------
# published formats of the original studies, on tiny files in tests/fixtures/formats/


def _fmt_entry(fmt: str, **files: str) -> tuple[dict, dict]:
    paths = {role: FORMATS / name for role, name in files.items()}
    return paths, {"format": fmt, "files": {r: {"path": str(p)} for r, p in paths.items()}}


def test_digg2009():
    # digg_votes1.csv: no header, quoted, bare-CR line ends (as Lerman's release); friends: header, CRLF
    files, entry = _fmt_entry("digg2009", votes="digg_votes1.csv", friends="digg_friends.csv")
    out = data.build("digg2009", files, entry)
    ev = out["events"]
    assert list(zip(ev["item_id"], ev["user_id"], ev["time"], strict=True)) == [
        ("s1", "u1", 1245000000.0),
        ("s1", "u2", 1245000060.0),
        ("s2", "u3", 1245000030.0),
        ("s2", "u1", 1245000090.0),
    ]
    it = out["items"]
    assert it.to_dict("list") == {
        "item_id": ["s1", "s2"],
        "start_time": [1245000000.0, 1245000030.0],
        "creator": ["u1", "u3"],
        "outcome": [2.0, 2.0],
    }
    assert list(zip(out["edges"]["source"], out["edges"]["target"], strict=True)) == [
        ("u1", "u2"),
        ("u2", "u1"),
        ("u3", "u1"),
    ]
    assert data.provided_tables(entry) == ("events", "edges", "items")
    assert data.provided_tables({"format": "digg2009", "files": {"votes": {}}}) == (
        "events",
        "items",
    )


def test_flickr_mpi():
    files, entry = _fmt_entry(
        "flickr_mpi",
        favorites="flickr-all-photo-favorite-markings.txt",
        links="flickr-growth.txt",
        photos="flickr-all-photos.txt",
    )
    out = data.build("flickr_mpi", files, entry)
    ev = out["events"]
    assert list(zip(ev["item_id"], ev["user_id"], ev["time"], strict=True)) == [
        ("100", "10", 1170000000.0),
        ("100", "11", 1170003600.0),
        ("101", "10", 1170007200.0),
    ]
    assert out["items"].to_dict("list") == {
        "item_id": ["100", "101"],
        "start_time": [1169990000.0, 1169999000.0],
        "creator": ["12", "11"],
    }
    assert list(zip(out["edges"]["source"], out["edges"]["target"], strict=True)) == [
        ("10", "12"),
        ("11", "10"),
    ]


def test_flickr_mpi_datetime_markings(tmp_path):
    p = tmp_path / "fav.txt"
    p.write_text("10\t100\t2007-01-29 00:00:00\n11\t100\t2007-01-29 01:00:00\n")
    out = data.build(
        "flickr_mpi", {"favorites": p}, {"format": "flickr_mpi", "files": {"favorites": {}}}
    )
    assert out["events"]["time"].tolist() == [1170028800.0, 1170032400.0]
    # no photos file: the creator is unknown (issue 13), not the first favouriter
    assert out["items"]["item_id"].tolist() == ["100"]
    assert out["items"]["start_time"].tolist() == [1170028800.0]
    assert out["items"]["creator"].isna().all()


def test_uci_full_format():
    files, entry = _fmt_entry("uci_news", csv="OnlineNewsPopularity.csv")
    items = data.build("uci_news", files, entry)["items"]
    assert items["item_id"].tolist() == [
        "http://mashable.com/2013/01/07/amazon-instant-video-browser/",
        "http://mashable.com/2014/12/27/samsung-app-autism/",
    ]
    assert items["title"].tolist() == ["amazon instant video browser", "samsung app autism"]
    assert items["start_time"].tolist() == [1357516800.0, 1419638400.0]
    assert items["outcome"].tolist() == [593.0, 1900.0]
    assert items["cov_timedelta"].tolist() == [731.0, 8.0]
    assert items["cov_weekday_is_saturday"].tolist() == [0.0, 1.0]
    assert items["cov_data_channel_is_world"].tolist() == [0.0, 1.0]
    assert items["cov_n_tokens_title"].tolist() == [0.5, 1.5]  # column 2: base + 0.25 * 2
    assert "cov_shares" not in items and "cov_url" not in items


def test_upworthy():
    files, entry = _fmt_entry("upworthy", packages="upworthy-archive-packages.csv")
    out = data.build("upworthy", files, entry)
    it = out["items"]
    assert it["item_id"].tolist() == ["0", "1", "2"]
    assert it["title"].tolist() == [
        "They're Being Called 'Walmart's Worst Nightmare'",
        "What Walmart Workers Want You To Know",
        "A Headline With A Number: 7",
    ]
    assert it["outcome"].tolist() == [150.0, 122.0, 0.0]
    assert it["cov_impressions"].tolist() == [3052.0, 3033.0, 1000.0]
    assert it["cov_ctr"].tolist() == pytest.approx([150 / 3052, 122 / 3033, 0.0])
    assert it["cov_test"].tolist() == [0.0, 0.0, 1.0]
    assert it["cov_winner"].tolist() == [0.0, 1.0, 0.0]
    assert it["cov_first_place"].tolist() == [1.0, 0.0, 0.0]
    assert it["start_time"].tolist() == [1359046862.0, 1359046862.0, 1363379713.0]
    assert it["text"].iloc[0] == "Things that matter, pass 'em on."


def test_youtube_active():
    files, entry = _fmt_entry("youtube_active", json="active-dataset.json")
    it = data.build("youtube_active", files, entry)["items"].set_index("item_id")
    a, b = it.loc["00-6OyXVA0M"], it.loc["bUORBT9iFKc"]
    assert a["outcome"] == 2174286 and b["outcome"] == 7903 + 9842  # no total: sum of the series
    assert a["title"] == "Bill Cosby responds" and a["creator"] == "UCpzGw-b-rEPjRs2LT0ZVHTQ"
    assert a["start_time"] == pd.Timestamp("2014-08-29 06:19:14", tz="UTC").timestamp()
    assert (a["cov_views_day_1"], a["cov_views_day_7"]) == (10.0, 280.0)
    assert math.isnan(a["cov_views_day_14"]) and a["cov_n_days"] == 8
    assert a["cov_tweets_day_7"] == 6.0  # nulls count 0
    assert a["cov_shares_day_7"] == 4.0 and a["cov_total_share"] == 9
    assert b["cov_views_day_1"] == 7903 and np.isnan(b["cov_total_tweet"])


def test_every_format_declares_what_it_fills():
    for name in (
        "topolstm",
        "twitter_trees",
        "seismic",
        "higgs",
        "uci_news",
        "hacker_news",
        "trump_tweets",
        "digg2009",
        "flickr_mpi",
        "upworthy",
        "youtube_active",
    ):
        fmt = data.get_format(name)
        assert fmt.tables and set(fmt.tables) <= set(canonical.TABLES)
        if "outcome" in fmt.columns.get("items", ()):
            assert fmt.outcome_kind == "count"
    assert data.provided_columns(_entry("twitter1516"), "events") == ("parent_user_id",)
    assert data.provided_columns(_entry("seismic_example"), "events") == ("followers",)
    assert data.provided_tables(_entry("higgs")) == ("events", "edges", "exposures", "items")


def test_twitter_trees_bad_input_names_the_row_and_column(tmp_path):
    p = tmp_path / "edges.csv"
    p.write_text(
        "dataset,source_tweet_id,label,parent_uid,parent_tweet_id,parent_delay_min,child_uid,"
        "child_tweet_id,child_delay_min\n"
        "twitter15,1,true,ROOT,ROOT,0.0,a,1,0.0\ntwitter15,1,true,a,1,0.0,b,2,soon\n"
    )
    with pytest.raises(vfiles.DataError) as err:
        data.build("twitter_trees", {"edges": p}, {"format": "twitter_trees"})
    assert str(err.value) == f"{p}: column 'child_delay_min', line 3: expected a number, got 'soon'"
    p.write_text("dataset,source_tweet_id,label\ntwitter15,1,true\n")
    with pytest.raises(vfiles.DataError) as err:
        data.build("twitter_trees", {"edges": p}, {"format": "twitter_trees"})
    assert str(err.value).startswith(
        f"{p}: missing column(s) parent_uid, parent_tweet_id, parent_delay_min"
    )


def test_lexicon_format_under_datasets_is_a_clear_error():
    with pytest.raises(vfiles.DataError) as err:
        data.build("nrc_vad", {}, {"format": "nrc_vad"})
    assert str(err.value) == (
        "format 'nrc_vad' is a word lexicon: configure it under lexicons:, not datasets: "
        "(it is built by virality.data.build_lexicon)"
    )


def test_digg2009_short_row_is_named(tmp_path):
    p = tmp_path / "votes.csv"
    p.write_text('"1245000000","u1","s1"\r"1245000060","u2"\r')
    with pytest.raises(vfiles.DataError) as err:
        data.build("digg2009", {"votes": p}, {"format": "digg2009", "files": {"votes": {}}})
    assert str(err.value) == f"{p}: line 2: expected 3 fields (vote_date, voter_id, story_id)"
