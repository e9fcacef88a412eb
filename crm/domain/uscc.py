"""统一社会信用代码 (unified social credit code) checks per GB 32100-2015.

Length and characters are hard errors. A failing check digit is only a warning that the user may
override with a reason, because some early pilot codes fail it.
"""

import unicodedata
from dataclasses import dataclass

from stdnum.cn import uscc as stdnum_uscc

# GB 32100 code set: digits and capital letters except I, O, S, V, Z.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

MSG_CHARS = "统一社会信用代码只能包含数字和除I、O、S、V、Z外的大写字母，请检查：{bad}"
MSG_LENGTH = "统一社会信用代码应为18位，当前为{n}位"
MSG_REGION = "统一社会信用代码第3至8位（登记管理机关行政区划码）应为数字"
MSG_CHECKSUM = "校验位不符（GB 32100-2015），请核对；早期试点代码可填写原因后保存"


@dataclass(frozen=True)
class UsccCheck:
    code: str | None  # normalised code for saving/redisplay; None when the field was left empty
    ok: bool  # may be saved
    checksum_failed: bool  # true even when overridden, so the caller can audit the override
    message: str = ""


def normalise(text: str) -> str:
    # NFKC folds full-width letters and digits (９１４４…) to ASCII; people paste codes with
    # spaces or hyphens between groups, which stdnum's compact() strips.
    folded = unicodedata.normalize("NFKC", text or "")
    return stdnum_uscc.compact("".join(folded.split()))


def check_uscc(text: str, override_reason: str = "") -> UsccCheck:
    code = normalise(text)
    if not code:
        return UsccCheck(code=None, ok=True, checksum_failed=False)

    # Characters first: a pasted "代码：9144…" is better answered by naming 代码： than by a length.
    bad = [c for c in dict.fromkeys(code) if c not in ALPHABET]
    if bad:
        return _error(code, MSG_CHARS.format(bad="、".join(bad)))
    if len(code) != 18:
        return _error(code, MSG_LENGTH.format(n=len(code)))
    # We check the format ourselves rather than call stdnum's validate(): it requires digits in
    # positions 1-2 too, but GB 32100 registration authorities include letters (e.g. N2… for
    # 村集体经济组织, Y… for 其他).
    if not code[2:8].isdigit():
        return _error(code, MSG_REGION)
    if code[17] != stdnum_uscc.calc_check_digit(code[:17]):
        return UsccCheck(
            code=code, ok=bool(override_reason.strip()), checksum_failed=True, message=MSG_CHECKSUM
        )
    return UsccCheck(code=code, ok=True, checksum_failed=False)


def _error(code: str, message: str) -> UsccCheck:
    return UsccCheck(code=code, ok=False, checksum_failed=False, message=message)


def make_uscc(prefix17: str) -> str:
    """Append the GB 32100 check digit to 17 characters (used to make demo data)."""
    prefix = normalise(prefix17)
    if len(prefix) != 17 or any(c not in ALPHABET for c in prefix):
        raise ValueError(f"need 17 characters from {ALPHABET}, got {prefix17!r}")
    return prefix + stdnum_uscc.calc_check_digit(prefix)
