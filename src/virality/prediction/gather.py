"""Study B over all data sets: :func:`run` stacks the per-data-set parts written by
:func:`virality.prediction.study.run` into the results tables (``virality.contracts``, sorted);
:func:`draw` makes the figures from the parts :data:`FIGURE_PARTS` (a job of its own, rule
prediction_figures, so a run that asks for tables only draws nothing).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import pandas as pd
from matplotlib.figure import Figure

from .. import contracts
from . import figures
from .models import PREDICTORS
from .parts import FIGURE_PARTS

#: results table → (the part it stacks, its sort keys)
TABLES = {
    "novelty_decay": ("novelty", ["dataset"]),
    "novelty_decay_ci": ("novelty_ci", ["dataset", "parameter"]),
    "novelty_decay_models": ("decay_models", ["dataset", "model"]),
    "popularity_distribution": ("popularity", ["dataset", "range", "first", "second"]),
    "prediction_correlation": ("correlation", ["dataset", "clock_origin", "selection", "t_i"]),
    "prediction_error": ("error", ["dataset", "predictor", "t_i"]),
    "prediction_limits": ("limits", ["dataset", "t_i"]),  # ex ante (t_i NaN) first
    "prediction_grids": ("grid", ["dataset"]),
    "prediction_clock": ("clock", ["dataset", "clock", "t_i"]),
}


def read_part(paths: Sequence[str | os.PathLike]) -> pd.DataFrame:
    """One part of every data set, stacked (``synthetic`` as booleans); empty parts are left out."""
    frames = [pd.read_csv(path, keep_default_na=True) for path in paths]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.read_csv(paths[0]) if len(paths) else pd.DataFrame()
    df = pd.concat(frames, ignore_index=True)
    if "synthetic" in df.columns:
        df["synthetic"] = df["synthetic"].astype(str).str.lower().eq("true")
    return df


def sort_rows(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows sorted by ``keys`` (stable, NaN first), predictors in the order of :data:`PREDICTORS`."""
    if len(df) == 0:
        return df
    df = df.copy()
    if "predictor" in keys:
        df["_p"] = df["predictor"].map({p: i for i, p in enumerate(PREDICTORS)})
        keys = ["_p" if k == "predictor" else k for k in keys]
    df = df.sort_values(keys, kind="stable", na_position="first").reset_index(drop=True)
    return df.drop(columns=[c for c in ("_p",) if c in df.columns])


def run(parts: Mapping[str, Sequence[str | os.PathLike]]) -> dict[str, pd.DataFrame]:
    """The results tables by contract name from the part files ``parts[part]`` (one path per data set)."""
    frames = {part: read_part(list(paths)) for part, paths in parts.items()}
    return {
        name: contracts.frame(sort_rows(frames[part], keys), name)
        for name, (part, keys) in TABLES.items()
    }


def draw(parts: Mapping[str, Sequence[str | os.PathLike]]) -> dict[str, Figure]:
    """The seven figures by name from the part files of :data:`FIGURE_PARTS` (one path per data set)."""
    return figures.all_figures({part: read_part(list(parts[part])) for part in FIGURE_PARTS})
