"""Numbers as the paper prints them."""

from virality.paper.numbers import fmt_ci, fmt_int, fmt_num, fmt_p, fmt_pct


def test_number_formats():
    assert fmt_num(0.61234) == "0.612"
    assert fmt_num(34_000_000) == "34,000,000"
    assert fmt_num(-0.5) == "−0.5"
    assert fmt_num(float("nan")) == "n/a"
    assert fmt_pct(0.5312) == "53.1%"
    assert fmt_int(12000.0) == "12,000"
    assert fmt_p(0.0001) == "< 0.001"
    assert fmt_ci(0.52, 0.56, "pct") == "[52.0%, 56.0%]"
