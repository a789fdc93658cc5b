"""The three-lever fit on the canonical tables of the YouTube ACTIVE reader's tiny test file."""

import importlib
from pathlib import Path

import numpy as np
import pytest

from virality.practice import study

FORMATS = Path(__file__).resolve().parents[1]


def _active_items():
    """Canonical items built by the reader (``virality.adapters`` now, ``virality.data`` after the move)."""
    path = next(
        (
            p
            for p in (FORMATS / "data" / "formats", FORMATS / "fixtures" / "formats")
            if (p / "active-dataset.json").exists()
        ),
        None,
    )
    if path is None:
        pytest.skip("active-dataset.json test file not found")
    for name in ("virality.adapters", "virality.data"):
        try:
            readers = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(readers, "build"):
            entry = {"format": "youtube_active", "files": {"json": {"path": "active-dataset.json"}}}
            return readers.build("youtube_active", {"json": path / "active-dataset.json"}, entry)
    pytest.skip("no reader module with build()")


def test_three_lever_fit_on_active_tables():
    tables = _active_items()
    p = study.params({"active_min_bins": 2, "n_boot": 50}, seed=1)
    out = study.levers(p, tables, "youtube_active", synthetic=False)
    assert len(out["skipped"]) == 0
    row = out["rows"].iloc[0]
    assert row["method"] == "hawkes_fit_binned" and row["n_items"] == 1
    assert row["paid_series"] == "shares"
    shares = [row["organic_share"], row["viral_share"], row["paid_share"]]
    assert np.isfinite(shares).all() and sum(shares) == pytest.approx(1.0)
    assert min(shares) >= -1e-9
    fit = out["fits"].iloc[0]
    assert fit["item_id"] == "00-6OyXVA0M" and fit["observed"] == 280.0  # views of days 1 to 7


def test_too_short_series_are_a_skip_row():
    tables = _active_items()
    out = study.levers(study.params({}, seed=1), tables, "youtube_active", synthetic=False)
    assert len(out["rows"]) == 0
    skip = out["skipped"].iloc[0]
    assert skip["study"] == "E" and skip["step"] == "levers_active"
    assert "max_bins=2" in skip["counts"]
