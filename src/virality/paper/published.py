"""Published against reproduced: each headline number of ``paper/published.yaml`` beside our value.

A value's ``status`` follows the research notes: ``confirmed`` (read in the original paper: the only status
the paper calls "published"), ``secondary`` (read in a secondary source), ``unconfirmed`` (found in no
source read). Our value comes from :mod:`~virality.paper.measures`, the verdict from
:mod:`~virality.paper.verdicts`; rows on synthetic stand-ins are recovery checks, never verdicts.
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
from virality.paper.verdicts import VERDICT_RULES, not_comparable

STATUSES = ("confirmed", "secondary", "unconfirmed")
VERDICTS = ("reproduced", "partly", "not reproduced", "not comparable")

#: How the paper names a value of each status (a value not read in the original is never "published").
STATUS_LABEL = {
    "confirmed": "published",
    "secondary": "as reported in secondary sources",
    "unconfirmed": "unconfirmed",
}

#: Columns of published_vs_reproduced.csv, in order.
PVR_COLUMNS = contracts.columns("published_vs_reproduced")


def load_published(path: str | Path) -> list[dict]:
    """Read and check the reviewed list of published values.

    Each entry needs ``id``, ``study`` (A–D), ``quantity``, ``value``, ``source`` (non-empty), ``status``
    (confirmed / secondary / unconfirmed) and ``measure`` (how the reproduced value is read, see
    :func:`measure_value`) and ``rule`` (how the verdict is given, see :data:`VERDICT_RULES`).
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
        where = f"{path}: entry {i} ({ident})"
        if not isinstance(e, dict):
            raise PaperError(f"{where}: expected a mapping")
        for key in ("id", "study", "quantity", "value", "source", "status", "measure", "rule"):
            if key not in e or (key != "value" and is_missing(e[key])):
                raise PaperError(f"{where}: missing field {key!r}")
        if str(e["source"]).strip() == "":
            raise PaperError(
                f"{where}: field 'source' is empty; every published value needs a source"
            )
        if e["status"] not in STATUSES:
            raise PaperError(
                f"{where}: field 'status' is {e['status']!r}; expected one of {', '.join(STATUSES)}"
            )
        if e["study"] not in STUDIES:
            raise PaperError(
                f"{where}: field 'study' is {e['study']!r}; expected one of A, B, C, D"
            )
        if e["id"] in seen:
            raise PaperError(f"{where}: duplicate id {e['id']!r}")
        seen.add(e["id"])
        kind = (e["rule"] or {}).get("kind")
        if kind not in VERDICT_RULES:
            raise PaperError(
                f"{where}: rule kind {kind!r} unknown; expected one of {', '.join(VERDICT_RULES)}"
            )
        mkind = (e["measure"] or {}).get("kind")
        if mkind not in MEASURES:
            raise PaperError(
                f"{where}: measure kind {mkind!r} unknown; expected one of {', '.join(MEASURES)}"
            )
        if mkind != "none" and not e["measure"].get("table"):
            raise PaperError(f"{where}: measure needs a 'table'")
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
    """One row per published value and data set: the reproduced value and a verdict.

    ``tables`` maps table names to results tables (with a ``synthetic`` column where rows can come from
    synthetic data). Rules, in order:

    * a study left out of the build (not in ``studies``): one row, verdict "not comparable";
    * the measure is ``none`` or the rule ``not_comparable``: "not comparable" with the rule's reason;
    * a table without real rows gets one row saying so ("not comparable");
    * synthetic rows (generated with the published value as their truth): "not comparable", with the rule's
      outcome in the reason as a recovery check, since agreement there says nothing about the original;
    * otherwise the verdict of the entry's rule (:data:`VERDICT_RULES`); a value that cannot be read
      (no matching row, empty cell) is "not comparable" with the reason.
    """
    studies = set(studies)
    out = [row for e in published for row in _entry_rows(e, tables, studies)]
    res = pd.DataFrame(out, columns=PVR_COLUMNS)
    order = {k: i for i, k in enumerate(e["id"] for e in published)}
    res["_o"] = res["id"].map(order)
    res = res.sort_values(["_o", "synthetic", "dataset"], kind="stable").drop(columns="_o")
    return res.reset_index(drop=True)


def _row(base: Mapping, verdict: str, reason: str, rep="", dataset="", synthetic=False) -> dict:
    """One row of published_vs_reproduced.csv."""
    return {
        **base,
        "reproduced_value": rep,
        "dataset": dataset,
        "synthetic": synthetic,
        "verdict": verdict,
        "reason": reason,
    }


def _entry_rows(e: Mapping, tables: Mapping[str, pd.DataFrame], studies: set) -> list[dict]:
    """The rows of one published value: one per data set, or one saying why there is none."""
    base = {
        "id": e["id"],
        "study": e["study"],
        "quantity": e["quantity"],
        "published_value": published_display(e),
        "published_source": e["source"],
        "status": e["status"],
    }
    m, rule = e["measure"], e["rule"]
    if e["study"] not in studies:
        why = f"Study {e['study']} is not built in this run (config paper.studies)"
        return [_row(base, "not comparable", why)]
    if m["kind"] == "none":
        verdict, why = not_comparable(Measured(None), e["value"], rule)
        why = why if rule["kind"] == "not_comparable" else m.get("note", why)
        return [_row(base, "not comparable", why)]
    src, groups = _groups(e, tables)
    synth_comparable = bool(m.get("synthetic_comparable", False))
    out = [_dataset_row(base, e, key, g, src, synth_comparable) for key, g in groups]
    n_real = sum(not r["synthetic"] for r in out)
    if n_real == 0 and not synth_comparable:
        why = m.get("no_real_reason") or f"no real data set in {src} for this quantity"
        out.append(_row(base, "not comparable", why))
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


def _dataset_row(
    base: Mapping, e: Mapping, key: str, g: pd.DataFrame, src: str, synth_comparable: bool
) -> dict:
    """Our value on one data set and the verdict of the entry's rule (synthetic: a recovery check)."""
    m, rule = e["measure"], e["rule"]
    is_syn = (
        bool(g["synthetic"].any()) if "synthetic" in g.columns else bool(m.get("synthetic", False))
    )
    meas = measure_value(g, m, src)
    rep = _fmt_reproduced(meas, m.get("display", "num"))
    if meas.value is None:
        verdict, why = "not comparable", meas.note or "no value"
    elif rule["kind"] == "not_comparable":
        verdict, why = not_comparable(meas, e["value"], rule)
    else:
        verdict, why = VERDICT_RULES[rule["kind"]](meas, e["value"], rule)
        if is_syn and not synth_comparable:
            why = (
                f"synthetic stand-in, a recovery check, not a test of the original "
                f"(rule outcome: {verdict}; {why})"
            )
            verdict = "not comparable"
    if meas.note and meas.value is not None:
        why = f"{why} ({meas.note})"
    return _row(base, verdict, why, rep, key, is_syn)


def from_files(
    published: str | Path, tables: Mapping[str, str | Path], studies: Iterable[str]
) -> pd.DataFrame:
    """published_vs_reproduced from ``paper/published.yaml`` and the results files (name → path)."""
    frames = {name: read_result_table(path, name) for name, path in tables.items()}
    return published_vs_reproduced(load_published(published), frames, studies=studies)
