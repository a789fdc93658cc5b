"""Study B: time grids and the selection of items."""

import numpy as np
import pytest

from virality.prediction.cascades import deterministic_subsample
from virality.prediction.grid import make_grid


def test_grid_rejects_indicator_times_beyond_the_reference_time():
    with pytest.raises(
        ValueError, match=r"indicator times must lie in \(0, t_r=100\); got \[50.0, 150.0\]"
    ):
        make_grid(np.array([1.0]), "s", {"t_r": 100, "t_i": [50, 150]})
    g = make_grid(np.array([10.0, 20.0, 30.0, 40.0, 50.0]), "unknown", None)
    assert g.t_r == pytest.approx(40.0) and g.relative and g.unit_seconds == 1.0
    assert g.t_i[0] == pytest.approx(0.4)


def test_deterministic_subsample_is_seeded_and_capped():
    mask = np.ones(100, dtype=bool)
    a = deterministic_subsample(mask, 30, seed=1)
    assert a.sum() == 30
    assert np.array_equal(a, deterministic_subsample(mask, 30, seed=1))
    assert not np.array_equal(a, deterministic_subsample(mask, 30, seed=2))
    assert deterministic_subsample(mask, 0, seed=1).sum() == 100
