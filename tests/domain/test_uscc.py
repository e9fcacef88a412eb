import pytest

from crm.domain.uscc import MSG_CHECKSUM, UsccCheck, check_uscc, make_uscc

HUAWEI = "914403001922038216"
TENCENT = "9144030071526726XG"
BAD_CHECKSUM = "914403001922038217"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (HUAWEI, HUAWEI),
        (TENCENT, TENCENT),
        ("9144030071526726xg", TENCENT),  # lower case
        (" 9144 0300 7152 6726 XG ", TENCENT),  # grouped with spaces
        ("91440300-715267-26XG", TENCENT),
        ("９１４４０３００７１５２６７２６ＸＧ", TENCENT),  # full-width
        ("N2130427MA00000002", "N2130427MA00000002"),  # letters allowed in positions 1-2
    ],
)
def test_it_accepts_valid_codes_and_normalises_them(text, code):
    assert check_uscc(text) == UsccCheck(code=code, ok=True, checksum_failed=False, message="")


@pytest.mark.parametrize("text", ["", "   ", None])
def test_it_accepts_an_empty_field_because_the_code_is_optional(text):
    assert check_uscc(text) == UsccCheck(code=None, ok=True, checksum_failed=False, message="")


def test_it_flags_a_failing_check_digit_as_overridable():
    result = check_uscc(BAD_CHECKSUM)
    assert (result.code, result.ok, result.checksum_failed) == (BAD_CHECKSUM, False, True)
    assert result.message == "校验位不符（GB 32100-2015），请核对；早期试点代码可填写原因后保存"


@pytest.mark.parametrize(
    ("reason", "ok"), [("早期试点代码，营业执照原件已核", True), ("  ", False)]
)
def test_it_accepts_a_failing_check_digit_only_with_a_reason(reason, ok):
    result = check_uscc(BAD_CHECKSUM, override_reason=reason)
    assert (result.ok, result.checksum_failed, result.message) == (ok, True, MSG_CHECKSUM)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("91440300192203821", "统一社会信用代码应为18位，当前为17位"),
        ("9144030019220382161", "统一社会信用代码应为18位，当前为19位"),
        (
            "91440300192203821O",
            "统一社会信用代码只能包含数字和除I、O、S、V、Z外的大写字母，请检查：O",
        ),
        (
            "91440300192I03821Z",
            "统一社会信用代码只能包含数字和除I、O、S、V、Z外的大写字母，请检查：I、Z",
        ),
        (
            "代码9144030019220382",
            "统一社会信用代码只能包含数字和除I、O、S、V、Z外的大写字母，请检查：代、码",
        ),
        ("9144AB0071526726XG", "统一社会信用代码第3至8位（登记管理机关行政区划码）应为数字"),
    ],
)
def test_it_rejects_wrong_length_and_characters_even_with_a_reason(text, message):
    for reason in ("", "早期试点"):
        result = check_uscc(text, override_reason=reason)
        assert (result.ok, result.checksum_failed, result.message) == (False, False, message)


@pytest.mark.parametrize(
    ("prefix", "code"), [(HUAWEI[:17], HUAWEI), (TENCENT[:17].lower(), TENCENT)]
)
def test_make_uscc_appends_the_check_digit(prefix, code):
    assert make_uscc(prefix) == code
    assert check_uscc(make_uscc(prefix)).ok


@pytest.mark.parametrize("prefix", ["9144030019220382", "91440300192203821O", HUAWEI])
def test_make_uscc_rejects_a_prefix_that_is_not_17_code_characters(prefix):
    with pytest.raises(ValueError, match="need 17 characters"):
        make_uscc(prefix)
