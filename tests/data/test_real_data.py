"""Data readers on the real data: every shared data set loads with the row counts of its SOURCE.md."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from virality import canonical, data
from virality import files as vfiles

ROOT = Path(__file__).resolve().parents[2]
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
    return data.build(entry["format"], _files(entry), entry)


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
    assert data.provided_tables(_entry("topolstm_twitter")) == ("events", "edges", "items")


def test_topolstm_memes_counts_and_hours():
    out = _build("topolstm_memes")
    # SOURCE.md: 54,847 cascades = 41,218 train + 13,629 test lines; no graph file
    assert len(out["items"]) == 54847
    assert (out["items"]["item_id"].str.startswith("test_")).sum() == 13629
    assert len(out["edges"]) == 0
    assert data.provided_tables(_entry("topolstm_memes")) == ("events", "items")
    # SOURCE.md: times 313,268.7 .. 369,634.0 (hours) in train; converted to seconds. (test.txt reaches
    # 490,840.97 h, beyond the range SOURCE.md states for train.)
    ev = out["events"]
    train = ev[ev["item_id"].str.startswith("train_")]["time"]
    assert train.min() == pytest.approx(313268.716667 * 3600)
    assert train.max() == pytest.approx(369634.0 * 3600)
    # every (site, time) pair of the lines: 192,025 train + 66,088 test, none repeated
    assert len(ev) == 192025 + 66088 == 258113


def test_twitter_trees_counts(trees):
    # SOURCE.md: 987,994 edge lines in 2,308 trees (twitter15 1,490; twitter16 818). 169 source tweets are in
    # both collections with the same users: by default one tree per source tweet is kept (twitter15's), 2,139
    # trees in 929,916 lines. Within a tree 37,087 lines repeat a node, so 892,829 adoptions remain.
    assert len(trees["items"]) == 2139
    assert trees["items"]["cov_twitter16"].sum() == 818 - 169
    assert _note(trees, "one tree per source tweet").startswith(
        "one tree per source tweet: 2139 of 2308 trees kept (929916 of 987994 lines)"
    )
    assert _note(trees, "parent-child lines in").startswith(
        "929916 parent-child lines in 2139 trees"
    )
    assert "37087 repeated nodes dropped" in _note(trees, "repeated nodes")
    assert len(trees["events"]) == 892829
    ev = trees["events"]
    # one root per tree, at time 0, without a parent, and it is the item's creator
    roots = ev[ev["parent_user_id"].isna()]
    assert len(roots) == 2139 and (roots["time"] == 0).all()
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
    nrc = data.build_lexicon("nrc_vad", _files(_entry("nrc_vad", "lexicons")))
    assert len(nrc) == 20007  # SOURCE.md: 20,007 terms, all distinct in lower case
    assert list(nrc.columns) == ["word", "valence", "arousal", "dominance"]
    assert nrc.set_index("word").loc["aaaaaaah"].tolist() == [0.479, 0.606, 0.291]
    war = data.build_lexicon("warriner", _files(_entry("warriner", "lexicons")))
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
    emo = data.build_lexicon("nrc_emotion", {})
    assert len(emo) == 6468 and list(emo.columns) == ["word", *canonical.NRC_EMOTIONS]
    e = emo.set_index("word")
    assert e.loc["abandon"].to_dict() == {
        **dict.fromkeys(canonical.NRC_EMOTIONS, 0.0),
        "fear": 1.0,
        "negative": 1.0,
        "sadness": 1.0,
    }
    with pytest.raises(vfiles.DataError) as err:
        data.build_lexicon("liwc", {})
    assert (
        str(err.value)
        == "unknown lexicon format 'liwc'; known formats: nrc_vad, warriner, nrc_emotion, liwc_dic"
    )
