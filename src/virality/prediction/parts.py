"""The names of Study B's per-data-set tables and of those its figures are drawn from, in a module of their
own so that the workflow's rules import them without the study's libraries (scikit-learn, matplotlib:
about 1 s at every planning)."""

#: The per-data-set tables :func:`virality.prediction.study.run` returns (the parts the gathering step reads).
PARTS = (
    "novelty",
    "novelty_ci",
    "decay_models",
    "decay_points",
    "popularity",
    "final",
    "correlation",
    "scatter",
    "error",
    "limits",
    "grid",
    "clock",
    "seismic_check",
    "skipped",
)

#: the parts the figures are drawn from
FIGURE_PARTS = (
    "scatter",
    "correlation",
    "error",
    "decay_points",
    "novelty",
    "final",
    "seismic_check",
)
