"""Fakes for the paper's tests: small results tables with the columns of virality.contracts, a figure,
two manifests and published_vs_reproduced. The fixtures hand the helpers to the tests."""

import json
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from virality.paper.published import load_published, published_vs_reproduced  # noqa: E402
from virality.paper.render import render_markdown  # noqa: E402
from virality.paper.tables import read_result_table  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "paper" / "paper.md.j2"
PUBLISHED = ROOT / "paper" / "published.yaml"
REFERENCES = ROOT / "paper" / "references.yaml"
#: The config values the paper's text states (rule paper passes config["influence"]).
PARAMETERS = {
    "influence": {
        "n_nodes": 10000,
        "top_fraction": 0.1,
        "global_fraction": 0.1,
        "min_items": 2,
        "real_graph_undirected": True,
    }
}


def _fake_tables() -> dict[str, pd.DataFrame]:
    t = {}
    t["attribution"] = pd.DataFrame(
        {
            "dataset": ["flickr_synth", "topolstm_twitter"],
            "synthetic": [True, False],
            "n_items": [150, 569],
            "n_adoptions": [9000, 12000],
            "wom_share": [0.541, 0.612],
            "wom_ci_low": [0.52, 0.58],
            "wom_ci_high": [0.56, 0.64],
            "null_wom_share": [0.10, 0.35],
            "excess_wom_share": [0.441, 0.262],
            "bass_external_share": [0.45, 0.30],
            "hawkes_external_share": [0.47, 0.28],
            "true_wom_share": [0.53, None],
            "chance_exposure_share": [0.04, 0.014],
            "wom_share_corrected": [0.522, 0.606],
            "null_matched_share": [0.12, 0.05],
            "wom_share_corrected_matched": [0.48, 0.59],
            "wom_corrected_matched_ci_low": [0.46, 0.55],
            "wom_corrected_matched_ci_high": [0.50, 0.63],
            "wom_share_dated": [None, None],
            "wom_share_dated_corrected_matched": [None, None],
            "graph": ["static", "symmetrised"],
            "hawkes_kernel": ["exponential", "power_law"],
            "hawkes_external_share_exponential": [0.47, 0.3],
            "hawkes_external_share_power_law": [0.46, 0.28],
            "hawkes_aic_exponential_minus_power_law": [-2.0, 120.0],
            "hawkes_at_bound": [False, False],
            "n_items_timeseries": [150, 400],
            "n_items_timeseries_eligible": [150, 487],
        }
    )
    t["attribution_estimators"] = pd.DataFrame(
        {
            "dataset": ["flickr_synth"] * 2 + ["topolstm_twitter"] * 2,
            "synthetic": [True, True, False, False],
            "graph": ["static", "static", "symmetrised", "as_listed"],
            "n_links": [50000, 50000, 17058, 12040],
            "estimator": ["naive", "placebo_matched", "naive", "naive"],
            "estimate": [0.541, 0.48, 0.612, 0.55],
            "ci_low": [0.52, 0.46, 0.58, 0.52],
            "ci_high": [0.56, 0.50, 0.64, 0.58],
            "chance_share": [None, 0.12, None, None],
            "true_wom_share": [0.53, 0.53, None, None],
            "bias": [0.011, -0.05, None, None],
        }
    )
    t["trajectories"] = pd.DataFrame(
        {
            "dataset": ["topolstm_twitter"] * 3,
            "synthetic": [False] * 3,
            "trajectory": ["editorial", "hybrid", "word_of_mouth"],
            "n_items": [100, 300, 169],
            "share_items": [100 / 569, 300 / 569, 169 / 569],
            "share_adoptions": [0.2, 0.5, 0.3],
        }
    )
    t["broadcast_vs_viral"] = pd.DataFrame(
        {
            "dataset": ["twitter1516"] * 4,
            "synthetic": [False] * 4,
            "size_bin": ["all", "[2,10)", "[10,100)", "[100,inf)"],
            "n_cascades": [2308, 300, 1500, 508],
            "n_adoptions": [987994, 1500, 60000, 926494],
            "depth1_share": [0.7, 0.8, 0.72, 0.69],
            "depth2plus_share": [0.3, 0.2, 0.28, 0.31],
            "mean_structural_virality": [2.2, 1.8, 2.3, 2.9],
            "median_structural_virality": [2.1, 1.75, 2.2, 2.8],
        }
    )
    t["novelty_decay"] = pd.DataFrame(
        {
            "dataset": ["digg_synth", "topolstm_memes"],
            "synthetic": [True, False],
            "n_items": [300, 54847],
            "lognormal_mu": [6.1, 2.0],
            "lognormal_sigma": [0.7, 1.1],
            "normality_p": [0.2, 0.0001],
            "decay_a": [0.41, 0.9],
            "decay_b": [0.39, 0.3],
            "half_life": [3.9, 1.5],
            "half_life_unit": ["h", "unknown"],
            "decay_b_at_bound": [False, False],
            "clock_origin": ["threshold", "threshold"],
            "clock_n0": [10, 10],
            "selection": ["observed", "observed"],
            "decay_best_model": ["stretched_exponential", "stretched_exponential"],
            "decay_delta_aic_stretched": [0.0, 0.0],
            "power_law_exponent": [1.0, 1.2],
            "novelty_half_time": [69.1, 40.0],
            "popularity_best_all": ["lognormal", "undecided"],
            "popularity_best_tail": ["undecided", "undecided"],
            "lognormal_vs_power_law_R": [300.0, -2.0],
            "lognormal_vs_power_law_p": [0.0, 0.3],
        }
    )
    t["prediction_correlation"] = pd.DataFrame(
        {
            "dataset": ["topolstm_memes"] * 4,
            "synthetic": [False] * 4,
            "t_i": [1.0, 2.0, 6.0, 24.0],
            "t_r": [96.0] * 4,
            "pearson_r_log": [0.62, 0.75, 0.88, 0.97],
            "n_items": [5000] * 4,
            "clock_origin": ["threshold"] * 4,
            "selection": ["at_t_i"] * 4,
            "primary": [True] * 4,
        }
    )
    rows = []
    for pred, base in [("LN", 0.5), ("CS", 0.3), ("GP", 0.4), ("SEISMIC", 0.25), ("GBM", 0.2)]:
        for ti, f in [(1.0, 1.0), (6.0, 0.5), (24.0, 0.1)]:
            rows.append(("topolstm_memes", pred, ti, base * f, base * f / 2, 2500))
    t["prediction_error"] = pd.DataFrame(
        rows, columns=["dataset", "predictor", "t_i", "rse_mean", "rse_median", "n_test"]
    )
    t["prediction_error"].insert(1, "synthetic", False)
    t["prediction_error"]["clock_origin"] = "threshold"
    t["prediction_error"]["selection"] = "at_t_i"
    feats = ["awe", "anger", "anxiety", "sadness", "positivity", "emotionality", "surprise"]
    rows = []
    for ds, syn, ors in [
        ("mashable", False, [1.1, 1.2, 0.95, 0.9, 1.05, 1.3, 1.0]),
        ("nyt_synth", True, [1.31, 1.33, 1.2, 0.85, 1.12, 1.17, 1.15]),
    ]:
        for model in ["controls", "no_controls"]:
            for f, o in zip(feats, ors, strict=True):
                rows.append((ds, syn, model, f, o, o - 0.08, o + 0.08, 0.01, 9874))
    t["content_emotion_odds"] = pd.DataFrame(
        rows,
        columns=[
            "dataset",
            "synthetic",
            "model",
            "feature",
            "odds_ratio_per_sd",
            "ci_low",
            "ci_high",
            "p_value",
            "n",
        ],
    )
    t["content_prediction"] = pd.DataFrame(
        {
            "dataset": ["mashable", "mashable"],
            "synthetic": [False, False],
            "features": ["controls", "controls+emotion"],
            "auc_mean": [0.61, 0.63],
            "auc_sd": [0.01, 0.012],
            "n": [39644, 39644],
            "n_viral": [3964, 3964],
            "folds": [5, 5],
        }
    )
    t["content_coverage"] = pd.DataFrame(
        [
            ("mashable", False, inst, f, 9874, share, share - 0.02, True)
            for inst in ("nrc", "vader")
            for f, share in (("positivity", 0.42), ("anger", 0.08), ("sadness", 0.06))
        ],
        columns=[
            "dataset",
            "synthetic",
            "instrument",
            "feature",
            "n_items",
            "share_scored",
            "share_scored_surface",
            "lemmatised",
        ],
    )
    t["content_robustness"] = pd.DataFrame(
        [
            (
                "mashable",
                False,
                "anger",
                ">1",
                "nrc",
                1,
                1,
                0,
                "nrc 1.2",
                "holds under every instrument",
            ),
            ("mashable", False, "sadness", "<1", "nrc", 1, 0, 0, "nrc 0.9", "not significant"),
            (
                "mashable",
                False,
                "positivity",
                ">1",
                "nrc; vader",
                2,
                0,
                2,
                "nrc 0.95; vader 0.97",
                "opposite under every instrument",
            ),
        ],
        columns=[
            "dataset",
            "synthetic",
            "feature",
            "published_direction",
            "instruments",
            "n_instruments",
            "n_holds",
            "n_opposite",
            "odds_ratios",
            "conclusion",
        ],
    )
    rows = []
    for g in ["erdos_renyi", "topolstm_twitter"]:
        for k in [4.0, 8.0]:
            rows.append((g, k, 0.18, "average", 100.0, 0.1, 200))
            rows.append((g, k, 0.18, "influential", 150.0, 0.12, 200))
    t["prediction_limits"] = pd.DataFrame(
        {
            "dataset": ["topolstm_memes"] * 2,
            "synthetic": [False] * 2,
            "information": ["ex_ante", "early"],
            "t_i": [0.0, 6.0],
            "r2": [0.04, 0.71],
            "n": [5000, 5000],
            "clock_origin": ["threshold"] * 2,
            "selection": ["observed", "at_t_i"],
        }
    )
    # topolstm_memes: more observed items than prediction.max_items, a seeded sample of them entered
    cols = (
        "dataset synthetic t_r t_i decay_step relative time_unit table_unit n_items_total "
        "n_items_eligible n_items_used clock_origin clock_n0 grid_kind n_items_with_origin "
        "n_items_ending_before_t_r observed_until_source censoring_checked n_groups split"
    ).split()
    row = ["topolstm_memes", False, 24.0, "6", 1.0, False, "s", "h", 9000, 8000, 5000, "threshold"]
    row += [10, "config", 8500, 10, "last event of the data set", True, 4000, "by source"]
    t["prediction_grids"] = pd.DataFrame([row], columns=cols)
    t["influence_multiplier"] = pd.DataFrame(
        {
            "graph": ["erdos_renyi", "erdos_renyi", "topolstm_twitter"],
            "scope": ["cell", "window", "window"],
            "mean_degree": [4.0, None, None],
            "threshold": [0.18, None, None],
            "multiplier": [1.6, 1.5, 2.4],
            "ci_low": [1.2, 1.3, 1.9],
            "ci_high": [2.0, 1.7, 3.1],
            "p_global_influential": [0.5, 0.45, 0.3],
            "p_global_average": [0.31, 0.3, 0.125],
            "in_window": [True, True, True],
            "n_runs": [400, 800, 400],
            "synthetic": [True, True, False],
        }
    )
    t["influence_window"] = pd.DataFrame(
        {
            "graph": ["erdos_renyi"],
            "threshold": [0.18],
            "seed_group": ["average"],
            "window_low": [1.5],
            "window_high": [6.0],
            "max_p_global": [0.9],
            "degrees_tested_low": [1.0],
            "degrees_tested_high": [8.0],
            "analytic_low": [1.0],
            "analytic_high": [6.2],
            "synthetic": [True],
        }
    )
    t["influentials"] = pd.DataFrame(
        rows,
        columns=[
            "graph",
            "mean_degree",
            "threshold",
            "seed_group",
            "mean_cascade_size",
            "p_global_cascade",
            "n_runs",
        ],
    )
    t["influentials"]["n_nodes"] = 10000
    t["influentials"]["synthetic"] = t["influentials"]["graph"] == "erdos_renyi"
    t["influence_consistency"] = pd.DataFrame(
        {
            "dataset": ["topolstm_twitter"],
            "synthetic": [False],
            "min_items": [5],
            "n_creators": [120],
            "n_pairs": [400],
            "spearman": [0.21],
            "spearman_ci_low": [0.1],
            "spearman_ci_high": [0.3],
            "r2": [0.05],
            "r2_ci_low": [0.01],
            "r2_ci_high": [0.1],
            "r2_direct": [0.04],
            "spearman_other": [0.2],
        }
    )
    t["musiclab"] = pd.DataFrame(
        {
            "condition": ["independent", "social_influence", "social_influence"],
            "social_strength": [0.0, 0.5, 1.0],
            "n_markets": [50, 50, 50],
            "gini": [0.2, 0.35, 0.5],
            "gini_low": [0.18, 0.33, 0.47],
            "gini_high": [0.22, 0.37, 0.53],
            "unpredictability": [0.003, 0.008, 0.013],
            "unpredictability_low": [0.002, 0.007, 0.011],
            "unpredictability_high": [0.004, 0.009, 0.015],
            "quality_spearman": [0.9, 0.6, 0.4],
            "best_song_top_share": [0.9, 0.6, 0.5],
            "synthetic": [True, True, True],
        }
    )
    t["survey_conclusions"] = pd.DataFrame(
        {
            "conclusion": [1, 3],
            "claim": ["No one is influential in all circumstances", "A mix of influences"],
            "source": ["influence_multiplier.csv", "attribution.csv"],
            "dataset": ["erdos_renyi", "topolstm_twitter"],
            "statistic": ["multiplier_in_window", "wom_share"],
            "value": [1.5, 0.612],
            "ci_low": [1.3, 0.58],
            "ci_high": [1.7, 0.64],
            "synthetic": [True, False],
        }
    )
    t.update(_fake_practice_tables())
    return t


def _fake_practice_tables() -> dict[str, pd.DataFrame]:
    """Study E: seeding_strategies (lattice pairs, a block model, the real graph) and visibility_levers."""
    rows = []
    finals = {  # (graph, contagion, value): shares for community, random, top_degree
        ("clustered_lattice", "simple", 0.25): (0.28, 0.47, 0.46),
        ("clustered_lattice", "complex_absolute", 2): (1.0, 0.07, 0.08),
        ("rewired_lattice", "simple", 0.25): (0.55, 0.56, 0.55),
        ("rewired_lattice", "complex_absolute", 2): (0.49, 0.06, 0.07),
        ("block_model", "simple", 0.25): (0.889, 0.889, 0.887),
        ("block_model", "complex_absolute", 2): (0.999, 0.677, 0.994),
        ("topolstm_twitter", "simple", 0.25): (0.45, 0.451, 0.445),
        ("topolstm_twitter", "complex_absolute", 3): (0.223, 0.128, 0.331),
    }
    sizes = {"clustered_lattice": 128, "rewired_lattice": 128, "block_model": 1000}
    for (graph, contagion, v), shares in finals.items():
        for seeding, share in zip(("community", "random", "top_degree"), shares, strict=True):
            simple = contagion == "simple"
            real = graph == "topolstm_twitter"
            rows.append(
                {
                    "graph": graph,
                    "contagion": contagion,
                    "threshold": None if simple else v,
                    "seeding": seeding,
                    "n_seeds": 20 if real else 7,
                    "n_nodes": 3140 if real else sizes[graph],
                    "mean_final_share": share,
                    "ci_low": share - 0.02,
                    "ci_high": share + 0.02,
                    "mean_time_to_half": 6.0 if graph == "clustered_lattice" else 9.8,
                    "n_runs": 100 if real else 200,
                    "synthetic": not real,
                    "p_transmit": v if simple else None,
                    "share_runs_half_population": 1.0 if graph == "clustered_lattice" else 0.45,
                    "mean_time_to_half_population": 6.0 if graph == "clustered_lattice" else 9.76,
                    "mean_degree": 6.0,
                    "clustering": 0.4 if graph == "clustered_lattice" else 0.05,
                    "n_communities": 28 if real else 10,
                }
            )
    levers = pd.DataFrame(
        {
            "dataset": ["levers_synth", "twitter1516", "twitter1516", "higgs"],
            "synthetic": [True, False, False, False],
            "n_items": [80, 2308, 300, 300],
            "organic_share": [0.311, 0.746, 0.63, 0.112],
            "viral_share": [0.432, 0.254, 0.37, 0.777],
            "paid_share": [0.257, None, None, 0.112],
            "organic_ci_low": [0.295, 0.735, 0.596, 0.065],
            "organic_ci_high": [0.328, 0.757, 0.664, 0.16],
            "viral_ci_low": [0.418, 0.243, 0.336, 0.718],
            "viral_ci_high": [0.446, 0.265, 0.404, 0.843],
            "paid_ci_low": [0.244, None, None, 0.091],
            "paid_ci_high": [0.27, None, None, 0.13],
            "true_organic_share": [0.307, None, None, None],
            "true_viral_share": [0.438, None, None, None],
            "true_paid_share": [0.256, None, None, None],
            "method": ["hawkes_fit", "tree_depth", "hawkes_fit", "hawkes_fit"],
            "r2": [0.97, None, 0.97, 0.53],
        }
    )
    return {"seeding_strategies": pd.DataFrame(rows), "visibility_levers": levers}


def _write_fake_results(root: Path) -> dict:
    """Fake results/ under ``root``: tables, one figure, two manifests, and published_vs_reproduced."""
    tdir = root / "results" / "tables"
    tdir.mkdir(parents=True)
    tables = _fake_tables()
    paths = {}
    for name, df in tables.items():
        p = tdir / f"{name}.csv"
        df.to_csv(p, index=False)
        paths[name] = p
    paths["published_vs_reproduced"] = tdir / "published_vs_reproduced.csv"
    _rebuild_pvr(paths)
    fdir = root / "results" / "figures"
    fdir.mkdir(parents=True)
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.plot([0, 1], [0, 1])
    ax.set_title("attribution (flickr_synth: synthetic)")
    fig.savefig(fdir / "attribution_wom_flickr_synth.png", dpi=40)
    plt.close(fig)
    manifests = []
    titles = {
        "flickr_synth": "Synthetic Flickr-like favourites (true share 0.53)",
        "topolstm_twitter": "Twitter URL cascades + follower graph (Topo-LSTM)",
    }
    for name, syn in [("flickr_synth", True), ("topolstm_twitter", False)]:
        d = root / "results" / "data" / name
        d.mkdir(parents=True)
        man = {
            "dataset": name,
            "title": titles[name],
            "format": "synth_flickr" if syn else "topolstm",
            "synthetic": syn,
            "rows": {"events": 9000, "edges": 100, "exposures": 0, "items": 150},
            "time_unit": "s",
            "notes": [],
            "source": {} if syn else {"url": "https://github.com/vwz/topolstm"},
            "files": {}
            if syn
            else {"graph": {"path": "x/graph.txt", "sha256": "ab" * 32, "verified": True}},
            "truth": {"wom_share": 0.53, "seed": 1} if syn else {},
        }
        (d / "manifest.json").write_text(json.dumps(man))
        manifests.append(d / "manifest.json")
    return {
        "tables": paths,
        "figures": {"attribution_wom_flickr_synth": fdir / "attribution_wom_flickr_synth.png"},
        "manifests": manifests,
    }


def _rebuild_pvr(paths: dict) -> None:
    """published_vs_reproduced.csv from the (fake) tables, as rule published_vs_reproduced does."""
    tables = {
        n: read_result_table(p, n) for n, p in paths.items() if n != "published_vs_reproduced"
    }
    pvr = published_vs_reproduced(load_published(PUBLISHED), tables)
    pvr.to_csv(paths["published_vs_reproduced"], index=False)


def _render(root: Path, fake: dict, template: Path = TEMPLATE) -> str:
    return render_markdown(
        template,
        fake["tables"],
        figures=fake["figures"],
        manifests=fake["manifests"],
        references=REFERENCES,
        md_dir=root / "paper" / "build",
        context={
            "title": "Test paper",
            "studies_built": ["A", "B", "C", "D"],
            "seed": 1,
            "parameters": PARAMETERS,
        },
    )


@pytest.fixture()
def parameters():
    return PARAMETERS


@pytest.fixture()
def fake_tables():
    return _fake_tables


@pytest.fixture()
def rebuild_pvr():
    return _rebuild_pvr


@pytest.fixture(name="render")
def render_fixture():
    return _render


@pytest.fixture()
def fake(tmp_path):
    return _write_fake_results(tmp_path)
