"""virality: step-by-step reproductions of the studies that define research on online virality."""

__version__ = "0.1.0"
