from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.domain.money import (
    MAX_YUAN,
    MSG_EMPTY,
    MSG_FORMAT,
    MSG_FORMAT_USD,
    MSG_NEGATIVE,
    MSG_PRECISION,
    MSG_PRECISION_USD,
    MSG_TOO_LARGE,
    MoneyError,
    format_exact,
    format_for_leaders,
    format_wan,
    format_yi,
    parse_money,
    parse_usd_wan,
    yuan_to_yi,
)

YI = 100_000_000
WAN = 10_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20亿", 20 * YI),
        ("5000万", 5000 * WAN),
        ("1亿5000万", 150_000_000),
        ("1亿5000万元", 150_000_000),
        ("1亿零500万", 105_000_000),
        ("32.98亿元", 3_298_000_000),
        ("1,200万元", 12_000_000),
        ("1，200万元", 12_000_000),  # full-width comma
        ("２０亿", 20 * YI),  # full-width digits
        ("３２．９８亿元", 3_298_000_000),  # full-width dot
        ("  5000万  ", 5000 * WAN),
        ("5000 万元", 5000 * WAN),
        ("1200元", 1200),
        ("1,234,567元", 1_234_567),
        ("1万2000元", 12_000),
        ("1.2345万", 12_345),
        ("0", 0),
    ],
)
def test_it_parses_amounts_written_with_units(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("1200", "元", 1200),
        ("1200", "万元", 12_000_000),
        ("12.5", "万元", 125_000),
        ("0.5", "亿元", 50_000_000),
        ("1,200", "万元", 12_000_000),
        ("20亿", "万元", 20 * YI),  # a typed unit wins over the field's unit
        ("1200元", "亿元", 1200),
    ],
)
def test_plain_numbers_are_read_in_the_fields_unit(text, unit, expected):
    assert parse_money(text, unit) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", MSG_EMPTY),
        ("   ", MSG_EMPTY),
        (None, MSG_EMPTY),
        ("abc", MSG_FORMAT),
        ("5000w", MSG_FORMAT),
        ("亿", MSG_FORMAT),
        ("万元", MSG_FORMAT),
        ("元", MSG_FORMAT),
        ("5000万1亿", MSG_FORMAT),  # units out of order
        ("1亿1亿", MSG_FORMAT),
        ("1..2亿", MSG_FORMAT),
        ("1,2,3", MSG_FORMAT),  # commas must be thousands separators
        ("12,00万", MSG_FORMAT),
        ("1亿5000", MSG_FORMAT),  # 1亿5000万 or 1亿5000元? ask
        ("1.5亿5000万", MSG_FORMAT),
        ("1亿20000万", MSG_FORMAT),
        ("零500万", MSG_FORMAT),
        (".5亿", MSG_FORMAT),
        ("500美元", MSG_FORMAT),
        ("1" * 41, MSG_FORMAT),
        ("-5", MSG_NEGATIVE),
        ("－5000万", MSG_NEGATIVE),  # full-width minus
        ("负100万", MSG_NEGATIVE),
        ("1.234567万", MSG_PRECISION),  # 12345.67元
        ("0.5元", MSG_PRECISION),
        ("0.123456789亿", MSG_PRECISION),
        ("10000000.00000001亿", MSG_TOO_LARGE),  # 10**15 + 1
        ("1000000000000001", MSG_TOO_LARGE),
    ],
)
def test_it_rejects_bad_input_saying_what_to_type(text, message):
    with pytest.raises(MoneyError) as caught:
        parse_money(text)
    assert str(caught.value) == message


def test_it_accepts_the_largest_allowed_amount():
    assert parse_money("10000000亿") == MAX_YUAN == 10**15


def test_it_rejects_an_unknown_field_unit_as_a_programming_error():
    with pytest.raises(ValueError, match="unknown money unit") as caught:
        parse_money("1", "美元")
    assert not isinstance(caught.value, MoneyError)


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (0, "0万元"),
        (1, "0.0001万元"),
        (12_345, "1.2345万元"),
        (200_000_000, "20000万元"),
        (3_298_000_000, "329800万元"),
        (10_000_500, "1000.05万元"),
        (-12_345, "-1.2345万元"),
    ],
)
def test_format_exact_keeps_every_yuan(yuan, text):
    assert format_exact(yuan) == text


@given(st.integers(min_value=0, max_value=MAX_YUAN), st.sampled_from(["元", "万元", "亿元"]))
def test_format_exact_round_trips_through_parse_money(yuan, unit):
    assert parse_money(format_exact(yuan), unit) == yuan


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (3_298_000_000, "32.98亿元"),
        (0, "0.00亿元"),
        (500_000, "0.01亿元"),  # 0.005亿 rounds half up
        (499_999, "0.00亿元"),
        (-500_000, "-0.01亿元"),  # differences round symmetrically
        (-1, "0.00亿元"),  # no "-0.00"
        (123 * YI, "123.00亿元"),
        (1_234_560_000_000, "12,345.60亿元"),  # a city's totals: thousands separated
    ],
)
def test_format_yi_rounds_half_up_to_two_decimals(yuan, text):
    assert format_yi(yuan) == text


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (3_298_000_000, "32.98亿元"),
        (YI, "1.00亿元"),  # from 1亿 up: 亿元
        (YI - 1, "10,000万元"),  # below: whole 万元, rounded half up
        (50_000_000, "5,000万元"),
        (125_000, "13万元"),
        (4_999, "0万元"),
        (-5_000, "-1万元"),  # a 补充协议's reduction
        (0, "0万元"),
    ],
)
def test_format_for_leaders_reads_yi_and_whole_wan(yuan, text):
    assert format_for_leaders(yuan) == text


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (12_000_000, "1,200.00万元"),
        (3_298_000_000, "329,800.00万元"),
        (50, "0.01万元"),  # 0.005万 rounds half up, not to even
        (150, "0.02万元"),
        (-123_456_789, "-12,345.68万元"),
        (0, "0.00万元"),
    ],
)
def test_format_wan_shows_thousands_separators_and_two_decimals(yuan, text):
    assert format_wan(yuan) == text


@pytest.mark.parametrize(
    ("yuan", "expected"),
    [(3_298_000_000, Decimal("32.98")), (1_234_567_890, Decimal("12.35")), (0, Decimal("0.00"))],
)
def test_yuan_to_yi_gives_two_decimal_chart_values(yuan, expected):
    value = yuan_to_yi(yuan)
    assert value == expected
    assert value.as_tuple().exponent == -2


def test_rounding_once_on_the_sum_differs_from_summing_rounded_rows():
    rows = [400_000, 400_000, 400_000]  # 0.004亿 each
    assert [format_yi(r) for r in rows] == ["0.00亿元"] * 3
    assert format_yi(sum(rows)) == "0.01亿元"


@pytest.mark.parametrize(
    ("text", "dollars"),
    [
        ("500", 5_000_000),
        ("1.5", 15_000),
        ("500万美元", 5_000_000),
        ("500万", 5_000_000),
        ("１，２００万美元", 12_000_000),
        ("1亿美元", 100_000_000),
        ("3000美元", 3000),
    ],
)
def test_parse_usd_wan_reads_foreign_capital_in_wan_dollars(text, dollars):
    assert parse_usd_wan(text) == dollars


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", MSG_EMPTY),
        ("-500", MSG_NEGATIVE),
        ("500元", MSG_FORMAT_USD),  # RMB typed into the dollar field
        ("五百", MSG_FORMAT_USD),
        ("0.00001", MSG_PRECISION_USD),
        ("100000000000.0001", MSG_TOO_LARGE),
    ],
)
def test_parse_usd_wan_rejects_bad_input(text, message):
    with pytest.raises(MoneyError) as caught:
        parse_usd_wan(text)
    assert str(caught.value) == message
