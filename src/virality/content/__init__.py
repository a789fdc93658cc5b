"""Study C: content-emotion features of viral content, after Berger & Milkman (JMR 2012).

Berger, J. and Milkman, K. L. (2012). What makes online content viral? *Journal of Marketing Research*
49(2): 192-205, doi:10.1509/jmr.10.0353: the odds of a New York Times article making the "most e-mailed"
list per s.d. of its content features, with controls (their Table 4). Rebuilt with open lexicons and
statsmodels / scikit-learn: ``text`` (tokens, lexicon scores, negation), ``design`` (viral outcome,
controls), ``models`` (logit, OLS, cross-validated AUC), ``compare`` (published directions, agreement with
the data's own sentiment), ``figures``, and ``study`` (the entry points the workflow calls).
"""

from .study import Params, run_features, run_figures, run_models, run_tables

__all__ = ["Params", "run_features", "run_figures", "run_models", "run_tables"]
