"""Study B on random small canonical data sets (issue 11): nothing but a DataError or a skip row comes out.

Hypothesis draws 0-60 items and 0-500 events with tied times, one or many users, with and without follower
counts, an items table (start times, creators) and exposures, on every clock origin; examples: the profile in tests/conftest.py (HYPOTHESIS_PROFILE=fuzz for more).
"""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from virality import contracts
from virality.files import DataError
from virality.prediction import study
from virality.prediction.steps import CONTRACT_OF_PART

TIMES = st.one_of(
    st.sampled_from([0.0, 1.0, 60.0, 3600.0]),  # ties
    st.floats(min_value=0.0, max_value=2e6, allow_nan=False, allow_infinity=False),
)


@st.composite
def canonical_data(draw):
    n_items = draw(st.integers(0, 60))
    n_events = draw(st.integers(0, 500)) if n_items else 0
    n_users = draw(st.sampled_from([1, 2, 5, 50, 1000]))
    item = draw(st.lists(st.integers(0, max(n_items - 1, 0)), min_size=n_events, max_size=n_events))
    user = draw(st.lists(st.integers(0, n_users - 1), min_size=n_events, max_size=n_events))
    time = draw(st.lists(TIMES, min_size=n_events, max_size=n_events))
    ev = pd.DataFrame(
        {
            "item_id": pd.array([f"i{k}" for k in item], dtype="string"),
            "user_id": pd.array([f"u{k}" for k in user], dtype="string"),
            "time": np.asarray(time, dtype=float),
        }
    )
    ev = ev.drop_duplicates(["item_id", "user_id"]).reset_index(
        drop=True
    )  # canonical: one adoption each
    if draw(st.booleans()):
        ev["followers"] = draw(
            st.lists(st.floats(0, 1e6), min_size=len(ev), max_size=len(ev))
        ) or np.zeros(0)
    ids = sorted(ev["item_id"].unique())
    items = None
    if ids and draw(st.booleans()):
        items = pd.DataFrame({"item_id": pd.array(ids, dtype="string")})
        if draw(st.booleans()):
            items["start_time"] = draw(st.lists(TIMES, min_size=len(ids), max_size=len(ids)))
        if draw(st.booleans()):
            items["creator"] = [f"c{draw(st.integers(0, 3))}" for _ in ids]
    exposures = None
    if ids and draw(st.booleans()):
        some = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True))
        exposures = pd.DataFrame(
            {
                "item_id": pd.array(some, dtype="string"),
                "time": draw(st.lists(TIMES, min_size=len(some), max_size=len(some))),
                "kind": "promotion",
            }
        )
    return ev, items, exposures


@settings(
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    data=canonical_data(),
    clock=st.sampled_from(["auto", "exposure", "threshold", "first_event"]),
    n0=st.sampled_from([1, 2, 10]),
    time_unit=st.sampled_from(["s", "unknown"]),
)
def test_study_b_gives_tables_or_skip_rows_for_any_small_data(data, clock, n0, time_unit):
    events, items, exposures = data
    params = study.Params(
        n_boot=3,
        min_items=8,
        clock_origin=clock,
        clock_n0=n0,
        gbm={"max_iter": 3, "min_samples_leaf": 2},
    )
    try:
        tabs = study.run(events, items, "fuzz", False, time_unit, params, exposures)
    except DataError:
        return
    assert set(tabs) == set(study.PARTS)
    for part, name in CONTRACT_OF_PART.items():
        assert list(tabs[part].columns) == contracts.columns(name), part
    sk = tabs["skipped"]
    assert list(sk.columns) == contracts.columns("skipped")
    assert (sk["study"] == "B").all() and sk["reason"].str.len().gt(0).all()
    if len(events) == 0:
        assert sk["step"].tolist() == ["cascades"]
    if len(tabs["grid"]) == 0:  # nothing ran: the reason is a row
        assert len(sk) >= 1
