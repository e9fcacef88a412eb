"""Money as integer 元: parsing what officials type, and formatting for ledgers and leaders.

Amounts are stored as int 元 (BIGINT) and never pass through float. Display rounds exactly once:
callers sum the ints first and format the sum, so a report's total is the rounded exact total,
not a sum of already-rounded rows.
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, InvalidOperation, Overflow

MAX_YUAN = 10**15  # 100万亿元: far above any county project, so anything bigger is a unit slip
MAX_INPUT_CHARS = 40

# Field units for plain numbers, as powers of ten of the base currency unit.
UNIT_EXPONENTS = {"元": 0, "万元": 4, "亿元": 8}
_MULTIPLIERS = {"亿": 8, "万": 4}

MSG_EMPTY = "请输入金额"
MSG_FORMAT = "金额格式不正确，请输入如“5000万”或“32.98亿元”"
MSG_FORMAT_USD = "金额格式不正确，请输入如“500”（单位：万美元）或“500万美元”"
MSG_NEGATIVE = "金额不能为负数"
MSG_PRECISION = "金额最多精确到元"
MSG_PRECISION_USD = "金额最多精确到美元"
MSG_TOO_LARGE = "金额过大，请检查单位"

# A number is digits with an optional fraction; commas, if any, must be thousands separators.
_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_PART = re.compile(rf"\s*(?P<zero>零)?\s*(?P<number>{_NUMBER})\s*(?P<unit>亿|万)?\s*")

# Inputs are capped at MAX_INPUT_CHARS, so 60 digits is always exact; trapping Inexact makes
# any silent rounding an error instead of a wrong amount.
_EXACT = Context(prec=60, traps=[Inexact, InvalidOperation, Overflow])


class MoneyError(ValueError):
    """A user-facing parse error; str(error) is the Chinese message."""


def parse_money(text: str, unit: str = "元") -> int:
    """Parse an amount typed into a field whose stated unit is `unit`; return whole 元."""
    if unit not in UNIT_EXPONENTS:
        raise ValueError(f"unknown money unit {unit!r}")
    return _parse(text, UNIT_EXPONENTS[unit], "元", MSG_FORMAT, MSG_PRECISION)


def parse_usd_wan(text: str) -> int:
    """Parse foreign capital typed in a 万美元 field; return whole US dollars."""
    return _parse(text, 4, "美元", MSG_FORMAT_USD, MSG_PRECISION_USD)


def _parse(text: str, field_exp: int, currency: str, msg_format: str, msg_precision: str) -> int:
    # NFKC folds full-width digits, comma, dot, minus and spaces (２０，．－　) to ASCII.
    s = unicodedata.normalize("NFKC", text or "").strip()
    if not s:
        raise MoneyError(MSG_EMPTY)
    if s[0] in "-−负":  # ASCII hyphen-minus (also from full-width －), U+2212 minus, 负
        raise MoneyError(MSG_NEGATIVE)
    if len(s) > MAX_INPUT_CHARS:
        raise MoneyError(msg_format)

    # A currency suffix makes a trailing plain number mean whole 元/美元, not the field's unit.
    explicit = s.endswith(currency)
    if explicit:
        s = s[: -len(currency)]

    parts = []
    for number, unit in _split_parts(s, msg_format):
        if unit is not None:
            exp = _MULTIPLIERS[unit]
        elif parts and not explicit:
            # "1亿5000" or "1万2000": colloquially ambiguous, so ask for the unit.
            raise MoneyError(msg_format)
        else:
            exp = 0 if explicit else field_exp
        parts.append((number, exp))

    # "1.5亿5000万" and "1亿20000万" are not how amounts are written: a part followed by a
    # smaller one is whole, and each smaller part fits below the one before it.
    for (higher, high_exp), (lower, low_exp) in zip(parts, parts[1:], strict=False):
        if higher != higher.to_integral_value() or lower >= Decimal(10) ** (high_exp - low_exp):
            raise MoneyError(msg_format)

    total = Decimal(0)
    for number, exp in parts:
        total = _EXACT.add(total, number.scaleb(exp, context=_EXACT))
    if total != total.to_integral_value():
        raise MoneyError(msg_precision)
    if total > MAX_YUAN:
        raise MoneyError(MSG_TOO_LARGE)
    return int(total)


def _split_parts(s: str, msg_format: str) -> list[tuple[Decimal, str | None]]:
    """Split "1亿零500万" into [(1, "亿"), (500, "万")], rejecting anything left over."""
    parts: list[tuple[Decimal, str | None]] = []
    pos = 0
    while pos < len(s):
        m = _PART.match(s, pos)
        if m is None:
            raise MoneyError(msg_format)
        # 零 only joins two parts; a plain number can only be the last part.
        if (m["zero"] and not parts) or (parts and parts[-1][1] is None):
            raise MoneyError(msg_format)
        parts.append((Decimal(m["number"].replace(",", "")), m["unit"]))
        pos = m.end()
    if not parts:
        raise MoneyError(msg_format)
    return parts


def _shift(yuan: int, places: int) -> Decimal:
    # Built from a string, so the division by 10**places is exact for any int.
    return Decimal(f"{yuan}E-{places}")


def _round2(value: Decimal) -> Decimal:
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded == 0 else rounded  # never show "-0.00"


def format_exact(yuan: int) -> str:
    """Lossless 万元 with as many decimals as needed: 12345 -> "1.2345万元"."""
    sign = "-" if yuan < 0 else ""
    wan, rest = divmod(abs(yuan), 10_000)
    if rest == 0:
        return f"{sign}{wan}万元"
    return f"{sign}{wan}.{rest:04d}".rstrip("0") + "万元"


def yuan_to_yi(yuan: int) -> Decimal:
    """亿元 rounded half-up to 2 decimals, for chart series."""
    return _round2(_shift(yuan, 8))


def format_yi(yuan: int) -> str:
    """Totals for leaders: 3_298_000_000 -> "32.98亿元", 123_456_000_000_0 -> "12,345.60亿元"."""
    return f"{yuan_to_yi(yuan):,.2f}亿元"


def format_for_leaders(yuan: int) -> str:
    """One project's amount as a leader reads it: 亿元 from 1亿 up, whole 万元 below
    (50_000_000 -> "5,000万元", 329_800_000 -> "3.30亿元"); staff keep the ledger's 万元
    with cents (format_wan)."""
    if abs(yuan) >= 100_000_000:
        return format_yi(yuan)
    wan = _shift(yuan, 4).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{wan.copy_abs() if wan == 0 else wan:,}万元"


def format_wan(yuan: int) -> str:
    """For ledgers: 12_000_000 -> "1,200.00万元"."""
    return f"{_round2(_shift(yuan, 4)):,.2f}万元"
