"""Study A's null draws split into shards (resources.shards): the merged shards give the same summary as
the unsplit draws, to the byte, because each shard keeps every replicate's place in its random stream."""

import json

import numpy as np
import pytest

from virality import synth
from virality.attribution import nulls, study


@pytest.fixture(scope="module")
def world():
    # dated links (edges.created): the shards also cover the dated graph's draws
    d = synth.flickr_confounded(n_users=1_500, n_items=60, seed=2)
    assert "created" in d["edges"].columns
    return d


def _summary(p, d, drawn=None):
    _, per_item, wom, rows = study.run_social(p, "w", d["events"], d["edges"], d["items"], drawn)
    assert rows == []
    return json.dumps(wom, sort_keys=True), per_item


@pytest.mark.parametrize("n_shards", [1, 3, 7])
def test_merged_shards_give_the_unsplit_summary_byte_for_byte(world, tmp_path, n_shards):
    p = study.Params(n_boot=50, n_perm=4, n_placebo=2, threads=1, seed=11)
    whole, per_item = _summary(p, world)
    files = []
    for k in range(n_shards):  # 8 replicates; 7 shards leave some with one, the last with two
        drawn = study.run_null_shard(
            p, world["events"], world["edges"], world["items"], k, n_shards
        )
        nulls.save_draws(drawn, tmp_path / f"{k}.npz")
        files.append(tmp_path / f"{k}.npz")
    merged = nulls.merge_draws([nulls.load_draws(f) for f in files])
    split, per_item_split = _summary(p, world, merged)
    assert split == whole
    assert per_item_split.equals(per_item)
    got = json.loads(split)
    assert got["n_perm"] == 4 and len(got["null_wom_shares"]) == 4
    assert 0 < got["null_matched_share"] < got["wom_share"] < 1


def test_a_shard_makes_only_its_own_replicates(world):
    p = study.Params(n_boot=0, n_perm=4, n_placebo=2, threads=1, seed=11)
    ev, ed, it = world["events"], world["edges"], world["items"]
    whole = study.run_null_shard(p, ev, ed, it, 0, 1)
    # replicates in turn: shuffle 0..3, uniform 0..1, matched 0..1; shard 1 of 3 has shuffle 1, uniform 0
    # and matched 1
    part = study.run_null_shard(p, ev, ed, it, 1, 3)
    shares = part["shuffle"]["static"][0]
    np.testing.assert_array_equal(shares, [0, whole["shuffle"]["static"][0][1], 0, 0])
    uni = part["placebos"]["dated"]["uniform"][0]
    np.testing.assert_array_equal(uni, [whole["placebos"]["dated"]["uniform"][0][0], 0])
    mat = part["placebos"]["static"]["matched"][0]
    np.testing.assert_array_equal(mat, [0, whole["placebos"]["static"]["matched"][0][1]])
    assert whole["shuffle"]["static"][0][1] > 0


def test_a_skipped_attribution_has_no_shard_draws(_frame):
    ev = _frame([("i1", "u1", 0.0)], ["item_id", "user_id", "time"])
    edges = _frame([("u1", "u2")], ["source", "target"])
    items = _frame([("i1", "u1", 0.0)], ["item_id", "creator_id", "start_time"])
    assert study.run_null_shard(study.Params(), ev, edges, items, 0, 2) is None
