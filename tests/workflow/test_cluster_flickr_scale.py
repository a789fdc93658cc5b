"""The Flickr-scale format (config/flickr_scale.yaml): canonical tables from the vectorised generator, its
truth, and the configuration naming it validates against the schema."""

from pathlib import Path

import numpy as np
import yaml
from snakemake.utils import validate

from virality import canonical, data, synth

ROOT = Path(__file__).resolve().parents[2]


def test_flickr_scale_tables_are_canonical_and_carry_their_truth():
    d = synth.flickr_scale(scale=0.001, seed=1)
    for table in canonical.TABLES:
        canonical.coerce_table(d[table], table, f"flickr_scale ({table})")
    ev = d["events"]
    assert len(d["items"]) == 11_000 and (ev["channel"] == "seed").sum() == 11_000
    assert len(ev) - 11_000 == 34_000  # favourites: 34 M x 0.001
    counted = ev["channel"] != "seed"
    share = (ev.loc[counted, "channel"] == "social").mean()
    assert share == d["truth"]["realised_wom_share"]
    assert abs(share - 0.477) < 0.001
    again = synth.flickr_scale(scale=0.001, seed=1)
    assert again["events"].equals(ev) and again["edges"].equals(d["edges"])
    assert np.all(ev["user_id"].str.startswith("u")) and ev["item_id"].iloc[0] == "p0"


def test_flickr_scale_config_validates_and_names_the_format():
    base = yaml.safe_load((ROOT / "config/config.yaml").read_text())
    extra = yaml.safe_load((ROOT / "config/flickr_scale.yaml").read_text())
    config = {**base, **{k: v for k, v in extra.items() if k != "datasets"}}
    config["datasets"] = {**base["datasets"], **extra["datasets"]}
    validate(config, str(ROOT / "workflow/schemas/config.schema.yaml"))
    assert config["resources"]["shards"] == 1
    entry = config["datasets"]["flickr_scale"]
    assert data.get_format(entry["format"]).synthetic
    assert set(data.provided_tables(entry)) == {"events", "edges", "items"}
    # Study D leaves the Flickr-sized world out of both its graph and its consistency analysis
    assert "flickr_scale" in config["influence"]["exclude_graph"]
    assert config["influence"]["exclude_events"] == ["flickr_scale"]
    assert base["influence"].get("exclude_events", []) == []


def test_flickr_scale_tables_keep_their_contents_for_a_seed():
    # fingerprints of the tables made by main 62f4adb's generator (before the sort-based unique and the
    # Arrow channel column): the same draws, the same rows, the same dtypes
    import hashlib

    import pandas as pd

    d = synth.flickr_scale(scale=0.001, seed=1)
    got = {
        t: hashlib.sha256(
            pd.util.hash_pandas_object(d[t], index=False).to_numpy().tobytes()
        ).hexdigest()[:16]
        for t in ("events", "edges", "items")
    }
    assert got == {
        "events": "fa4576d27af2c299",
        "edges": "64ad5e29293f2c33",
        "items": "c8e24ccd34f56c89",
    }
    assert list(d["events"].dtypes.astype(str)) == ["string", "string", "float64", "string"]
    assert d["truth"]["realised_wom_share"] == 0.4771470588235294


def test_sorted_unique_is_numpys_unique():
    from virality.synth.flickr_scale import _sorted_unique

    x = np.array([5, 3, 5, 1, 3, 9, 1], dtype=np.int64)
    assert _sorted_unique(x).tolist() == [1, 3, 5, 9]
    assert _sorted_unique(np.zeros(0, np.int64)).size == 0
    y = np.random.default_rng(0).integers(0, 1000, 5000)
    assert np.array_equal(_sorted_unique(y), np.unique(y))
