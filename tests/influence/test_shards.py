"""Study D's simulation grid split into shards (resources.shards): the gathered shards are the whole sweep,
written to the same bytes."""

import functools
from pathlib import Path

import pandas as pd
import pytest
import yaml

from virality import files
from virality.influence import study

SCHEMA = Path(__file__).resolve().parents[2] / "workflow" / "schemas" / "influence.schema.yaml"


@functools.cache
def _params():
    section = {k: v["default"] for k, v in yaml.safe_load(SCHEMA.read_text())["properties"].items()}
    section.update(n_nodes=300, mean_degrees=[1.0, 2.0, 4.0], n_graphs=2, thresholds=[0.18])
    section.update(n_seeds=8)
    return study.params(section, seed=5)


@pytest.mark.parametrize("kind", ["erdos_renyi", "heavy_tailed"])
@pytest.mark.parametrize("n_shards", [3, 8])
def test_gathered_shards_are_the_whole_sweep_byte_for_byte(tmp_path, kind, n_shards):
    p = _params()
    whole = study.simulate(p, kind)
    shards = [study.simulate(p, kind, k, n_shards) for k in range(n_shards)]
    # 6 cells: with 8 shards two are empty
    assert sum(len(s) == 0 for s in shards) == max(n_shards - 6, 0)
    assert sorted(c for s in shards if len(s) for c in s["cell"].unique()) == list(range(6))
    gathered = study.gather_simulations(
        [
            pd.read_parquet(_write(s, tmp_path / f"{k}.parquet"))
            for k, s in enumerate(shards)
            if len(s)
        ]
    )
    _write(whole, tmp_path / "whole.parquet")
    _write(gathered, tmp_path / "gathered.parquet")
    assert (tmp_path / "whole.parquet").read_bytes() == (tmp_path / "gathered.parquet").read_bytes()
    assert len(whole) == 6 * 2 * 8  # cells x seed groups x seeds


def _write(frame, path):
    files.write_parquet(frame, path)
    return path
