"""Study B: predicting success from the early audience (Wu & Huberman 2007, Szabo & Huberman 2010).

One data set at a time (:func:`virality.prediction.study.run`), then the results tables over all of them
(:func:`virality.prediction.gather.run`) and the figures (:func:`virality.prediction.gather.draw`). Modules:
``grid`` (indicator and reference times), ``cascades`` (events grouped by item), ``decay`` (log-normal popularity, novelty decay), ``models`` (LN, CS,
GP, gradient boosting, features), ``seismic`` (Zhao et al. 2015), ``clock`` (the platform's activity clock),
``limits`` (out-of-sample R^2), ``study``, ``gather`` and ``figures``.
"""
