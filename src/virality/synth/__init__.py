"""Synthetic data with known ground truth, for the studies that have no real data of their own.

Each generator is deterministic for a seed and returns canonical tables (``docs/architecture.md``) plus a
``truth`` dictionary; every output is synthetic and labelled so downstream. One module per world.
"""

from .confounded import flickr_confounded
from .digg import digg_like, novelty_decay
from .flickr import TRAJECTORY_OFFSETS, flickr_like, follower_graph
from .flickr_scale import flickr_scale
from .levers import levers_world
from .nyt import NYT_DEFAULT_ODDS, nyt_like
from .seismic_like import seismic_like

__all__ = [
    "NYT_DEFAULT_ODDS",
    "TRAJECTORY_OFFSETS",
    "digg_like",
    "flickr_confounded",
    "flickr_like",
    "flickr_scale",
    "follower_graph",
    "levers_world",
    "novelty_decay",
    "nyt_like",
    "seismic_like",
]
