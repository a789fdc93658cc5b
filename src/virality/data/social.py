"""Social-network formats: Lerman's Digg 2009 release (Lerman & Ghosh ICWSM 2010), the MPI-SWS Flickr
favourite markings (Cha, Mislove & Gummadi WWW 2009) and YouTube ACTIVE (Rizoiu et al. WWW 2017).

Published formats of the original studies, tested on tiny files in ``tests/fixtures/formats/``.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from ..files import DataError
from . import register
from .helpers import (
    first_adoptions,
    items_from_events,
    numeric,
    open_text,
    parse_utc,
    read_headerless,
    time_seconds,
    unix_seconds,
)


@register(
    "digg2009",
    tables=("events", "items"),
    columns={"items": ("start_time", "creator", "outcome")},
    roles=("votes",),
    optional_roles=("friends",),
    role_tables={"friends": ("edges",)},
    outcome_kind="count",
)
def read_digg2009(files, options):
    """Lerman's Digg 2009 release: ``digg_votes.csv`` and ``digg_friends.csv`` (Lerman & Ghosh ICWSM 2010).

    * votes ``vote_date, voter_id, story_id`` (Unix seconds; quoted CSV; the original ``digg_votes1.csv``
      has no header and bare-CR line endings, both handled) → events. A repeated vote keeps the first.
    * friends ``mutual, friend_date, user_id, friend_id``: ``user_id`` added ``friend_id`` as a friend,
      i.e. watches ``friend_id``'s activity → edge ``source=user_id, target=friend_id``; ``mutual = 1`` adds
      the reverse edge.
    * items: ``start_time`` = the first vote (the submitter's digg), ``creator`` = first voter,
      ``outcome`` = number of distinct voters in the file. No promotion times are in the release, so no
      exposures table.
    """
    vp = files["votes"]
    v = read_headerless(vp, ["vote_date", "voter_id", "story_id"])
    ev = pd.DataFrame(
        {
            "item_id": v["story_id"],
            "user_id": v["voter_id"],
            "time": time_seconds(v["vote_date"], vp, "vote_date"),
        }
    )
    events, notes = first_adoptions(ev, "vote")
    items = items_from_events(events)
    items["outcome"] = (
        items["item_id"].map(events.groupby("item_id").size()).astype(float).to_numpy()
    )
    out = {"events": events, "items": items}
    if "friends" in files:
        fp = files["friends"]
        f = read_headerless(fp, ["mutual", "friend_date", "user_id", "friend_id"])
        mutual = numeric(f["mutual"], fp, "mutual").fillna(0).to_numpy() > 0
        fwd = pd.DataFrame({"source": f["user_id"], "target": f["friend_id"]})
        back = pd.DataFrame({"source": f["friend_id"][mutual], "target": f["user_id"][mutual]})
        e = pd.concat([fwd, back], ignore_index=True)
        e = e[e["source"] != e["target"]].drop_duplicates().sort_values(["source", "target"])
        out["edges"] = e.reset_index(drop=True)
        notes.append(
            f"edges: {len(f)} friend links ({int(mutual.sum())} mutual, written both ways) → {len(e)} "
            "'user watches friend' edges"
        )
    notes.append("times are Unix seconds; no front-page promotion times in this release")
    return {**out, "notes": notes, "time_unit": "s"}


@register(
    "flickr_mpi",
    tables=("events", "items"),
    columns={"items": ("start_time", "creator"), "edges": ("created",)},
    roles=("favorites",),
    optional_roles=("links", "photos"),
    role_tables={"links": ("edges",)},
)
def read_flickr_mpi(files, options):
    """MPI-SWS Flickr favourite markings and links (Cha, Mislove & Gummadi WWW 2009).

    * favorites (``flickr-all-photo-favorite-markings.txt``): whitespace/tab-separated ``user photo time``;
      time = Unix seconds, or a ``YYYY-MM-DD HH:MM:SS`` date-time (both occur in copies of the file) →
      events; a repeated marking keeps the first.
    * links (``flickr-growth.txt`` ``src dst YYYY-MM-DD`` or ``flickr-links.txt`` ``src dst``): ``src`` added
      ``dst`` as a contact, so ``src`` sees ``dst``'s favourites → ``source=src, target=dst``. A date is kept
      as ``edges.created`` (00:00 UTC of the day the crawl first saw the link; a link seen twice keeps its
      first date), so that Study A counts a link only for favourites after it, as Cha et al. did.
    * photos (optional, ``flickr-all-photos.txt``: ``photo upload_time owner [views comments favorites]``)
      gives ``items.start_time`` (upload) and ``items.creator`` (owner). Without it the creator is unknown
      (missing) and every marking is an adoption, the first one included; ``start_time`` is the first
      marking. (Taking the first favouriter as the creator would drop one non-social marking per photo and
      raise the word-of-mouth share by about (1 − s)/n for a photo of n markings.)
    """
    fp = files["favorites"]
    fav = read_headerless(fp, ["user", "photo", "time"], sep="auto")
    ev = pd.DataFrame(
        {
            "item_id": fav["photo"].str.strip(),
            "user_id": fav["user"].str.strip(),
            "time": time_seconds(fav["time"].str.strip(), fp, "time (3rd field)"),
        }
    )
    events, notes = first_adoptions(ev, "favourite marking")
    items = items_from_events(events, creator=False).assign(creator=pd.NA)
    out = {"events": events}
    if "photos" in files:
        pp = files["photos"]
        ph = read_headerless(pp, ["photo", "upload_time", "owner"], sep="auto")
        ph = ph.drop_duplicates("photo")
        items = items.drop(columns=["start_time", "creator"]).merge(
            pd.DataFrame(
                {
                    "item_id": ph["photo"],
                    "start_time": time_seconds(ph["upload_time"], pp, "upload_time"),
                    "creator": ph["owner"],
                }
            ),
            on="item_id",
            how="left",
        )
        notes.append("items.start_time / creator from the photos file (upload time, owner)")
    else:
        notes.append(
            "no photos file: creators unknown, every marking counts; start_time = first marking"
        )
    out["items"] = items
    if "links" in files:
        out["edges"], note = _flickr_links(files["links"])
        notes.append(note)
    return {**out, "notes": notes, "time_unit": "s"}


def _flickr_links(lp) -> tuple[pd.DataFrame, str]:
    """Contact links ``source, target[, created]`` of ``flickr-growth.txt`` (dated) or ``flickr-links.txt``."""
    try:
        lk, dated = read_headerless(lp, ["source", "target", "date"], sep="auto"), True
    except DataError:  # two fields per line: undated links
        lk, dated = read_headerless(lp, ["source", "target"], sep="auto"), False
    lk = lk[lk["source"] != lk["target"]]
    if dated:
        lk = lk.assign(created=time_seconds(lk["date"], lp, "date (3rd field)")).drop(
            columns="date"
        )
        lk = lk.sort_values(["source", "target", "created"], kind="stable")
    e = lk.drop_duplicates(["source", "target"]).sort_values(["source", "target"], kind="stable")
    note = f"edges: {len(e)} contact links, source added target as a contact (source sees target)"
    if dated:
        note += "; created = the day the link was first seen (00:00 UTC), a day's resolution"
    return e.reset_index(drop=True), note


ACTIVE_DAYS = (1, 7, 14, 30, 90, 120)


@register(
    "youtube_active",
    tables=("items",),
    columns={"items": ("start_time", "creator", "title", "text", "outcome")},
    roles=("json",),
    outcome_kind="count",
)
def read_youtube_active(files, options):
    """YouTube ACTIVE data set (Rizoiu et al. WWW 2017, ``active-dataset.json[.bz2|.gz]``) → items.

    The file is a JSON array of videos (JSON lines also accepted). The daily series are aggregate counts, not
    individual adoptions, so there is no events table: each video is an item with

    * ``item_id`` = ``YoutubeID``, ``title``, ``text`` = ``description``, ``creator`` = ``channelId``,
      ``start_time`` = ``uploadDate`` (UTC) as Unix seconds;
    * ``outcome`` = ``totalViewcount``;
    * ``cov_views_day_<d>`` = cumulative views after d days (d in 1, 7, 14, 30, 90, 120; missing when the
      series is shorter): the early-vs-late popularity pairs of Szabo & Huberman;
    * ``cov_shares_day_<d>``, ``cov_tweets_day_<d>`` likewise from ``numShare`` and ``dailyTweets``
      (null days count 0), ``cov_total_share``, ``cov_total_tweet``, ``cov_n_days`` (series length).
    """
    path = files["json"]
    with open_text(path) as fh:
        raw = fh.read()
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        try:
            data = [json.loads(ln) for ln in raw.splitlines() if ln.strip()]
        except json.JSONDecodeError as exc:
            raise DataError(
                f"{path}: not JSON (expected an array of videos or JSON lines): {exc}"
            ) from exc
    if isinstance(data, dict):
        data = [data]
    if not data:
        raise DataError(f"{path}: the table is empty; expected at least one video")

    def cum_at(series, d):
        if not isinstance(series, list) or len(series) < d:
            return np.nan
        return float(sum(0.0 if x is None else float(x) for x in series[:d]))

    rows = []
    for i, v in enumerate(data):
        if not isinstance(v, dict) or "YoutubeID" not in v:
            raise DataError(f"{path}: video {i + 1}: expected an object with a 'YoutubeID' field")
        views = v.get("dailyViewcount")
        total = v.get("totalViewcount")
        if total is None and isinstance(views, list):
            total = sum(0.0 if x is None else float(x) for x in views)
        row = {
            "item_id": str(v["YoutubeID"]),
            "upload": v.get("uploadDate"),
            "creator": v.get("channelId"),
            "title": v.get("title"),
            "text": v.get("description"),
            "outcome": np.nan if total is None else float(total),
            "cov_total_share": float(v["totalShare"])
            if v.get("totalShare") is not None
            else np.nan,
            "cov_total_tweet": float(v["totalTweet"])
            if v.get("totalTweet") is not None
            else np.nan,
            "cov_n_days": float(len(views)) if isinstance(views, list) else np.nan,
        }
        for d in ACTIVE_DAYS:
            row[f"cov_views_day_{d}"] = cum_at(views, d)
            row[f"cov_shares_day_{d}"] = cum_at(v.get("numShare"), d)
            row[f"cov_tweets_day_{d}"] = cum_at(v.get("dailyTweets"), d)
        rows.append(row)
    df = pd.DataFrame(rows)
    up = df.pop("upload").astype("string")
    df.insert(1, "start_time", unix_seconds(parse_utc(up, path, "uploadDate")))
    notes = [
        f"{len(df)} videos; outcome = totalViewcount; daily series summarised as cumulative counts at days "
        f"{', '.join(map(str, ACTIVE_DAYS))} (cov_views_day_*); no per-user events exist in this data",
    ]
    return {"items": df, "notes": notes, "time_unit": "s"}
