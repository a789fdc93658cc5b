"""A simulated cultural market after Salganik, Dodds & Watts (Science 311: 854-856, 2006, "MusicLab").

48 songs, 8 worlds per condition; inequality (Gini of market shares) and unpredictability ``U`` (mean over
songs of the mean absolute difference of a song's share between pairs of worlds) as social influence grows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def gini(shares: np.ndarray) -> np.ndarray:
    """Gini coefficient along the last axis: ``sum_i sum_j |m_i - m_j| / (2 S sum_k m_k)`` (Salganik et al.
    2006). Zero when all ``S`` shares are equal."""
    m = np.asarray(shares, dtype=float)
    s = m.shape[-1]
    diff = np.abs(m[..., :, None] - m[..., None, :]).sum(axis=(-2, -1))
    tot = m.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return diff / (2.0 * s * tot)


def unpredictability(shares: np.ndarray) -> np.ndarray:
    """Unpredictability ``U`` of Salganik et al. (2006): for each song the mean over pairs of worlds of the
    absolute difference of its market share, averaged over songs. ``shares`` has worlds on axis -2 and songs
    on axis -1; returns one value per leading index."""
    m = np.asarray(shares, dtype=float)
    w = m.shape[-2]
    if w < 2:
        raise ValueError("unpredictability: needs at least 2 worlds")
    iu, ju = np.triu_indices(w, k=1)
    d = np.abs(m[..., iu, :] - m[..., ju, :])  # (..., pairs, songs)
    return d.mean(axis=-2).mean(axis=-1)


def musiclab(
    strengths: Sequence[float] = (0.0, 0.25, 0.5, 0.75, 0.9),
    n_songs: int = 48,
    n_worlds: int = 8,
    listens_per_world: int = 2500,
    n_markets: int = 40,
    quality_range: tuple[float, float] = (0.1, 0.6),
    appeal_sigma: float = 0.5,
    seed: int = 0,
) -> pd.DataFrame:
    """Simulated artificial cultural markets after Salganik, Dodds & Watts (2006).

    Each market has ``n_songs`` songs with a quality ``q_i`` (probability of a download after a listen, drawn
    uniformly in ``quality_range``) and an appeal ``a_i`` (log-normal, ``appeal_sigma``). Each of
    ``n_worlds`` worlds per social-influence strength ``w`` sees ``listens_per_world`` listens in sequence; a
    listener picks song ``i`` with probability ``(1 - w) a_i / sum(a) + w (d_i + 1) / sum(d + 1)`` (``d`` =
    the world's downloads so far; ``w = 0`` is the independent condition, here with as many worlds as the
    social one so that ``U`` compares like with like) and downloads it with probability ``q_i``. All worlds
    of all markets and strengths run at once (numpy arrays), looping only over listens.

    Returns one row per market and strength: market, social_strength, gini (mean over worlds),
    unpredictability, quality_spearman (Spearman between quality and the mean market share over worlds),
    top_song_best_quality_share.
    """
    from scipy import stats  # here, not at the top: ~1 s of every job that imports the module

    if n_worlds < 2:
        raise ValueError(f"musiclab: n_worlds must be at least 2, got {n_worlds}")
    w = np.asarray(strengths, dtype=float)
    if np.any((w < 0) | (w > 1)):
        raise ValueError("musiclab: social influence strengths must be in [0, 1]")
    rng = np.random.default_rng(seed)
    m_, s_, k_ = n_markets, w.size, n_songs
    quality = rng.uniform(quality_range[0], quality_range[1], size=(m_, k_))
    appeal = np.exp(appeal_sigma * rng.standard_normal((m_, k_)))
    appeal /= appeal.sum(axis=1, keepdims=True)
    base = (1.0 - w)[None, :, None, None] * appeal[:, None, None, :]  # (m, s, 1, k)
    ww = w[None, :, None, None]
    q4 = np.broadcast_to(quality[:, None, None, :], (m_, s_, n_worlds, k_))
    downloads = np.zeros((m_, s_, n_worlds, k_))
    for _ in range(listens_per_world):
        pop = (downloads + 1.0) / (downloads.sum(axis=-1, keepdims=True) + k_)
        p = base + ww * pop
        cum = np.cumsum(p, axis=-1)
        u = rng.random((m_, s_, n_worlds, 1)) * cum[..., -1:]
        choice = np.minimum((cum < u).sum(axis=-1, keepdims=True), k_ - 1)
        got = rng.random((m_, s_, n_worlds, 1)) < np.take_along_axis(q4, choice, axis=-1)
        np.put_along_axis(
            downloads, choice, np.take_along_axis(downloads, choice, axis=-1) + got, axis=-1
        )
    share = downloads / np.maximum(downloads.sum(axis=-1, keepdims=True), 1.0)
    g = gini(share).mean(axis=-1)  # (m, s)
    u_ = unpredictability(share)  # (m, s)
    mean_share = share.mean(axis=2)  # (m, s, k)
    rows = []
    for i in range(m_):
        best = int(np.argmax(quality[i]))
        for j in range(s_):
            rows.append(
                {
                    "market": i,
                    "social_strength": float(w[j]),
                    "gini": float(g[i, j]),
                    "unpredictability": float(u_[i, j]),
                    "quality_spearman": float(
                        stats.spearmanr(quality[i], mean_share[i, j]).statistic
                    ),
                    "best_song_top_share": float(np.mean(np.argmax(share[i, j], axis=-1) == best)),
                }
            )
    return pd.DataFrame(rows)


def summarise_musiclab(markets: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """``musiclab.csv``: per social-influence strength the mean over markets of each measure, with the
    central ``level`` range over simulated markets."""
    lo_q, hi_q = (1 - level) / 2, (1 + level) / 2
    rows = []
    for w, d in markets.groupby("social_strength", sort=True):
        row = {
            "condition": "independent" if w == 0 else "social_influence",
            "social_strength": w,
            "n_markets": int(d["market"].nunique()),
        }
        for col in ("gini", "unpredictability", "quality_spearman", "best_song_top_share"):
            row[col] = d[col].mean()
            if col in ("gini", "unpredictability"):
                row[f"{col}_low"] = d[col].quantile(lo_q)
                row[f"{col}_high"] = d[col].quantile(hi_q)
        rows.append(row)
    return pd.DataFrame(rows)
