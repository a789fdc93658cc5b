"""Steps that cannot run on a data set say why instead of raising: a :class:`Skip` becomes a row of
``results/tables/skipped.csv`` (dataset, study, step, reason, counts), and every other result is built.

Library code raises ``Skip(step, reason, n_items=..., ...)`` where a data set is too small or degenerate for a
step (thresholds live in the study schemas); the study's runner catches it and records the row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from . import contracts
from .files import log


class Skip(Exception):
    """A step cannot run on this data set: ``reason`` in words, ``counts`` the numbers behind it."""

    def __init__(self, step: str, reason: str, **counts: int | float) -> None:
        super().__init__(f"{step}: {reason}")
        self.step, self.reason, self.counts = step, reason, dict(counts)


def require(ok: bool, step: str, reason: str, **counts: int | float) -> None:
    """Raise :class:`Skip` unless ``ok``."""
    if not ok:
        raise Skip(step, reason, **counts)


def format_counts(counts: Mapping[str, int | float]) -> str:
    """``{"n_items": 3, "n_events": 3}`` → ``"n_events=3; n_items=3"`` (sorted, so reruns give the same bytes)."""
    return "; ".join(
        f"{k}={counts[k]:g}" if isinstance(counts[k], float) else f"{k}={counts[k]}"
        for k in sorted(counts)
    )


def row(dataset: str, study: str, skip: Skip) -> dict:
    """One row of ``skipped.csv`` for ``skip`` raised by ``study`` on ``dataset``."""
    return {
        "dataset": dataset,
        "study": study,
        "step": skip.step,
        "reason": skip.reason,
        "counts": format_counts(skip.counts),
    }


def frame(rows: Iterable[Mapping]) -> pd.DataFrame:
    """Skip rows as the ``skipped`` table, sorted by dataset, study and step."""
    df = contracts.frame(list(rows), "skipped")
    return df.sort_values(["dataset", "study", "step"], kind="stable").reset_index(drop=True)


def gather(paths: Iterable[str]) -> pd.DataFrame:
    """The per-job skip files (``results/<study>/<dataset>/skipped.csv``) as one sorted ``skipped`` table."""
    rows = [
        r
        for p in paths
        for r in pd.read_csv(p, dtype=str, keep_default_na=False).to_dict("records")
    ]
    for r in rows:
        log.info(
            "skipped: %s, Study %s, %s: %s (%s)",
            r["dataset"],
            r["study"],
            r["step"],
            r["reason"],
            r["counts"],
        )
    return frame(rows)
