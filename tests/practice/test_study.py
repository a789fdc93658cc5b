"""Study E's entry points: parameters from the schema, the Centola-like comparison, determinism, skips."""

from pathlib import Path

import jsonschema
import networkx as nx
import pandas as pd
import pytest
import yaml

from virality import contracts, files
from virality.practice import study

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = yaml.safe_load((ROOT / "workflow" / "schemas" / "practice.schema.yaml").read_text())

SMALL = {
    "lattice_sizes": [128],
    "n_graphs": 3,
    "n_runs": 60,
    "simple_p": [0.25],
    "absolute_k": [2],
    "fractional_phi": [],
    "n_boot": 200,
}


def test_params_defaults_are_the_schema_defaults():
    defaults = {k: v["default"] for k, v in SCHEMA["properties"].items() if "default" in v}
    built = study.params(defaults, seed=5)
    assert built == study.Params(seed=5)
    assert set(defaults) == set(study.Params.__dataclass_fields__) - {"seed"}


def test_config_section_is_valid():
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    jsonschema.validate(config["practice"], SCHEMA)
    study.params(config["practice"], seed=config["seed"])
    with pytest.raises(ValueError, match="unknown key"):
        study.params({"lattice_size": [98]}, seed=1)


@pytest.fixture(scope="module")
def seeding_table():
    return study.seeding(study.params(SMALL, seed=3), real={})["table"]


def _cell(table, graph, contagion, seeding):
    t = table[(table.graph == graph) & (table.contagion == contagion) & (table.seeding == seeding)]
    assert len(t) == 1
    return t.iloc[0]


def test_centola_complex_contagion_spreads_farther_and_faster_on_the_lattice(seeding_table):
    lat = _cell(seeding_table, "clustered_lattice", "complex_absolute", "community")
    rnd = _cell(seeding_table, "rewired_lattice", "complex_absolute", "community")
    assert lat["mean_final_share"] > rnd["ci_high"]  # farther
    assert lat["mean_time_to_half_population"] < rnd["mean_time_to_half_population"]  # faster
    assert lat["clustering"] > 0.3 > 0.1 > rnd["clustering"]
    assert lat["mean_degree"] == rnd["mean_degree"] == 6


def test_simple_contagion_prefers_random_ties(seeding_table):
    lat = _cell(seeding_table, "clustered_lattice", "simple", "community")
    rnd = _cell(seeding_table, "rewired_lattice", "simple", "community")
    assert rnd["mean_final_share"] > lat["ci_high"]


def test_concentrated_seeding_wins_complex_and_ties_simple_in_segments(seeding_table):
    com = _cell(seeding_table, "block_model", "complex_absolute", "community")
    ran = _cell(seeding_table, "block_model", "complex_absolute", "random")
    assert com["ci_low"] > ran["ci_high"]
    com = _cell(seeding_table, "block_model", "simple", "community")
    ran = _cell(seeding_table, "block_model", "simple", "random")
    assert abs(com["mean_final_share"] - ran["mean_final_share"]) < 0.05


def test_table_contract_and_determinism(seeding_table, tmp_path):
    contracts.check(seeding_table, "seeding_strategies", "seeding_strategies.csv")
    assert list(seeding_table.columns[:12]) == list(contracts.table("seeding_strategies").columns)
    assert (seeding_table["n_runs"] == 60).all() and seeding_table["synthetic"].all()
    again = study.seeding(study.params(SMALL, seed=3), real={})["table"]
    files.write_csv(seeding_table, tmp_path / "a.csv")
    files.write_csv(again, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_real_graph_rows_and_skip():
    g = nx.stochastic_block_model([30, 30], [[0.5, 0.02], [0.02, 0.5]], seed=1)
    edges = pd.DataFrame([(f"u{a}", f"u{b}") for a, b in g.edges], columns=["source", "target"])
    p = study.params({**SMALL, "lattice_sizes": [], "n_graphs": 1, "n_runs": 4}, seed=1)
    real = {"segments": (edges, False), "empty": (edges.iloc[:0], False)}
    path = pd.DataFrame(
        {"source": [f"r{i}" for i in range(60)], "target": [f"r{i + 1}" for i in range(60)]}
    )
    real["tiny"] = (path, False)  # a path of 61 nodes: Louvain finds no community of 20 members
    out = study.seeding(p, real=real)
    seg = out["table"][out["table"]["graph"] == "segments"]
    assert len(seg) == 3 * 2 and not seg["synthetic"].any()
    assert (seg["n_communities"] == 2).all()
    assert (seg["n_seeds"] == 20).all() and (seg["n_nodes"] == 60).all()
    assert out["skipped"]["dataset"].tolist() == ["empty", "tiny"]


def test_synthetic_levers_rows():
    p = study.params({"synthetic_levers": {"n_items": 25, "n_days": 45}, "n_boot": 100}, seed=2)
    out = study.synthetic_levers(p)
    rows = out["rows"].set_index("method")
    daily = rows.loc["hawkes_fit"]
    for lever in ("organic", "viral", "paid"):
        assert daily[f"{lever}_share"] == pytest.approx(daily[f"true_{lever}_share"], abs=0.05)
        assert daily[f"{lever}_ci_low"] <= daily[f"{lever}_share"] <= daily[f"{lever}_ci_high"]
    assert rows.loc["hawkes_fit_binned", "n_bins"] == 4  # days 1, 7, 14, 30 of a 45-day world
    table = study.gather_levers([out["rows"]], [])["table"]
    contracts.check(table, "visibility_levers", "visibility_levers.csv")


def test_levers_without_usable_tables_is_a_skip():
    items = pd.DataFrame({"item_id": ["x"], "outcome": [3.0]})
    tables = {"events": pd.DataFrame(columns=["item_id", "user_id", "time"]), "items": items}
    out = study.levers(study.params({}, seed=1), tables, "news", synthetic=False)
    assert len(out["rows"]) == 0 and out["skipped"].iloc[0]["step"] == "levers"
    gathered = study.gather_levers([out["rows"]], [out["skipped"]])
    assert len(gathered["table"]) == 0 and len(gathered["skipped"]) == 1
