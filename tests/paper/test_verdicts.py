"""The verdict rules, one test each: a band around the published value, the no-effect value, the interval."""

import math

import pytest

from virality.paper.measures import Measured
from virality.paper.verdicts import VERDICT_RULES, Band, band_of, check_rule, judge


def verdict(value, rule, pub, lo=None, hi=None):
    return VERDICT_RULES[rule["kind"]](Measured(value, lo, hi), pub, rule)


ODDS = {"kind": "tolerance", "tol_abs": 0.05, "no_effect": 1}


def test_opposite_sign_is_not_reproduced_whatever_the_interval():
    # C12 on Mashable in the first paper: 0.987 against 1.13 was "partly"
    out, why = verdict(0.987, ODDS, 1.13, 0.913, 1.07)
    assert out == "not reproduced"
    assert why == "0.987 [0.913, 1.07]: opposite sign to the published 1.13 (no effect = 1)"
    # a direction claim: below the bound is not reproduced even when the interval reaches above it
    assert verdict(0.98, {"kind": "above", "threshold": 1}, 1, 0.92, 1.04) == (
        "not reproduced",
        "0.98 [0.92, 1.04] is not above 1",
    )


def test_interval_wholly_outside_the_band_is_not_reproduced():
    # C10 in the first paper: 0.97 [0.911, 1.03] against 0.84 was "partly"
    out, why = verdict(0.97, ODDS, 0.84, 0.911, 1.03)
    assert out == "not reproduced"
    assert (
        why
        == "0.97 [0.911, 1.03]: the whole 95% interval lies outside the published band [0.79, 0.89]"
    )
    # D1 in the first paper: 3.6 [3.09, 4.41] against [1, 3] was "partly"
    rng = {"kind": "range", "low": 1, "high": 3, "no_effect": 1}
    assert verdict(3.6, rng, 2, 3.09, 4.41)[0] == "not reproduced"


def test_partly_only_where_the_interval_overlaps_the_band():
    assert verdict(0.93, ODDS, 0.84, 0.85, 1.01) == (
        "partly",
        "0.93 [0.85, 1.01]: the estimate lies outside the published band [0.79, 0.89], its 95% interval "
        "overlaps it",
    )
    # without an interval there is no "partly"
    assert verdict(0.93, ODDS, 0.84) == (
        "not reproduced",
        "0.93 outside the published band [0.79, 0.89] (no interval)",
    )
    # a bound: the estimate beyond it but the interval reaching back is partly
    assert verdict(1.04, {"kind": "above", "threshold": 1}, 1, 0.974, 1.11) == (
        "partly",
        "1.04 [0.974, 1.11] is above 1, but its 95% interval reaches 1",
    )


def test_inside_the_band_is_reproduced():
    assert verdict(0.86, ODDS, 0.84, 0.80, 0.92)[0] == "reproduced"
    assert verdict(1.08, {"kind": "above", "threshold": 1}, 1, 1.02, 1.14) == (
        "reproduced",
        "1.08 [1.02, 1.14] inside the published band above 1 with its whole 95% interval",
    )
    # band edges computed in floating point still count: 0.4 - 25% = 0.3
    assert verdict(0.3, {"kind": "tolerance", "tol_rel": 0.25}, 0.4)[0] == "reproduced"
    assert verdict("CS", {"kind": "label", "expected": "CS"}, "CS") == (
        "reproduced",
        "CS, as published",
    )
    assert verdict("GP", {"kind": "label", "expected": "CS"}, "CS") == (
        "not reproduced",
        "GP, not CS",
    )


def test_bands_of_each_rule():
    assert band_of(0.5, {"kind": "above", "threshold": 0.5}) == Band(0.5, math.inf, 0.5, bound=True)
    assert band_of(1, {"kind": "below", "threshold": 1}) == Band(-math.inf, 1, 1, bound=True)
    assert band_of(69, {"kind": "tolerance", "tol_rel": 0.25}) == Band(51.75, 86.25, None)
    assert band_of(0, {"kind": "not_comparable", "reason": "r"}) is None
    assert judge(Measured(2.0), 2, Band(1, 3, 1))[0] == "reproduced"


def test_rule_keys_are_checked():
    with pytest.raises(ValueError, match="w: rule kind 'near' unknown"):
        check_rule({"kind": "near"}, "w")
    with pytest.raises(ValueError, match=r"w: unknown rule key\(s\) None"):
        check_rule({"kind": "tolerance", "tol_abs": 1, None: 1}, "w")  # YAML reads `null:` as None
    with pytest.raises(ValueError, match="w: a tolerance rule needs tol_abs or tol_rel"):
        check_rule({"kind": "tolerance"}, "w")
    with pytest.raises(ValueError, match=r"w: rule key\(s\) partly_low, partly_high are retired"):
        check_rule({"kind": "range", "low": 1, "high": 3, "partly_low": 0, "partly_high": 5}, "w")


def test_a_range_over_configurations_is_not_called_a_95_percent_interval():
    # the ratio measure (Study E, Centola's "farther") gives the median ratio and its range over graphs
    import pandas as pd

    from virality.paper.measures import MEASURES

    df = pd.DataFrame(
        {
            "n_nodes": [98, 98, 128, 128],
            "graph": ["lattice", "rewired"] * 2,
            "mean_final_share": [0.6, 0.3, 0.5, 0.4],
        }
    )
    m = {"kind": "ratio", "column": "mean_final_share", "label": "graph"}
    m |= {"numerator": "lattice", "denominator": "rewired", "by": ["n_nodes"]}
    meas = MEASURES["ratio"](df, m, "seeding_strategies")
    assert (meas.value, meas.ci_low, meas.ci_high) == (1.625, 1.25, 2.0)
    out, why = judge(meas, 2.0, Band(1.8, 2.2, 1))
    assert (out, why) == (
        "partly",
        "1.62 [1.25, 2]: the estimate lies outside the published band [1.8, 2.2], its range over "
        "configurations overlaps it",
    )
