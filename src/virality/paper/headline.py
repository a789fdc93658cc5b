"""The numbers the abstract and the conclusions quote, by name, read from the results tables' contract columns.

:func:`headline` returns one namespace per study (``H.A``, ``H.B``, ...) and the verdict counts
(``H.counts``); a study whose table or rows are missing gets ``None`` fields, so the abstract drops that
sentence instead of failing, and no value is ever typed in the template. Only contract columns
(:mod:`virality.contracts`) and published_vs_reproduced's columns are read, so a study's section can change
freely without breaking the abstract.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import SimpleNamespace

import numpy as np
import pandas as pd

from virality.paper.published import READINGS, STATUSES, verdict_counts

EMOTIONS = ("awe", "anger", "anxiety", "sadness", "positivity", "emotionality")


def short_title(title: str) -> str:
    """A data set's title without its trailing parenthesis: "Twitter URL cascades + follower graph"."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", str(title)).strip() or str(title)


def _real(df: pd.DataFrame | None) -> pd.DataFrame:
    if df is None or df.empty:
        return pd.DataFrame()
    return df[~df["synthetic"].astype(bool)] if "synthetic" in df.columns else df


def _num(x) -> float | None:
    v = pd.to_numeric(pd.Series([x]), errors="coerce").iloc[0]
    return None if pd.isna(v) else float(v)


def _direction_tests(pvr: pd.DataFrame) -> int:
    """Counted comparisons on real data with a confirmed value whose band is a bound (a direction claim)."""
    sel = pvr["counted"].astype(bool) & (pvr["kind"] == "data") & (pvr["status"] == "confirmed")
    lo = pd.to_numeric(pvr["band_low"], errors="coerce")
    hi = pd.to_numeric(pvr["band_high"], errors="coerce")
    return int((sel & (np.isinf(lo) | np.isinf(hi))).sum())


def counts(pvr: pd.DataFrame) -> SimpleNamespace:
    """Verdict counts: ``confirmed`` data rows (the headline) and the others apart."""
    d = verdict_counts(pvr, "data")
    c = d.loc["confirmed"]
    apart = {s: int(d.loc[s, "total"]) for s in STATUSES[1:]}

    def kind(k: str) -> tuple[int, int]:
        t = verdict_counts(pvr, k)
        return int(t["total"].sum()), int(t["reproduced"].sum())

    uncounted = pvr[~pvr["counted"].astype(bool)]
    failed = pvr[
        pvr["counted"].astype(bool)
        & (pvr["kind"] == "data")
        & pvr["outcome"].isin(["partly", "not reproduced"])
    ]
    return SimpleNamespace(
        confirmed=int(c["total"]),
        reproduced=int(c["reproduced"]),
        partly=int(c["partly"]),
        not_reproduced=int(c["not reproduced"]),
        secondary=apart["secondary"],
        unconfirmed=apart["unconfirmed"],
        sanity=kind("sanity check"),
        mechanism=kind("mechanism"),
        recovery=kind("recovery check"),
        not_comparable=int((uncounted["verdict"] == "not comparable").sum()),
        no_value=int((uncounted["verdict"] == "no value").sum()),
        n_values=int(pvr["id"].nunique()),
        n_confirmed_values=int(pvr.loc[pvr["status"] == "confirmed", "id"].nunique()),
        failed=len(failed),
        fail_generalise=int((failed["reading"] == READINGS["same"]).sum()),
        fail_proxy=int((failed["reading"] == READINGS["proxy"]).sum()),
        direction_tests=_direction_tests(pvr),
    )


def study_a(t: Mapping[str, pd.DataFrame], titles: Mapping[str, str]) -> SimpleNamespace:
    """The real data set with the most adoptions that has a word-of-mouth share."""
    a = _real(t.get("attribution"))
    if a.empty or "wom_share" not in a or a["wom_share"].isna().all():
        return SimpleNamespace(dataset=None, wom=None, null=None, excess=None)
    r = a.dropna(subset=["wom_share"]).sort_values("n_adoptions", ascending=False).iloc[0]
    return SimpleNamespace(
        dataset=titles.get(r["dataset"], r["dataset"]),
        wom=_num(r["wom_share"]),
        null=_num(r["null_wom_share"]),
        excess=_num(r["excess_wom_share"]),
    )


def study_b(t: Mapping[str, pd.DataFrame]) -> SimpleNamespace:
    """Pearson r of log popularity at the largest t_i <= t_r / 4, per real data set: range and count above 0.9."""
    none = SimpleNamespace(n=0, r_min=None, r_max=None, above=0)
    c = _real(t.get("prediction_correlation"))
    if c.empty:
        return none
    c = c[pd.to_numeric(c["t_i"]) <= pd.to_numeric(c["t_r"]) / 4]
    last = c.sort_values("t_i").groupby("dataset").tail(1)
    r = pd.to_numeric(last["pearson_r_log"], errors="coerce").dropna()
    if r.empty:
        return none
    return SimpleNamespace(n=len(r), r_min=r.min(), r_max=r.max(), above=int((r > 0.9).sum()))


def study_c(t: Mapping[str, pd.DataFrame]) -> SimpleNamespace:
    """Odds ratios per SD of the six emotion measures (with controls) on real data, the share of items
    that score zero on each emotion, and what adding the emotions changes in cross-validated AUC. Every
    field is present (None or 0 when the tables have no real rows)."""
    out = SimpleNamespace(n=0, datasets=0, or_min=None, or_max=None, max_change=None, zero=None)
    out.auc_change = None
    o = _real(t.get("content_emotion_odds"))
    if not o.empty:
        o = o[(o["model"] == "controls") & o["feature"].isin(EMOTIONS)]
        ors = pd.to_numeric(o["odds_ratio_per_sd"], errors="coerce").dropna()
        out.n, out.datasets = len(ors), int(o["dataset"].nunique())
        if len(ors):
            out.or_min, out.or_max = ors.min(), ors.max()
            out.max_change = float(np.max(np.abs(ors.to_numpy() - 1)))
    f = _real(t.get("content_features"))
    cols = [c for c in ("awe", "anger", "anxiety", "sadness", "surprise") if c in f.columns]
    if cols and len(f):
        z = f.groupby("dataset")[cols].agg(lambda s: float((pd.to_numeric(s) == 0).mean()))
        out.zero = SimpleNamespace(
            lo=float(z.min().min()), hi=float(z.max().max()), datasets=len(z)
        )
    p = _real(t.get("content_prediction"))
    if not p.empty:
        w = p.pivot_table(index="dataset", columns="features", values="auc_mean", aggfunc="first")
        if {"controls", "controls+emotions"} <= set(w.columns):
            d = (w["controls+emotions"] - w["controls"]).dropna()
            if len(d):
                out.auc_change = SimpleNamespace(lo=d.min(), hi=d.max())
    return out


def study_d(t: Mapping[str, pd.DataFrame], titles: Mapping[str, str]) -> SimpleNamespace:
    """The influentials' multiplier inside the cascade window on the real graph, and the simulated market's
    inequality without and with the strongest social influence."""
    out = SimpleNamespace(graph=None, multiplier=None, lo=None, hi=None, gini=None)
    out.unpredictability = None
    m = t.get("influence_multiplier")
    if m is not None and not m.empty:
        w = _real(m[m["scope"] == "window"])
        if len(w):
            r = w.iloc[0]
            out.graph = titles.get(r["graph"], r["graph"])
            out.multiplier, out.lo, out.hi = (
                _num(r[c]) for c in ("multiplier", "ci_low", "ci_high")
            )
    ml = t.get("musiclab")
    if ml is not None and len(ml) >= 2:
        s = ml.sort_values("social_strength")
        a, b = s.iloc[0], s.iloc[-1]
        out.gini = (_num(a["gini"]), _num(b["gini"]))
        out.unpredictability = (_num(a["unpredictability"]), _num(b["unpredictability"]))
    return out


def claims_by_outcome(pvr: pd.DataFrame, kind: str = "data") -> SimpleNamespace:
    """Claims (with their study) reproduced on at least one data set of ``kind``, only partly, or nowhere,
    among the counted rows."""
    d = pvr[pvr["counted"].astype(bool) & (pvr["kind"] == kind)]
    best = {}
    order = {"reproduced": 0, "partly": 1, "not reproduced": 2}
    for (study, claim), g in d.groupby(["study", "claim"], sort=False):
        best[f"{claim} ({study})"] = min(g["outcome"], key=lambda o: order.get(o, 3))
    return SimpleNamespace(
        somewhere=[c for c, o in best.items() if o == "reproduced"],
        partly=[c for c, o in best.items() if o == "partly"],
        nowhere=[c for c, o in best.items() if o == "not reproduced"],
    )


def headline(
    tables: Mapping[str, pd.DataFrame], pvr: pd.DataFrame, titles: Mapping[str, str]
) -> SimpleNamespace:
    """``H`` for the template: ``H.counts`` and ``H.A`` … ``H.D`` (``titles``: data set → short title)."""
    return SimpleNamespace(
        counts=counts(pvr),
        claims=claims_by_outcome(pvr),
        A=study_a(tables, titles),
        B=study_b(tables),
        C=study_c(tables),
        D=study_d(tables, titles),
    )
