"""Study E1's experiment on one graph: every seeding strategy against every contagion, then the summary
rows of ``seeding_strategies`` (mean final adopted share with a bootstrap interval over runs, time to half).

The same seed sets serve every contagion of a strategy (common random numbers), so differences between
contagions are not seeding noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..files import stable_seed
from . import contagion as cg
from .seeding import STRATEGIES, seed_sets


@dataclass(frozen=True)
class Contagion:
    """``kind`` simple (``value`` = p per exposure), complex_absolute (k) or complex_fractional (phi)."""

    kind: str
    value: float

    @property
    def threshold(self) -> float:
        return np.nan if self.kind == "simple" else self.value

    @property
    def p_transmit(self) -> float:
        return self.value if self.kind == "simple" else np.nan


def contagions(
    simple_p: Sequence[float], absolute_k: Sequence[float], fractional_phi: Sequence[float]
) -> list[Contagion]:
    return [
        *(Contagion("simple", float(v)) for v in simple_p),
        *(Contagion("complex_absolute", float(v)) for v in absolute_k),
        *(Contagion("complex_fractional", float(v)) for v in fractional_phi),
    ]


def spread(
    adj: sp.csr_matrix, seeds: np.ndarray, c: Contagion, rng: np.random.Generator
) -> np.ndarray:
    """Adoption rounds ``(n, runs)`` of contagion ``c`` from ``seeds``."""
    if c.kind == "simple":
        return cg.independent_cascade(adj, seeds, cg.ic_masks(adj, c.value, len(seeds), rng))
    if c.kind == "complex_absolute":
        return cg.threshold_spread(adj, seeds, cg.absolute_need(adj, c.value))
    if c.kind == "complex_fractional":
        return cg.threshold_spread(adj, seeds, cg.fractional_need(adj, c.value))
    raise ValueError(f"unknown contagion {c.kind!r}")


def run_graph(
    adj: sp.csr_matrix,
    labels: np.ndarray,
    graph: str,
    realisation: int,
    n_seeds: int,
    runs: int,
    kinds: Sequence[Contagion],
    seed: int,
) -> pd.DataFrame:
    """One row per run: graph, realisation, seeding, contagion, threshold, p_transmit, n_nodes, n_seeds,
    final (adopters), time_to_half, time_to_half_population (rounds)."""
    frames = []
    n = adj.shape[0]
    for strategy in STRATEGIES:
        rng = np.random.default_rng(stable_seed(seed, graph, n, realisation, strategy))
        seeds = seed_sets(strategy, adj, labels, n_seeds, runs, rng)
        for c in kinds:
            crng = np.random.default_rng(
                stable_seed(seed, graph, n, realisation, strategy, c.kind, c.value)
            )
            out = cg.summarise(spread(adj, seeds, c, crng))
            frames.append(
                pd.DataFrame(
                    {
                        "graph": graph,
                        "realisation": realisation,
                        "seeding": strategy,
                        "contagion": c.kind,
                        "threshold": c.threshold,
                        "p_transmit": c.p_transmit,
                        "n_nodes": n,
                        "n_seeds": n_seeds,
                        **out,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def _boot_ci(x: np.ndarray, rng: np.random.Generator, n_boot: int) -> tuple[float, float]:
    means = x[rng.integers(0, x.size, size=(n_boot, x.size))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


KEYS = ["graph", "contagion", "threshold", "p_transmit", "seeding", "n_seeds", "n_nodes"]


def summarise(runs: pd.DataFrame, n_boot: int, seed: int) -> pd.DataFrame:
    """Rows of ``seeding_strategies``: per graph, contagion, threshold, seeding and size, the mean final
    adopted share with a 95% percentile-bootstrap interval over runs, the mean time (rounds) to half of each
    run's final adopters, and (extra) the share of runs reaching half the nodes and their mean time."""
    rows = []
    for key, grp in runs.groupby(KEYS, sort=True, dropna=False):
        share = grp["final"].to_numpy(dtype=np.float64) / grp["n_nodes"].to_numpy()
        lo, hi = _boot_ci(share, np.random.default_rng(stable_seed(seed, "ci", *key)), n_boot)
        t_pop = grp["time_to_half_population"].to_numpy()
        rows.append(
            {
                **dict(zip(KEYS, key, strict=True)),
                "mean_final_share": float(share.mean()),
                "ci_low": lo,
                "ci_high": hi,
                "mean_time_to_half": float(grp["time_to_half"].mean()),
                "n_runs": len(grp),
                "share_runs_half_population": float(np.isfinite(t_pop).mean()),
                "mean_time_to_half_population": float(np.nanmean(t_pop))
                if np.isfinite(t_pop).any()
                else np.nan,
            }
        )
    return pd.DataFrame(rows)
