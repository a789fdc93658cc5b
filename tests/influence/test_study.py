"""Tests of Study D's entry points (virality.influence.study): parameters from the schema, tables in their
contracts."""

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from virality import contracts
from virality.influence import study

SCHEMA = Path(__file__).resolve().parents[2] / "workflow" / "schemas" / "influence.schema.yaml"


def small_params(**change):
    props = yaml.safe_load(SCHEMA.read_text())["properties"]
    section = {k: v["default"] for k, v in props.items()}
    section.update(
        n_nodes=300, mean_degrees=[0.5, 3.0], n_graphs=1, n_seeds=10, n_boot=20, **change
    )
    return study.params(section, seed=3)


def test_params_are_the_schema_keys_frozen():
    props = yaml.safe_load(SCHEMA.read_text())["properties"]
    p = small_params()
    assert set(study.Params.__dataclass_fields__) == {*props, "seed"}
    assert p.thresholds == (0.1, 0.18, 0.25) and p.seed == 3


def test_gather_writes_the_contract_tables():
    p = small_params(thresholds=[0.18])
    runs = pd.concat([study.simulate(p, "erdos_renyi"), study.simulate(p, "heavy_tailed")])
    again = study.simulate(p, "erdos_renyi")
    pd.testing.assert_frame_equal(runs.iloc[: len(again)], again)  # seeded by name
    tables = study.gather(p, runs.reset_index(drop=True))
    assert list(tables) == ["influentials", "influence_multiplier", "influence_window"]
    for name, t in tables.items():
        assert list(t.columns) == contracts.columns(name)
        assert t["synthetic"].all()


def test_consistency_and_musiclab_tables_follow_contracts():
    p = small_params(musiclab_strengths=[0.0, 0.9], musiclab_listens=50, musiclab_markets=2)
    rng = np.random.default_rng(0)
    pairs = pd.DataFrame(
        {
            "creator": np.repeat([f"u{i}" for i in range(20)], 3),
            "past_mean": rng.normal(size=60),
            "next_log_size": rng.normal(size=60),
        }
    )
    t = study.consistency(p, {"b": pairs, "a": pairs}, {"a": True, "b": False})
    assert list(t.columns) == contracts.columns("influence_consistency")
    assert t["dataset"].tolist() == ["a", "b"] and t["synthetic"].tolist() == [True, False]
    markets, table = study.musiclab(p)
    assert list(table.columns) == contracts.columns("musiclab")
    assert len(markets) == 4 and table["synthetic"].all()
