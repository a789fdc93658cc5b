"""The survey's three conclusions judged in words: a criterion, the numbers that meet it or not, a verdict.

Reads ``results/tables/survey_conclusions.csv`` (:mod:`virality.conclusions`; statistics by name) and
returns, per conclusion, a :class:`Judgement`: the survey's sentence, the criterion (with its thresholds
from config ``paper.criteria``), the evidence as readable sentences (no statistic names) and a verdict:
``supported``, ``not supported``, ``mixed`` (the measures disagree) or ``not tested`` (no numbers).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from virality.paper.numbers import fmt_num, fmt_pct

QUOTES = {
    1: "There are no individuals who are influential under all circumstances.",
    2: "The buzz seems to happen on specific types of content, but is not easily predictable.",
    3: "The buzz is always a combination of several influences including those from the media.",
}

#: Default thresholds (the schema's defaults; config ``paper.criteria`` overrides them).
CRITERIA = {
    "influence_range_factor": 2.0,
    "consistency_r2_max": 0.5,
    "ex_ante_r2_max": 0.25,
    "mix_min_share": 0.1,
}

GRAPH_NAMES = {"erdos_renyi": "Erdős–Rényi graphs", "heavy_tailed": "heavy-tailed graphs"}


@dataclass
class Judgement:
    number: int
    quote: str
    criterion: str
    verdict: str
    evidence: list[str] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        """The verdict with its evidence, one paragraph."""
        return f"{self.verdict.capitalize()}: " + "; ".join(self.evidence) + "."


def _and(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _verdict(checks: list[bool]) -> str:
    if not checks:
        return "not tested"
    if all(checks):
        return "supported"
    return "not supported" if not any(checks) else "mixed"


def _stat(sc: pd.DataFrame, k: int, name: str) -> pd.DataFrame:
    return sc[(sc["conclusion"].astype(str) == str(k)) & (sc["statistic"] == name)]


def _real_below(sc: pd.DataFrame, k: int, name: str, limit: float, checks: list) -> pd.DataFrame:
    """The real-data rows of one statistic; each adds to ``checks`` whether it is below ``limit``."""
    rows = _stat(sc, k, name)
    rows = rows[~rows["synthetic"].astype(bool)]
    checks.extend(bool(v < limit) for v in rows["value"])
    return rows


def _title(names: Mapping[str, str], ds: str) -> str:
    return names.get(ds) or GRAPH_NAMES.get(ds, ds)


def conclusion_1(sc: pd.DataFrame, c: Mapping, names: Mapping[str, str]) -> Judgement:
    """Influence changes with circumstances: the multiplier's range over the cascade window, and how
    well a creator's past cascades predict the next."""
    f, r2max = float(c["influence_range_factor"]), float(c["consistency_r2_max"])
    checks, ev = [], []
    lo, hi = _stat(sc, 1, "multiplier_min_over_window"), _stat(sc, 1, "multiplier_max_over_window")
    ranges = []
    for _, a in lo.iterrows():
        b = hi[hi["dataset"] == a["dataset"]]
        if b.empty or not a["value"] > 0:
            continue
        ratio = float(b["value"].iloc[0]) / float(a["value"])
        checks.append(ratio >= f)
        ranges.append(
            f"{fmt_num(a['value'])}× to {fmt_num(b['value'].iloc[0])}× on {_title(names, a['dataset'])}"
        )
    if ranges:
        ev.append(
            "an influential seed's advantage across the cascade window ranges from " + _and(ranges)
        )
    r2 = _real_below(sc, 1, "r2_past_next", r2max, checks)
    if len(r2):
        ev.append(
            f"a creator's past cascade sizes explain {fmt_pct(r2['value'].min(), 0)} to "
            f"{fmt_pct(r2['value'].max(), 0)} of the variance of the next on {len(r2)} real data sets"
        )
    crit = (
        f"the influentials' advantage varies by a factor of at least {fmt_num(f)} across the cascade "
        f"window on every graph, and past success explains less than {fmt_pct(r2max, 0)} of the "
        "variance of the next cascade on every real data set"
    )
    return Judgement(1, QUOTES[1], crit, _verdict(checks), ev)


def conclusion_2(sc: pd.DataFrame, c: Mapping, names: Mapping[str, str]) -> Judgement:
    """Not easily predictable: little is known before the first event, and social influence makes
    success less predictable in the simulated market."""
    r2max = float(c["ex_ante_r2_max"])
    checks, ev = [], []
    ante = _real_below(sc, 2, "r2_ex_ante", r2max, checks)
    if len(ante):
        ev.append(
            f"before the first event, content and source explain at most "
            f"{fmt_pct(max(ante['value'].max(), 0), 0)} of the variance of final popularity on "
            f"{len(ante)} real data sets (out-of-sample R² from {fmt_num(ante['value'].min())} to "
            f"{fmt_num(ante['value'].max())})"
        )
    u = sc[
        (sc["conclusion"].astype(str) == "2") & sc["statistic"].str.startswith("unpredictability")
    ]
    ind = u[u["statistic"].str.contains("independent")]
    soc = u[u["statistic"].str.contains("strongest_social")]
    if len(ind) and len(soc):
        a, b = ind.iloc[0], soc.iloc[0]
        checks.append(bool(b["ci_low"] > a["ci_high"]))
        ev.append(
            f"in the simulated market, unpredictability rises from {fmt_num(a['value'])} without social "
            f"influence to {fmt_num(b['value'])} with the strongest"
        )
    crit = (
        f"content and source known before the first event explain less than {fmt_pct(r2max, 0)} of "
        "the variance of final popularity on every real data set, and social influence raises the "
        "simulated market's unpredictability beyond its 95% interval without influence"
    )
    return Judgement(2, QUOTES[2], crit, _verdict(checks), ev)


def conclusion_3(sc: pd.DataFrame, c: Mapping, names: Mapping[str, str]) -> Judgement:
    """A mix: on each real data set, both an endogenous and an exogenous share above ``mix_min_share``,
    by each measure available (word of mouth beyond chance; Bass; Hawkes)."""
    m = float(c["mix_min_share"])
    d3 = sc[(sc["conclusion"].astype(str) == "3") & ~sc["synthetic"].astype(bool)]
    checks, ev = [], []
    for ds, g in d3.groupby("dataset", sort=True):
        v = dict(zip(g["statistic"], g["value"], strict=False))
        parts, ext, ok = [], [], []
        if "excess_wom_share" in v:
            e = float(v["excess_wom_share"])
            ok.append(min(e, 1 - e) >= m)
            parts.append(f"word of mouth beyond chance {fmt_pct(e)}")
        for key, name in (("bass_external_share", "Bass"), ("hawkes_external_share", "Hawkes")):
            if key in v:
                x = float(v[key])
                ok.append(min(x, 1 - x) >= m)
                ext.append(f"{fmt_pct(x, 0)} ({name})")
        if ext:
            parts.append("external share " + _and(ext))
        if ok:
            checks.append(all(ok) if len(set(ok)) == 1 else None)
            ev.append(f"on {_title(names, ds)}, " + ", ".join(parts))
    verdict = "mixed" if any(x is None for x in checks) else _verdict([bool(x) for x in checks])
    crit = (
        f"on every real data set both the endogenous and the exogenous share are at least "
        f"{fmt_pct(m, 0)} by every measure available (word of mouth beyond the chance level of a "
        "time shuffle; the external share of the Bass and Hawkes fits)"
    )
    return Judgement(3, QUOTES[3], crit, verdict, ev)


JUDGES: dict[int, Callable] = {1: conclusion_1, 2: conclusion_2, 3: conclusion_3}


def judge_all(
    sc: pd.DataFrame | None, criteria: Mapping | None = None, names: Mapping[str, str] | None = None
) -> list[Judgement]:
    """The three judgements (``sc`` None or empty: every conclusion "not tested")."""
    c = {**CRITERIA, **dict(criteria or {})}
    names = dict(names or {})
    if sc is None or sc.empty:
        sc = pd.DataFrame(
            columns=[
                "conclusion",
                "statistic",
                "dataset",
                "value",
                "ci_low",
                "ci_high",
                "synthetic",
            ]
        )
    sc = sc.assign(value=pd.to_numeric(sc["value"], errors="coerce"))
    return [JUDGES[k](sc, c, names) for k in sorted(JUDGES)]


_WORDS = {
    "multiplier_in_window": "influentials' multiplier, pooled over the cascade window",
    "multiplier_min_over_window": "smallest multiplier over the window's cells",
    "multiplier_max_over_window": "largest multiplier over the window's cells",
    "spearman_past_next": "Spearman correlation, past against next cascade size",
    "r2_past_next": "R², past against next cascade size",
    "r2_ex_ante": "R² of final popularity before the first event (content and source)",
    "wom_share": "word-of-mouth share (attribution rule)",
    "exogenous_share": "one minus the word-of-mouth share",
    "null_wom_share": "word-of-mouth share left by a time shuffle (chance)",
    "excess_wom_share": "word of mouth beyond chance",
    "bass_external_share": "external share, Bass fit",
    "hawkes_external_share": "external share, Hawkes fit",
}


def readable(statistic: str) -> str:
    """A statistic of survey_conclusions.csv in words (``r2_early_24`` → "R² of final popularity after
    observing until t_i = 24"); an unknown name is returned with its underscores as spaces."""
    if statistic in _WORDS:
        return _WORDS[statistic]
    m = re.match(r"^r2_early_(.+)$", statistic)
    if m:
        return f"R² of final popularity after observing until t_i = {fmt_num(float(m.group(1)))}"
    m = re.match(r"^(gini|unpredictability)_(independent|strongest_social)_w(.+)$", statistic)
    if m:
        what = "Gini coefficient" if m.group(1) == "gini" else "unpredictability"
        cond = (
            "no social influence" if m.group(2) == "independent" else "strongest social influence"
        )
        return f"{what}, {cond} (w = {fmt_num(float(m.group(3)))})"
    return statistic.replace("_", " ")


def readable_table(sc: pd.DataFrame) -> pd.DataFrame:
    """survey_conclusions with a ``what`` column (the statistic in words) instead of the statistic's name."""
    out = sc.copy()
    out.insert(out.columns.get_loc("statistic"), "what", [readable(s) for s in sc["statistic"]])
    return out.drop(columns=["statistic"])
