"""Study A on the MPI-SWS Flickr format (Cha, Mislove & Gummadi 2009): link dates kept and used, and a
missing photos file read as unknown creators (virality.data.social.read_flickr_mpi)."""

from pathlib import Path

import pytest

from virality import data
from virality.attribution import social as A

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
ENTRY = {"format": "flickr_mpi", "files": {}}


def _build(tmp_path, links: str, photos: bool = True) -> dict:
    lp = tmp_path / "flickr-growth.txt"
    lp.write_text(links)
    files = {"favorites": FIX / "flickr-all-photo-favorite-markings.txt", "links": lp}
    if photos:
        files["photos"] = FIX / "flickr-all-photos.txt"
    return data.build("flickr_mpi", files, ENTRY)


def test_link_dates_are_kept_and_a_later_link_does_not_count(tmp_path):
    # 11 favourites photo 100 on 2007-01-28 01:00 after 10 (00:00); 10 favourites it after its owner 12
    # uploaded it. 10 -> 12 is dated 2006-11-03 (before); 11 -> 10 is first seen 2007-02-01, after.
    out = _build(tmp_path, "10\t12\t2006-11-03\n10\t12\t2006-11-04\n11\t10\t2007-02-01\n")
    e = out["edges"]
    assert e.to_dict("list") == {
        "source": ["10", "11"],
        "target": ["12", "10"],
        "created": [1162512000.0, 1170288000.0],  # the first date a link was seen, 00:00 UTC
    }
    assert "created = the day the link was first seen" in out["notes"][-1]
    att = A.attribute(out["events"], e, out["items"], threads=1)
    keys = (att.ad.frame()["user_id"] + "@" + att.ad.frame()["item_id"]).tolist()
    got = dict(zip(keys, att.social_dated.tolist(), strict=True))
    assert got == {
        "12@100": False,
        "10@100": True,
        "11@100": False,
        "11@101": False,
        "10@101": False,
    }
    static = dict(zip(keys, att.social.tolist(), strict=True))
    assert static["11@100"]  # the static graph would count it


def test_undated_links_file(tmp_path):
    out = _build(tmp_path, "10 12\n11 10\n")
    assert list(out["edges"].columns) == ["source", "target"]


def test_without_photos_the_creator_is_unknown_and_every_marking_counts(tmp_path):
    out = _build(tmp_path, "10\t12\t2006-11-03\n11\t10\t2006-11-02\n", photos=False)
    assert out["items"]["creator"].isna().all()
    att = A.attribute(out["events"], out["edges"], out["items"], threads=1)
    assert not att.ad.seed.any() and len(att.ad) == 3
    # 10 (first on photo 100: nobody before it), 11 (follows 10: social), 10 on photo 101
    assert att.social.sum() == 1 and att.social.mean() == pytest.approx(1 / 3)
    # the old reading (the first favouriter as creator) would drop 10's two markings: share 1/1
