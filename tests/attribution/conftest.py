"""Fixtures shared by Study A's tests: canonical frames from rows, a synthetic Flickr-like world."""

import pandas as pd
import pytest

from virality import synth
from virality.attribution import nulls as N
from virality.attribution import social as A


def _frame(rows, cols):
    df = pd.DataFrame(rows, columns=cols)
    for c in df.columns:
        if c in ("time", "start_time", "created"):
            df[c] = df[c].astype("float64")
        else:
            df[c] = df[c].astype("string")
    return df


@pytest.fixture(name="_frame")
def frame_builder():
    """:func:`_frame`: rows and column names to a canonical frame (times as floats, the rest strings)."""
    return _frame


@pytest.fixture(scope="session", params=[0.53, 0.30])
def flickr(request):
    d = synth.flickr_like(n_users=20_000, n_items=1_000, wom_share=request.param, seed=3)
    att = A.attribute(d["events"], d["edges"], d["items"], threads=2)
    summ = N.wom_summary(att, n_boot=200, n_perm=5, n_placebo=3, seed=3, threads=2)
    return d, att, summ
