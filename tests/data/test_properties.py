"""Property-based tests of the data layer (issue 11): any CSV a user may write, through format ``csv`` and
``virality.data.build``, and any frame through ``canonical.coerce_table``, gives canonical tables or a
``DataError``, nothing else; and whatever is accepted also passes the tables' JSON schemas (the workflow's
backstop), so a user never meets a schema error instead of a message naming the line."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from virality import canonical, data
from virality import files as vfiles

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "workflow" / "schemas"
# examples and deadline: the profile in tests/conftest.py (VIRALITY_FUZZ_EXAMPLES=5000 for a longer hunt)
SETTINGS = settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

NAMES = [
    *{
        c
        for spec in canonical.CANONICAL.values()
        for k in ("required", "optional")
        for c in spec[k]
    },
    "cov_x",
    "true_y",
    "notes",
    "x y",
    "",
]
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "1",
            "-1",
            "3.5",
            "1e308",
            "1e309",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "NA",
            "None",
        ]
    ),
    st.sampled_from(
        [
            "2008-01-22T11:11:03Z",
            "2008-01-22 11:11:03",
            "01/02/2008",
            "2008-W04-2",
            "2008-022",
            "1969-12-31T23:59:59Z",
            "social",
            "seed",
            "web",
            "a",
            "b",
            "u1",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
    st.integers(-(10**6), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


@st.composite
def user_csv(draw):
    table = draw(st.sampled_from(canonical.TABLES))
    required = list(canonical.CANONICAL[table]["required"])
    header = draw(st.lists(st.sampled_from(NAMES), min_size=0, max_size=6))
    if draw(st.booleans()):
        header = required + header
    width = max(len(header), 1)
    rows = draw(
        st.lists(
            st.lists(CELLS, min_size=width, max_size=width)
            | st.lists(CELLS, min_size=0, max_size=width + 2),
            max_size=25,
        )
    )
    text = _csv_text(header, rows) if header else ""
    if draw(
        st.booleans()
    ):  # junk a user's editor may leave: blank lines, a stray quote, CR endings
        text = draw(st.sampled_from(["\n\n", '"', "\r\n", ""])) + text.replace(
            "\n", draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
        )
    options = {
        "time_unit": draw(st.sampled_from(["s", "ms", "h", "datetime"])),
        "duplicates": draw(st.sampled_from(["error", "keep_first"])),
    }
    if draw(st.booleans()):
        options["time_format"] = draw(st.sampled_from(["%d/%m/%Y", "%Y-%m-%d %H:%M:%S"]))
    encoding = draw(st.sampled_from(["utf-8", "latin-1"]))
    raw = text.encode("utf-8", errors="surrogatepass")
    if encoding == "latin-1" and draw(st.booleans()):
        raw = text.encode("latin-1", errors="replace")
        options["encoding"] = "latin-1"
    return table, raw, options


def _schema_ok(tables: dict) -> None:
    for t in canonical.TABLES:
        canonical.check_schema(tables[t], SCHEMAS / f"{t}.schema.yaml", f"fuzz ({t})")


@SETTINGS
@given(case=user_csv())
def test_any_user_csv_gives_tables_or_a_data_error(case, tmp_path_factory):
    table, raw, options = case
    path = tmp_path_factory.mktemp("csv") / f"{table}.csv"
    path.write_bytes(raw)
    entry = {"format": "csv", "files": {table: {"path": str(path)}}, **options}
    try:
        out = data.build("csv", {table: path}, entry)
    except vfiles.DataError as err:
        assert str(err).strip() and "\n" not in str(err).strip()
        return
    assert len(out[table]) > 0
    assert list(out[table].columns)[: len(canonical.CANONICAL[table]["required"])] == list(
        canonical.CANONICAL[table]["required"]
    )
    _schema_ok(out)


VALUES = st.one_of(
    st.none(),
    st.just(math.nan),
    st.floats(allow_nan=False, allow_infinity=True),
    st.integers(-5, 5),
    st.booleans(),
    st.text(max_size=5),
    st.sampled_from(["social", "editorial", "seed", "x", " 7 ", ""]),
)


@st.composite
def frames(draw):
    table = draw(st.sampled_from(canonical.TABLES))
    spec = canonical.CANONICAL[table]
    pool = [*spec["required"], *spec["optional"], "cov_a", "true_b", "extra"]
    cols = draw(st.lists(st.sampled_from(pool), unique=True, max_size=len(pool)))
    n = draw(st.integers(0, 12))
    df = pd.DataFrame(
        {c: pd.Series(draw(st.lists(VALUES, min_size=n, max_size=n)), dtype=object) for c in cols}
    )
    return table, df


@SETTINGS
@given(case=frames())
def test_coerce_table_gives_a_canonical_table_or_a_data_error(case):
    table, df = case
    try:
        out = canonical.coerce_table(df, table, source="fuzz")
    except vfiles.DataError as err:
        assert str(err).startswith("fuzz")
        return
    assert len(out) == len(df)
    _schema_ok({**{t: canonical.empty_table(t) for t in canonical.TABLES}, table: out})
    again = canonical.coerce_table(out, table, source="fuzz")  # idempotent
    pd.testing.assert_frame_equal(again, out)
