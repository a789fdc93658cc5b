"""Published against reproduced: each headline number of ``paper/published.yaml`` beside our value.

A value's ``status`` follows the verification of the research notes (anchors.md §8.7): ``confirmed`` (read
in the original paper: the only status the paper calls "published"), ``secondary`` (read in a secondary
source), ``unconfirmed`` (found in no source read). Our value comes from :mod:`~virality.paper.measures`,
the outcome from :mod:`~virality.paper.verdicts`.

Each row has a **kind**: ``data`` (a real data set tested against the original), ``sanity check`` (a
property that holds almost by construction, e.g. a correlation rising as the indicator time nears the
horizon: ``role: sanity_check``), ``mechanism`` (a simulation checking the original's mechanism:
``measure.mechanism``), ``recovery check`` (a synthetic stand-in generated with the published value as its
truth). Rows are **counted** once per claim, data set and kind (``claim`` groups the entries that test one
claim; the best-sourced entry counts), and only when they have an outcome: rows without a value, not
comparable by design or of a study not built are listed but never counted (:func:`verdict_counts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd
import yaml

from virality import contracts
from virality.paper import STUDIES, PaperError
from virality.paper.measures import MEASURES, Measured, measure_value
from virality.paper.numbers import fmt_ci, fmt_num, fmt_pct, is_missing
from virality.paper.tables import read_result_table
from virality.paper.verdicts import OUTCOMES, VERDICT_RULES, band_of, check_rule, not_comparable

STATUSES = ("confirmed", "secondary", "unconfirmed")
ROLES = ("claim", "sanity_check")
MEASUREMENTS = ("same", "proxy")
KINDS = ("data", "sanity check", "mechanism", "recovery check")

#: The verdict a row shows: its kind's words for each outcome.
VERDICT_WORDS = {
    "data": {o: o for o in OUTCOMES},
    "sanity check": {
        "reproduced": "sanity check passed",
        "partly": "sanity check partly passed",
        "not reproduced": "sanity check failed",
    },
    "mechanism": {o: f"mechanism {o}" for o in ("reproduced", "not reproduced")}
    | {"partly": "mechanism partly reproduced"},
    "recovery check": {
        "reproduced": "recovered",
        "partly": "partly recovered",
        "not reproduced": "not recovered",
    },
}
#: Verdicts of rows that are never counted.
UNCOUNTED = ("not comparable", "no value", "not built")
VERDICTS = tuple(w for words in VERDICT_WORDS.values() for w in words.values()) + UNCOUNTED

#: How the paper names a value of each status (a value not read in the original is never "published").
STATUS_LABEL = {
    "confirmed": "published",
    "secondary": "as reported in secondary sources",
    "unconfirmed": "unconfirmed",
}

#: What a failed comparison on real data says, by how the entry's measurement relates to the original's.
READINGS = {
    "same": "failure to generalise",
    "proxy": "not separable (proxy measure)",
    None: "not classified",
}

#: Columns of published_vs_reproduced.csv, in order.
PVR_COLUMNS = contracts.columns("published_vs_reproduced")

REQUIRED = ("id", "study", "quantity", "value", "source", "status", "measure", "rule")


def _check_entry(e, where: str) -> None:
    if not isinstance(e, dict):
        raise PaperError(f"{where}: expected a mapping")
    for key in REQUIRED:
        if key not in e or (key != "value" and is_missing(e[key])):
            raise PaperError(f"{where}: missing field {key!r}")
    if str(e["source"]).strip() == "":
        raise PaperError(f"{where}: field 'source' is empty; every published value needs a source")
    for key, allowed in (
        ("status", STATUSES),
        ("study", tuple(STUDIES)),
        ("role", ROLES),
        ("measurement", MEASUREMENTS),
    ):
        if key in e and e[key] not in allowed:
            raise PaperError(
                f"{where}: field {key!r} is {e[key]!r}; expected one of {', '.join(allowed)}"
            )
    try:
        check_rule(e["rule"] or {}, where)
    except ValueError as exc:
        raise PaperError(str(exc)) from exc
    mkind = (e["measure"] or {}).get("kind")
    if mkind not in MEASURES:
        raise PaperError(
            f"{where}: measure kind {mkind!r} unknown; expected one of {', '.join(MEASURES)}"
        )
    if mkind != "none" and not e["measure"].get("table"):
        raise PaperError(f"{where}: measure needs a 'table'")


def load_published(path: str | Path) -> list[dict]:
    """Read and check the reviewed list of published values.

    Each entry needs ``id``, ``study`` (a key of :data:`~virality.paper.STUDIES`), ``quantity``, ``value``,
    ``source`` (non-empty), ``status`` (confirmed / secondary / unconfirmed), ``measure`` (how the
    reproduced value is read, :data:`~virality.paper.measures.MEASURES`) and ``rule`` (how the outcome is
    given, :data:`VERDICT_RULES`). Optional: ``claim`` (entries testing one claim share it; default the id),
    ``role`` (``claim`` or ``sanity_check``), ``measurement`` (``same``: the original's definition on other
    data; ``proxy``: a stand-in measure) with ``measurement_note``, ``verification`` (what was read, where).
    """
    path = Path(path)
    if not path.exists():
        raise PaperError(f"{path}: file not found")
    doc = yaml.safe_load(path.read_text())
    entries = doc.get("values") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise PaperError(f"{path}: expected a top-level 'values' list of published values")
    seen = set()
    for i, e in enumerate(entries, 1):
        ident = e.get("id", "no id") if isinstance(e, dict) else repr(e)
        _check_entry(e, f"{path}: entry {i} ({ident})")
        if e["id"] in seen:
            raise PaperError(f"{path}: entry {i} ({ident}): duplicate id {e['id']!r}")
        seen.add(e["id"])
    return entries


def _fmt_reproduced(meas: Measured, kind: str = "num") -> str:
    """Our value as the table shows it: a label, or a number with its 95% interval."""
    if meas.value is None:
        return ""
    if isinstance(meas.value, str):
        return meas.value
    s = fmt_pct(meas.value) if kind == "pct" else fmt_num(meas.value)
    if meas.ci_low is not None and meas.ci_high is not None:
        s += f" {fmt_ci(meas.ci_low, meas.ci_high, kind)}"
    return s


def published_display(e: Mapping) -> str:
    """The published value as the table shows it (``display`` if given, else the value)."""
    if e.get("display"):
        return str(e["display"])
    v = e["value"]
    return format(v, "g") if isinstance(v, int | float) else str(v)


def published_vs_reproduced(
    published: Sequence[Mapping],
    tables: Mapping[str, pd.DataFrame],
    studies: Iterable[str] = tuple(STUDIES),
) -> pd.DataFrame:
    """One row per published value and data set: our value, its kind, outcome, verdict and whether it
    counts (see the module's docstring); sorted by entry, real before synthetic, then data set."""
    studies = set(studies)
    out = [row for e in published for row in _entry_rows(e, tables, studies)]
    res = pd.DataFrame(out, columns=PVR_COLUMNS)
    order = {k: i for i, k in enumerate(e["id"] for e in published)}
    res["_o"] = res["id"].map(order)
    res = res.sort_values(["_o", "synthetic", "dataset"], kind="stable").drop(columns="_o")
    return mark_counted(res.reset_index(drop=True))


def mark_counted(res: pd.DataFrame) -> pd.DataFrame:
    """``counted``: one row per claim, data set and kind among the rows with an outcome, the best-sourced
    (confirmed, then secondary, then unconfirmed; then the entry listed first)."""
    res = res.copy()
    res["counted"] = False
    has = res["outcome"].isin(OUTCOMES)
    rank = res["status"].map({s: i for i, s in enumerate(STATUSES)})
    cand = res[has].assign(_r=rank[has], _i=res.index[has])
    best = cand.sort_values(["_r", "_i"]).groupby(["claim", "dataset", "kind"], sort=False).head(1)
    res.loc[best.index, "counted"] = True
    return res


def _row(base: Mapping, verdict: str, reason: str, **kw) -> dict:
    """One row of published_vs_reproduced.csv (``kw``: reproduced_value, dataset, synthetic, kind, ...)."""
    row = {
        **base,
        "reproduced_value": "",
        "dataset": "",
        "synthetic": False,
        "verdict": verdict,
        "reason": reason,
        "kind": "data",
        "outcome": "",
        "counted": False,
        "estimate": float("nan"),
        "estimate_low": float("nan"),
        "estimate_high": float("nan"),
        "band_low": float("nan"),
        "band_high": float("nan"),
        "reading": "",
    }
    row.update(kw)
    return row


def _entry_rows(e: Mapping, tables: Mapping[str, pd.DataFrame], studies: set) -> list[dict]:
    """The rows of one published value: one per data set, or one saying why there is none."""
    base = {
        "id": e["id"],
        "study": e["study"],
        "quantity": e["quantity"],
        "published_value": published_display(e),
        "published_source": e["source"],
        "status": e["status"],
        "claim": str(e.get("claim", e["id"])),
    }
    m, rule = e["measure"], e["rule"]
    kind = "sanity check" if e.get("role") == "sanity_check" else "data"
    if e["study"] not in studies:
        why = f"Study {e['study']} is not built in this run (config paper.studies)"
        return [_row(base, "not built", why, kind=kind)]
    if m["kind"] == "none":
        _, why = not_comparable(Measured(None), e["value"], rule)
        why = why if rule["kind"] == "not_comparable" else m.get("note", why)
        return [_row(base, "not comparable", why, kind=kind)]
    src, groups = _groups(e, tables)
    out = [_dataset_row(base, e, key, g, src) for key, g in groups]
    if not any(not r["synthetic"] for r in out) and not m.get("mechanism"):
        why = m.get("no_real_reason") or f"no real data set in {src} for this quantity"
        out.append(_row(base, "no value", why, kind=kind))
    return out


def _groups(e: Mapping, tables: Mapping[str, pd.DataFrame]) -> tuple[str, list]:
    """The file name of the entry's table and its rows per data set (``group``), as (key, rows) pairs."""
    m = e["measure"]
    tname = m["table"]
    if tname not in tables:
        raise PaperError(
            f"published.yaml entry {e['id']}: table {tname!r} is not among the inputs "
            f"({', '.join(sorted(tables))})"
        )
    df = tables[tname]
    src = f"results/tables/{tname}.csv"
    group = m.get("group", "dataset")
    if group and group not in df.columns:
        raise PaperError(
            f"{src}: no column {group!r} (published.yaml entry {e['id']} groups by it)"
        )
    groups = (
        [(str(k), g) for k, g in df.groupby(df[group].astype("string"), sort=True)]
        if group
        else [(str(m.get("dataset_label", "")), df)]
    )
    if m.get("datasets"):
        groups = [(k, g) for k, g in groups if k in set(map(str, m["datasets"]))]
    return src, groups


def _kind(e: Mapping, synthetic: bool) -> str:
    if synthetic:
        return "mechanism" if e["measure"].get("mechanism") else "recovery check"
    return "sanity check" if e.get("role") == "sanity_check" else "data"


def _numbers(meas: Measured, e: Mapping) -> dict:
    """Our estimate, its interval and the published band as numbers (NaN where there are none)."""
    nan = float("nan")
    out = {}
    if isinstance(meas.value, int | float):
        out["estimate"] = float(meas.value)
        out["estimate_low"] = nan if meas.ci_low is None else float(meas.ci_low)
        out["estimate_high"] = nan if meas.ci_high is None else float(meas.ci_high)
    band = band_of(e["value"], e["rule"]) if e["rule"]["kind"] in VERDICT_RULES else None
    if band is not None and e["rule"]["kind"] != "not_comparable":
        out["band_low"], out["band_high"] = band.low, band.high
    return out


def _dataset_row(base: Mapping, e: Mapping, key: str, g: pd.DataFrame, src: str) -> dict:
    """Our value on one data set, its kind, the outcome of the entry's rule and the verdict."""
    m, rule = e["measure"], e["rule"]
    is_syn = (
        bool(g["synthetic"].any()) if "synthetic" in g.columns else bool(m.get("synthetic", False))
    )
    kind = _kind(e, is_syn)
    meas = measure_value(g, m, src)
    rep = _fmt_reproduced(meas, m.get("display", "num"))
    kw = {"reproduced_value": rep, "dataset": key, "synthetic": is_syn, "kind": kind}
    if meas.value is None:
        return _row(base, "no value", meas.note or "no value", **kw)
    kw.update(_numbers(meas, e))
    if rule["kind"] == "not_comparable":
        verdict, why = not_comparable(meas, e["value"], rule)
        outcome = ""
    else:
        outcome, why = VERDICT_RULES[rule["kind"]](meas, e["value"], rule)
        verdict = VERDICT_WORDS[kind][outcome]
    if meas.note:
        why = f"{why} ({meas.note})"
    reading = ""
    if kind == "data" and outcome in ("partly", "not reproduced"):
        reading = READINGS[e.get("measurement")]
    return _row(base, verdict, why, outcome=outcome, reading=reading, **kw)


def verdict_counts(pvr: pd.DataFrame, kind: str = "data") -> pd.DataFrame:
    """Counted rows of one kind, by status (rows) and outcome (columns), with totals."""
    d = pvr[(pvr["kind"] == kind) & pvr["counted"].astype(bool)]
    tab = pd.crosstab(d["status"], d["outcome"]).reindex(
        index=list(STATUSES), columns=list(OUTCOMES), fill_value=0
    )
    tab["total"] = tab.sum(axis=1)
    return tab


def from_files(
    published: str | Path, tables: Mapping[str, str | Path], studies: Iterable[str]
) -> pd.DataFrame:
    """published_vs_reproduced from ``paper/published.yaml`` and the results files (name → path)."""
    frames = {name: read_result_table(path, name) for name, path in tables.items()}
    return published_vs_reproduced(load_published(published), frames, studies=studies)


def _names(rows: pd.DataFrame, titles: Mapping[str, str]) -> str:
    return "; ".join(titles.get(d, d) for d in rows["dataset"])


#: How the claim summary words each kind: what is counted (singular, plural), the verb of a reproduced
#: outcome and of a failed one.
_KIND_WORDS = {
    "data": ("real data set", "real data sets", "reproduced", "not reproduced"),
    "sanity check": ("real data set", "real data sets", "passed", "failed"),
    "mechanism": ("simulation", "simulations", "mechanism reproduced", "mechanism not reproduced"),
    "recovery check": ("synthetic stand-in", "synthetic stand-ins", "recovered", "not recovered"),
}


def _kind_summary(rows: pd.DataFrame, kind: str, titles: Mapping[str, str]) -> str:
    """ "reproduced on 2 of 4 real data sets (a; b), partly on 1 (c)", "reproduced on all 4 real data sets",
    or "not reproduced on 3 real data sets" when it held nowhere."""
    one, many, verb, failed = _KIND_WORDS[kind]
    n = len(rows)
    what = one if n == 1 else many
    ok = rows[rows["outcome"] == "reproduced"]
    part = rows[rows["outcome"] == "partly"]
    if ok.empty and part.empty:
        return f"{failed} on {n} {what}"
    if len(ok) == n > 1:  # every data set: the count says it, the names are in the appendix's table
        return f"{verb} on all {n} {what}"
    text = f"{verb} on {len(ok)} of {n} {what}"
    if len(ok):
        text += f" ({_names(ok, titles)})"
    if len(part):
        text += f", partly on {len(part)} ({_names(part, titles)})"
    return text


def claim_summary(pvr: pd.DataFrame, study: str, titles: Mapping[str, str] | None = None):
    """One row per claim of ``study``: its entries, the original values with their status (best-sourced
    first) and our counted verdicts by data set (or why none counts)."""
    titles = titles or {}
    rank = {s: i for i, s in enumerate(STATUSES)}
    out = []
    for claim, g in pvr[pvr["study"] == study].groupby("claim", sort=False):
        entries = g.drop_duplicates("id").sort_values("status", key=lambda s: s.map(rank))
        published = "; ".join(
            f"{r['published_value']} ({STATUS_LABEL[r['status']]})" for _, r in entries.iterrows()
        )
        counted = g[g["counted"].astype(bool)]
        parts = [
            _kind_summary(counted[counted["kind"] == kind], kind, titles)
            for kind in KINDS
            if (counted["kind"] == kind).any()
        ]
        if not parts:  # why none counts: a row with a value (not comparable) before one without
            valued = g[g["verdict"] != "no value"]
            first = (valued if len(valued) else g).iloc[0]
            parts = [f"{first['verdict']}: {first['reason']}"]
        out.append(
            {
                "ids": "/".join(dict.fromkeys(g["id"])),
                "claim": claim,
                "published": published,
                "verdicts": "; ".join(parts),
                "kind": ", ".join(dict.fromkeys(g["kind"])),
            }
        )
    return pd.DataFrame(out, columns=["ids", "claim", "published", "verdicts", "kind"])
