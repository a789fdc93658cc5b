"""The workflow's entry points of the data layer: a configured data set → tables + manifest; reading the
manifest back; the schema sample; a checked download."""

from __future__ import annotations

import pandas as pd
import pytest

from virality import canonical, data
from virality import files as vfiles


def _events_csv(tmp_path):
    p = tmp_path / "ev.csv"
    p.write_text("item_id,user_id,time\na,u1,3\na,u2,5\n")
    return p


def test_dataset_tables_verifies_files_and_writes_a_manifest(tmp_path):
    p = _events_csv(tmp_path)
    sha = vfiles.sha256_file(p)
    entry = {"format": "csv", "dir": "mine", "files": {"events": {"path": "ev.csv", "sha256": sha}}}
    tables, manifest = data.dataset_tables("mine", entry, {"events": p}, seed=7)
    assert list(tables) == list(canonical.TABLES)
    assert tables["events"]["time"].tolist() == [3.0, 5.0]
    assert manifest["tables"] == ["events"]
    assert manifest["rows"] == {"events": 2, "edges": 0, "exposures": 0, "items": 0}
    assert manifest["files"] == {"events": {"path": "mine/ev.csv", "sha256": sha, "verified": True}}
    assert manifest["format"] == "csv" and manifest["synthetic"] is False
    assert manifest["source"] == {"dir": "mine"} and manifest["title"] == "mine"
    bad = {**entry, "files": {"events": {"path": "ev.csv", "sha256": "0" * 64}}}
    with pytest.raises(vfiles.DataError, match="checksum mismatch"):
        data.dataset_tables("mine", bad, {"events": p}, seed=7)


def test_dataset_tables_seeds_synthetic_data_from_the_workflow_unless_the_entry_says():
    entry = {"format": "synth_nyt", "params": {"n_articles": 50}}
    a, man = data.dataset_tables("nyt", entry, {}, seed=1)
    b, _ = data.dataset_tables("nyt", entry, {}, seed=1)
    c, _ = data.dataset_tables("nyt", {**entry, "seed": 2}, {}, seed=1)
    pd.testing.assert_frame_equal(a["items"], b["items"])
    assert not a["items"].equals(c["items"])
    assert man["synthetic"] is True and man["outcome_kind"] == "binary" and man["files"] == {}


def test_read_manifests_from_their_paths_or_folders(tmp_path):
    vfiles.write_json({"dataset": "x", "synthetic": True}, tmp_path / canonical.MANIFEST)
    assert canonical.read_manifest(tmp_path) == {"dataset": "x", "synthetic": True}
    assert canonical.read_manifest(tmp_path / "manifest.json") == {
        "dataset": "x",
        "synthetic": True,
    }
    assert canonical.read_manifest(str(tmp_path / "manifest.json"))["dataset"] == "x"
    other = tmp_path / "other"
    vfiles.write_json({"dataset": "other"}, other / "manifest.json")
    got = canonical.read_manifests([other / "manifest.json", tmp_path])
    assert got == {
        "other": {"dataset": "other"},
        tmp_path.name: {"dataset": "x", "synthetic": True},
    }
    assert list(got) == ["other", tmp_path.name]


def test_schema_sample_keeps_small_tables_and_thins_large_ones():
    small = pd.DataFrame({"a": [1.0, None], "b": pd.array(["x", pd.NA], dtype="string")})
    s = canonical.schema_sample(small)
    assert s.to_dict("list") == {"a": [1.0, None], "b": ["x", None]}
    big = pd.DataFrame({"a": range(50)})
    assert canonical.schema_sample(big, limit=10)["a"].tolist() == list(range(0, 50, 5))
    assert len(canonical.schema_sample(pd.DataFrame({"a": range(100_000)}))) == 2_000


def test_download_checks_the_sha256_and_leaves_nothing_behind(tmp_path):
    src = _events_csv(tmp_path)
    out = tmp_path / "got" / "ev.csv"
    sha = vfiles.sha256_file(src)
    assert vfiles.download(src.as_uri(), out, sha) == sha and out.read_bytes() == src.read_bytes()
    other = tmp_path / "other" / "ev.csv"
    with pytest.raises(vfiles.DataError, match="checksum mismatch"):
        vfiles.download(src.as_uri(), other, "0" * 64)
    assert not other.exists() and list(other.parent.iterdir()) == []
    with pytest.raises(vfiles.DataError, match="no url configured"):
        vfiles.download("", other, sha)
