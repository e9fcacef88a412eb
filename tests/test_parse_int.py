"""crm.forms.parse_int: the one integer parser behind query strings, form fields and ids."""

import pytest

from crm.forms import MAX_ID, coerce_id, parse_int, query_int

CASES = [
    # text, keyword arguments, expected
    ("12", {}, 12),
    (" 12 ", {}, 12),
    ("007", {}, 7),
    ("-5", {}, -5),
    ("１２", {}, 12),             # full-width digits, as a Chinese input method types them
    ("－５", {}, -5),              # full-width minus
    ("\u3000３\u3000", {}, 3),     # ideographic spaces around
    ("²", {}, None),               # NFKC would make it "2": nobody types a number that way
    ("①", {}, None),               # NFKC would make it "1"
    ("𝟏", {}, None),               # mathematical bold one: NFKC "1", still not typed
    ("٣", {}, None),               # Arabic-Indic three: int() alone would accept it
    ("१२", {}, None),              # Devanagari digits
    ("1²", {}, None),
    ("", {}, None),
    ("   ", {}, None),
    (None, {}, None),
    ("+1", {}, None),
    ("1.0", {}, None),
    ("1e3", {}, None),
    ("1_000", {}, None),
    ("0x10", {}, None),
    ("1 2", {}, None),
    ("--1", {}, None),
    ("\x00", {}, None),
    ("9" * 18, {}, 10**18 - 1),   # 18 digits always fit a BIGINT
    ("1" * 19, {}, None),
    ("1" * 400, {}, None),
    ("1" * 5000, {}, None),        # past int()'s own digit limit: still just None
    ("12345678901234567890123", {}, None),
    ("0", {"minimum": 1}, None),
    ("-1", {"minimum": 0}, None),
    (str(MAX_ID), {"maximum": MAX_ID}, MAX_ID),
    (str(MAX_ID + 1), {"maximum": MAX_ID}, None),
    (42, {}, 42),
    (True, {}, None),
    (4.0, {}, None),
]


@pytest.mark.parametrize(("text", "bounds", "expected"), CASES,
                         ids=[repr(case[0])[:24] for case in CASES])
def test_parse_int(text, bounds, expected):
    assert parse_int(text, **bounds) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("3", 3), ("０", 0), ("999999999", 999_999_999), ("1000000000", None), ("-1", None),
    ("²", None), (None, None)])
def test_query_int_takes_nine_digits_at_most_and_no_sign(text, expected):
    assert query_int(text) == expected


@pytest.mark.parametrize("text", ["²", "①", "٣", "-1", "1" * 400, "12345678901234567890123",
                                  str(MAX_ID + 1), "", None])
def test_coerce_id_refuses_with_a_value_error(text):
    with pytest.raises(ValueError):
        coerce_id(text)


def test_coerce_id_takes_ids_and_the_blank_choice():
    assert [coerce_id(v) for v in ("0", "１７", 5, str(MAX_ID))] == [0, 17, 5, MAX_ID]


@pytest.mark.parametrize(("text", "data", "errors"), [
    ("12", 12, []),
    ("１２", 12, []),
    ("", None, []),                                   # Optional: blank is fine
    ("1" * 400, None, ["请输入有效的整数"]),           # once, not NumberRange's OverflowError
    ("²", None, ["请输入有效的整数"]),
    ("٣", None, ["请输入有效的整数"]),
    ("120", 120, ["应在0到99之间"]),
])
def test_whole_number_field(text, data, errors):
    from werkzeug.datastructures import MultiDict
    from wtforms import Form
    from wtforms.validators import NumberRange, Optional

    from crm.forms import WholeNumberField

    class Numbers(Form):
        count = WholeNumberField(validators=[Optional(), NumberRange(0, 99, "应在0到99之间")])

    form = Numbers(MultiDict({"count": text}))
    form.validate()
    assert (form.count.data, form.count.errors) == (data, errors)
