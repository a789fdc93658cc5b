"""Adapters: every shared real data set loads with the row counts of its SOURCE.md, and every published format
gives the exact expected tables on a tiny file written in that format (tests/data/formats/)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from virality import adapters, canonical
from virality import files as vfiles

ROOT = Path(__file__).resolve().parents[1]
FORMATS = Path(__file__).resolve().parent / "data" / "formats"
CONFIG = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
SHARED = ROOT.parent / "shared" / "data"
DIRS = vfiles.data_dirs([str(SHARED)], env={})


def _entry(name: str, section: str = "datasets") -> dict:
    return CONFIG[section][name]


def _files(entry: dict) -> dict[str, Path]:
    files = {}
    for role, spec in (entry.get("files") or {}).items():
        found = vfiles.locate(spec["path"], entry.get("dir"), DIRS)
        if found is None:
            pytest.skip(
                f"{entry.get('dir')}/{spec['path']} not found in {SHARED} (shared data absent)"
            )
        files[role] = found
    return files


def _build(name: str) -> dict:
    entry = _entry(name)
    return adapters.build(entry["format"], _files(entry), entry)


def _note(out: dict, text: str) -> str:
    hits = [n for n in out["notes"] if text in n]
    assert hits, f"no note containing {text!r} in {out['notes']}"
    return hits[0]


# --------------------------------------------------------------------------------------------------
# real data (counts from each ../shared/data/<dir>/SOURCE.md); one load per data set per session


@pytest.fixture(scope="module")
def trees():
    return _build("twitter1516")


@pytest.fixture(scope="module")
def higgs():
    return _build("higgs")


@pytest.mark.parametrize(
    "name",
    sorted(n for n, e in CONFIG["datasets"].items() if e.get("dir") and e.get("enabled", True)),
)
def test_configured_checksums_match_the_shared_files(name):
    entry = _entry(name)
    for role, path in _files(entry).items():
        assert vfiles.sha256_file(path) == entry["files"][role]["sha256"], (name, role)


def test_topolstm_twitter_counts():
    out = _build("topolstm_twitter")
    # SOURCE.md: 569 cascades (train.txt 456 lines + test.txt 113 lines), 12,045 graph lines of which
    # 7,032 have their reverse: 12,045 - 7,032/2 = 8,529 undirected ties, written both ways
    assert len(out["items"]) == 569
    assert out["items"]["item_id"].str.startswith("train_").sum() == 456
    assert len(out["edges"]) == 2 * (12045 - 7032 // 2) == 17058
    ties = set(zip(out["edges"]["source"], out["edges"]["target"], strict=True))
    assert ("37", "476") in ties and ("476", "37") in ties  # the first line of graph.txt, both ways
    # events: every (user, time) pair of the lines (counted from the files; no repeated adoption)
    assert len(out["events"]) == 9128
    assert not any("repeated" in n for n in out["notes"])
    assert out["time_unit"] == "unknown"
    # the seed of train line 0 ("476 72007 92093102 ...") is the creator; start = the first adoption
    first = out["items"].set_index("item_id").loc["train_0"]
    assert first["creator"] == "476" and first["start_time"] == 92093102.0
    assert out["events"]["time"].min() == 18003789.0 and out["events"]["time"].max() == 93134216.0
    assert adapters.provided_tables(_entry("topolstm_twitter")) == ("events", "edges", "items")


def test_topolstm_memes_counts_and_hours():
    out = _build("topolstm_memes")
    # SOURCE.md: 54,847 cascades = 41,218 train + 13,629 test lines; no graph file
    assert len(out["items"]) == 54847
    assert (out["items"]["item_id"].str.startswith("test_")).sum() == 13629
    assert len(out["edges"]) == 0
    assert adapters.provided_tables(_entry("topolstm_memes")) == ("events", "items")
    # SOURCE.md: times 313,268.7 .. 369,634.0 (hours) in train; converted to seconds. (test.txt reaches
    # 490,840.97 h, beyond the range SOURCE.md states for train.)
    ev = out["events"]
    train = ev[ev["item_id"].str.startswith("train_")]["time"]
    assert train.min() == pytest.approx(313268.716667 * 3600)
    assert train.max() == pytest.approx(369634.0 * 3600)
    # every (site, time) pair of the lines: 192,025 train + 66,088 test, none repeated
    assert len(ev) == 192025 + 66088 == 258113


def test_twitter_trees_counts(trees):
    # SOURCE.md: 987,994 edge lines in 2,308 trees (twitter15 1,490; twitter16 818). 95,165 lines repeat a
    # (source id, child) node when the two collections are pooled; within a (collection, source) tree the
    # repeats are 40,970, so 987,994 - 40,970 = 947,024 adoptions remain (after dedup).
    assert len(trees["items"]) == 2308
    assert trees["items"]["cov_twitter16"].sum() == 818
    assert _note(trees, "987994 parent-child lines").startswith(
        "987994 parent-child lines in 2308 trees"
    )
    assert "40970 repeated nodes dropped" in _note(trees, "repeated nodes")
    assert len(trees["events"]) == 947024
    ev = trees["events"]
    # one root per tree, at time 0, without a parent, and it is the item's creator
    roots = ev[ev["parent_user_id"].isna()]
    assert len(roots) == 2308 and (roots["time"] == 0).all()
    merged = roots.merge(trees["items"], on="item_id")
    assert (merged["user_id"] == merged["creator"]).all()
    # no child earlier than its parent's adoption in the same tree (the clamping rule)
    par = ev.merge(
        ev[["item_id", "user_id", "time"]].rename(
            columns={"user_id": "parent_user_id", "time": "pt"}
        ),
        on=["item_id", "parent_user_id"],
    )
    assert (par["time"] >= par["pt"]).all()
    assert (ev["time"] >= 0).all()
    labels = trees["items"][["cov_label_false", "cov_label_true", "cov_label_unverified"]].sum(
        axis=1
    )
    assert labels.max() == 1.0


def test_seismic_counts():
    out = _build("seismic_example")
    ev = out["events"]
    # SOURCE.md: 15,563 rows, first at 0 s, last retweet at 604,257 s
    assert len(ev) == 15563
    assert ev["time"].iloc[0] == 0 and ev["time"].max() == 604257
    assert ev["followers"].iloc[0] == 2290
    assert out["items"]["item_id"].tolist() == ["127001313513967616"]
    assert out["items"]["creator"].tolist() == ["0"]


def test_higgs_counts(higgs):
    # SOURCE.md: 563,069 activity rows, 354,930 of them RT (before dedup); the retweet network has
    # 328,132 (A, B) pairs, which is also the number of first retweets per (item, user) after dedup.
    assert _note(higgs, "RT rows").startswith("354930 RT rows of 563069 activity rows")
    assert "26798 repeated retweet" in _note(higgs, "repeated retweet")
    assert len(higgs["events"]) == 354930 - 26798 == 328132
    assert len(higgs["edges"]) == 328132
    n_items = higgs["events"]["item_id"].nunique()
    assert len(higgs["items"]) == n_items == 41426
    ex = higgs["exposures"]
    assert len(ex) == n_items and set(ex["kind"]) == {"announcement"}
    assert set(ex["time"]) == {1341385200.0}  # 2012-07-04 07:00 UTC
    t = higgs["events"]["time"]
    assert t.min() >= 1341100972 and t.max() <= 1341705593  # SOURCE.md's first and last activity


def test_mashable_counts():
    out = _build("mashable")
    items = out["items"]
    assert len(items) == 9874  # SOURCE.md: 9,874 of the 39,644 UCI articles
    assert items["item_id"].is_unique
    # URLs dated 2013-01-08 .. 2013-07-15
    assert items["start_time"].min() == pd.Timestamp("2013-01-08", tz="UTC").timestamp()
    assert items["start_time"].max() == pd.Timestamp("2013-07-15", tz="UTC").timestamp()
    first = items.iloc[0]
    assert first["title"] == "artist drone pilots craigslist fbi"
    assert items["outcome"].median() == 1500 and items["outcome"].max() == 843300
    assert "cov_global_sentiment_polarity" in items and "cov_data_channel_is_tech" in items
    assert "cov_is_weekend" not in items and "cov_weekday_is_monday" not in items
    assert len([c for c in items if c.startswith("cov_")]) == 59 - 3


def test_hacker_news_counts():
    items = _build("hacker_news")["items"]
    assert len(items) == 20000 and items["item_id"].is_unique  # SOURCE.md: 20,000 posts, unique id
    assert items["outcome"].median() == 9 and items["outcome"].max() == 3125
    assert items["start_time"].notna().all()
    # row 1: "11793140, How unauthorized idiots repair Apple laptops [video], youtube.com, 5/28/2016 19:51"
    r = items.set_index("item_id").loc["11793140"]
    assert r["start_time"] == pd.Timestamp("2016-05-28 19:51", tz="America/New_York").timestamp()
    assert r["cov_weekday_sat"] == 1 and r["cov_hour_16"] == 1 and r["cov_domain_youtube_com"] == 1
    asks = items["title"].str.lower().str.startswith("ask hn")
    assert (items["cov_ask_hn"] == asks.astype(float)).all() and asks.sum() > 0


def test_trump_counts():
    items = _build("trump_tweets")["items"]
    # SOURCE.md: 20,761 tweets (some texts hold bare carriage returns), 2,442 replies, Android 4,652,
    # iPhone 3,962, median retweets 264, max 369,530
    assert len(items) == 20761
    assert items["cov_is_reply"].sum() == 2442
    assert items["cov_source_android"].sum() == 4652 and items["cov_source_iphone"].sum() == 3962
    assert items["outcome"].median() == 264 and items["outcome"].max() == 369530
    first_day = pd.Timestamp("2009-05-04", tz="UTC").timestamp()
    assert first_day <= items["start_time"].min() < first_day + 86400


def test_lexicons():
    nrc = adapters.build_lexicon("nrc_vad", _files(_entry("nrc_vad", "lexicons")))
    assert len(nrc) == 20007  # SOURCE.md: 20,007 terms, all distinct in lower case
    assert list(nrc.columns) == ["word", "valence", "arousal", "dominance"]
    assert nrc.set_index("word").loc["aaaaaaah"].tolist() == [0.479, 0.606, 0.291]
    war = adapters.build_lexicon("warriner", _files(_entry("warriner", "lexicons")))
    # SOURCE.md: 13,915 rows; 10 are case variants ("AIDS"/"aids", "TV"/"tv", ...): 13,905 words
    assert len(war) == 13905 and war["word"].is_unique
    w = war.set_index("word")
    assert w.loc["aardvark"].tolist() == pytest.approx(
        [(6.26 - 1) / 8, (2.41 - 1) / 8, (4.27 - 1) / 8]
    )
    assert w.loc["aids", "valence"] == pytest.approx((3.52 - 1) / 8)  # the lower-case entry wins
    for lex in (nrc, war):
        vals = lex[["valence", "arousal", "dominance"]].to_numpy()
        assert vals.min() >= 0 and vals.max() <= 1
    emo = adapters.build_lexicon("nrc_emotion", {})
    assert len(emo) == 6468 and list(emo.columns) == ["word", *adapters.NRC_EMOTIONS]
    e = emo.set_index("word")
    assert e.loc["abandon"].to_dict() == {
        **dict.fromkeys(adapters.NRC_EMOTIONS, 0.0),
        "fear": 1.0,
        "negative": 1.0,
        "sadness": 1.0,
    }
    with pytest.raises(vfiles.DataError) as err:
        adapters.build_lexicon("liwc", {})
    assert (
        str(err.value)
        == "unknown lexicon format 'liwc'; known formats: nrc_vad, warriner, nrc_emotion"
    )


# --------------------------------------------------------------------------------------------------
# the rules of topolstm and twitter_trees on tiny hand-made files


def test_topolstm_rules_on_a_tiny_file(tmp_path):
    (tmp_path / "train.txt").write_text("9 1 10 2 12 1 15\n8 3 20\n")
    (tmp_path / "test.txt").write_text("7 4 2.5 5 3\n")
    (tmp_path / "graph.txt").write_text("1 2\n2 1\n3 3\n1 4\n")
    files = {r: tmp_path / f"{r}.txt" for r in ("train", "test", "graph")}
    entry = {"format": "topolstm", "files": {r: {"path": str(p)} for r, p in files.items()}}
    out = adapters.build("topolstm", files, {**entry, "params": {"time_unit": "h"}})
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
        adapters.build("topolstm", files, entry)
    assert str(err.value) == (
        f"{files['test']}: line 1: expected 'seed_user u1 t1 u2 t2 ...' (an odd number of fields), got 4 fields"
    )


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
    out = adapters.build("twitter_trees", {"edges": p}, entry)
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
# published formats of the original studies, on tiny files in tests/data/formats/


def _fmt_entry(fmt: str, **files: str) -> tuple[dict, dict]:
    paths = {role: FORMATS / name for role, name in files.items()}
    return paths, {"format": fmt, "files": {r: {"path": str(p)} for r, p in paths.items()}}


def test_digg2009():
    # digg_votes1.csv: no header, quoted, bare-CR line ends (as Lerman's release); friends: header, CRLF
    files, entry = _fmt_entry("digg2009", votes="digg_votes1.csv", friends="digg_friends.csv")
    out = adapters.build("digg2009", files, entry)
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
    assert adapters.provided_tables(entry) == ("events", "edges", "items")
    assert adapters.provided_tables({"format": "digg2009", "files": {"votes": {}}}) == (
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
    out = adapters.build("flickr_mpi", files, entry)
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
    out = adapters.build(
        "flickr_mpi", {"favorites": p}, {"format": "flickr_mpi", "files": {"favorites": {}}}
    )
    assert out["events"]["time"].tolist() == [1170028800.0, 1170032400.0]
    assert out["items"].to_dict("list") == {
        "item_id": ["100"],
        "start_time": [1170028800.0],
        "creator": ["10"],
    }


def test_uci_full_format():
    files, entry = _fmt_entry("uci_news", csv="OnlineNewsPopularity.csv")
    items = adapters.build("uci_news", files, entry)["items"]
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
    out = adapters.build("upworthy", files, entry)
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
    it = adapters.build("youtube_active", files, entry)["items"].set_index("item_id")
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
        fmt = adapters.get_format(name)
        assert fmt.tables and set(fmt.tables) <= set(canonical.TABLES)
        if "outcome" in fmt.columns.get("items", ()):
            assert fmt.outcome_kind == "count"
    assert adapters.provided_columns(_entry("twitter1516"), "events") == ("parent_user_id",)
    assert adapters.provided_columns(_entry("seismic_example"), "events") == ("followers",)
    assert adapters.provided_tables(_entry("higgs")) == ("events", "edges", "exposures", "items")


def test_twitter_trees_bad_input_names_the_row_and_column(tmp_path):
    p = tmp_path / "edges.csv"
    p.write_text(
        "dataset,source_tweet_id,label,parent_uid,parent_tweet_id,parent_delay_min,child_uid,"
        "child_tweet_id,child_delay_min\n"
        "twitter15,1,true,ROOT,ROOT,0.0,a,1,0.0\ntwitter15,1,true,a,1,0.0,b,2,soon\n"
    )
    with pytest.raises(vfiles.DataError) as err:
        adapters.build("twitter_trees", {"edges": p}, {"format": "twitter_trees"})
    assert str(err.value) == f"{p}: column 'child_delay_min', row 2: expected a number, got 'soon'"
    p.write_text("dataset,source_tweet_id,label\ntwitter15,1,true\n")
    with pytest.raises(vfiles.DataError) as err:
        adapters.build("twitter_trees", {"edges": p}, {"format": "twitter_trees"})
    assert str(err.value).startswith(
        f"{p}: missing column(s) parent_uid, parent_tweet_id, parent_delay_min"
    )


def test_lexicon_format_under_datasets_is_a_clear_error():
    with pytest.raises(vfiles.DataError) as err:
        adapters.build("nrc_vad", {}, {"format": "nrc_vad"})
    assert str(err.value) == (
        "format 'nrc_vad' is a word lexicon: configure it under lexicons:, not datasets: "
        "(it is built by virality.adapters.build_lexicon)"
    )


def test_digg2009_short_row_is_named(tmp_path):
    p = tmp_path / "votes.csv"
    p.write_text('"1245000000","u1","s1"\r"1245000060","u2"\r')
    with pytest.raises(vfiles.DataError) as err:
        adapters.build("digg2009", {"votes": p}, {"format": "digg2009", "files": {"votes": {}}})
    assert str(err.value) == f"{p}: row 2: expected 3 fields (vote_date, voter_id, story_id)"
