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
