"""Study C: content-emotion features of viral content, after Berger & Milkman (JMR 2012).

Berger, J. and Milkman, K. L. (2012). What makes online content viral? *Journal of Marketing Research*
49(2): 192-205, doi:10.1509/jmr.10.0353: the odds of a New York Times article making the "most e-mailed"
list per s.d. of its content features, with controls (their Table 4). Berger & Milkman scored positivity and
emotionality with LIWC and had human raters code awe, anger, anxiety, sadness, surprise, interest and
practical utility. Rebuilt with open lexicons, VADER and (for its owners) LIWC, and statsmodels /
scikit-learn: ``text`` (tokens, look-up by lemma, NRC and VAD scores, negation), ``instruments`` (VADER,
LIWC, every instrument's measurement and coverage), ``design`` (viral outcome, ties, controls), ``models``
(logit, OLS, cross-validated AUC), ``fits`` (the models of one data set, per instrument, with skips),
``compare`` (published directions, which hold under every instrument, agreement between measures),
``figures``, and ``study`` (the entry points the workflow calls).
"""

from .study import Params, run_features, run_figures, run_models, run_tables

__all__ = ["Params", "run_features", "run_figures", "run_models", "run_tables"]
