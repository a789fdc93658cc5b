"""The Snakemake report captions (workflow/report/*.rst) render with jinja2 and the validated config, as
Snakemake renders them: config keys appear as their values, and the "synthetic" line only where a
synthetic data set is among the figure's inputs."""

import re
from pathlib import Path

import pytest
import yaml
from docutils.core import publish_parts
from snakemake.utils import validate

from virality import plots

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("attribution", "prediction", "content", "influence", "practice", "paper")


@pytest.fixture(scope="module")
def config():
    cfg = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    validate(cfg, str(ROOT / "workflow/schemas/config.schema.yaml"))
    for sec in SECTIONS:
        validate(cfg[sec], str(ROOT / f"workflow/schemas/{sec}.schema.yaml"))
    return cfg


def render(name: str, config: dict, inputs: list[str]) -> str:
    text = plots.render_caption((ROOT / "workflow" / "report" / name).read_text(), config, inputs)
    return " ".join(text.split())  # one space between words, as the report shows them


KEYS = (
    "n_nodes",
    "global_fraction",
    "min_items",
    "min_final",
    "min_early",
    "seismic_n_star",
    "n_boot",
)


@pytest.mark.parametrize(
    "path", sorted((ROOT / "workflow" / "report").glob("*.rst")), ids=lambda p: p.name
)
def test_every_caption_renders_without_config_names(path, config):
    raw = plots.render_caption(path.read_text(), config, ["results/prediction/digg_synth/x.csv"])
    publish_parts(
        raw, writer="html", settings_overrides={"halt_level": 2}
    )  # valid rst, as the report needs
    text = " ".join(raw.split())
    assert not re.search(
        r"[a-z)\"]\.[A-Z]", text
    )  # no sentences glued where a jinja tag ended a line
    assert "{{" not in text and "{%" not in text
    for key in KEYS:
        assert not re.search(rf"``[a-z.]*{key}``", text), (path.name, key)


def test_captions_state_values(config):
    window = render("influence_window.rst", config, [])
    assert "reaching at least 10% of the nodes" in window
    assert "n = 10,000 nodes, 2 graphs per mean degree" in window
    assert "keep 0.25, 0.5, 0.75, 1.0 of its edges" in window
    consistency = render("influence_consistency.rst", config, [])
    assert "least 2 cascades" in consistency and "at least 3 such pairs" in consistency
    seismic = render("prediction_seismic.rst", config, [])
    assert "n* = 100 for seismic_example, and the mean follower count" in seismic
    scatter = render("prediction_scatter.rst", config, [])
    assert "at least 1 event(s) by t_i" in scatter
    traj = render("attribution_trajectories.rst", config, [])
    assert "at least 5 adoptions" in traj and "within 20% of its span" in traj
    assert "J >= 0.45" in traj and "at least 0.7 and J < 0.15" in traj


@pytest.mark.parametrize(
    "name",
    [
        "prediction_scatter.rst",
        "prediction_correlation.rst",
        "prediction_error.rst",
        "prediction_decay.rst",
        "prediction_lognormal.rst",
        "prediction_popularity.rst",
        "attribution_trajectories.rst",
    ],
)
def test_synthetic_line_only_with_synthetic_inputs(name, config):
    real = ["results/prediction/higgs/a.csv", "results/attribution/twitter1516/b.parquet"]
    synth = [
        *real,
        "results/prediction/digg_synth/a.csv",
        "results/attribution/flickr_synth/b.parquet",
    ]
    assert "(synthetic)" not in render(name, config, real)
    assert 'Synthetic data sets are marked "(synthetic)"' in render(name, config, synth).replace(
        "\n", " "
    )
