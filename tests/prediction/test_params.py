"""Study B's parameters: the dataclass defaults are the schema's, and the config builds them."""

from pathlib import Path

import pytest
from snakemake.utils import validate

from virality import settings
from virality.prediction import study
from virality.prediction.models import Boosting
from virality.prediction.seismic import Settings

SCHEMA = Path(__file__).resolve().parents[2] / "workflow" / "schemas" / "prediction.schema.yaml"


def _validated(section: dict) -> dict:
    validate(section, str(SCHEMA))  # fills the schema defaults in place, as the workflow does
    return section


def test_params_defaults_are_the_schema_defaults():
    built = settings.from_config(study.Params, _validated({}), where="prediction")
    assert built == study.Params()
    assert isinstance(built.seismic, Settings) and isinstance(built.gbm, Boosting)
    assert built.seismic.gammas == (0.0, 0.25, 0.5, 0.75, 0.9, 1.0)


def test_params_take_the_seed_and_threads_and_reject_unknown_keys():
    cfg = _validated({"grids": {"x": {"t_r": 10, "t_i": [1, 2]}}, "seismic": {"theta": 0.3}})
    p = settings.from_config(study.Params, cfg, where="prediction", seed=7, threads=2)
    assert (p.seed, p.threads, p.seismic.theta, p.seismic.cutoff) == (7, 2, 0.3, 300)
    assert p.grids["x"]["t_i"] == (1, 2)
    with pytest.raises(ValueError, match="prediction.seismic: unknown key"):
        study.Params(seismic={"thetta": 0.3})
    with pytest.raises(ValueError, match="prediction: unknown key"):
        settings.from_config(study.Params, {"n_bootstrap": 3}, where="prediction")
