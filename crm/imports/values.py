"""Cell values as ledgers write them: amounts, dates, stage words, names. No Flask.

Each parser takes a raw cell (str, int, float, date/datetime or None) and returns the value,
None for an empty cell, or raises ValueError whose text is the Chinese reason.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from crm.domain.money import UNIT_EXPONENTS, MoneyError, parse_money
from crm.domain.stages import Stage


def text(cell) -> str:
    """A cell as trimmed text: NUL bytes dropped, inner line breaks kept as spaces."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime | date):
        return cell.isoformat()[:10]
    value = str(cell).replace("\x00", "")
    return " ".join(value.split()) if "\n" in value or "\r" in value else value.strip()


def is_blank(cell) -> bool:
    return text(cell) == ""


def fold(value: str) -> str:
    """NFKC (full-width to ASCII, （） to ()) without spaces: for comparing names and words."""
    return "".join(unicodedata.normalize("NFKC", value or "").split())


# --- Amounts ----------------------------------------------------------------------------

MSG_AMOUNT = "金额格式不正确，应如“2.35亿”“23500”（按表头单位）或“5000万元”"


def money(cell, unit: str = "万元") -> int | None:
    """Whole 元 from `2.35亿`, `23500` (in the column's unit), `２３５００`, `1,200万元`, or an
    Excel number cell (read through its shortest decimal text, never float arithmetic)."""
    if unit not in UNIT_EXPONENTS:
        unit = "万元"
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        if cell != cell or cell in (float("inf"), float("-inf")):
            raise ValueError(MSG_AMOUNT)
        if cell < 0:
            raise ValueError("金额不能为负数")
        number = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
        try:
            return parse_money(format(number, "f"), unit)
        except MoneyError as error:
            raise ValueError(str(error)) from None
    if isinstance(cell, datetime | date):
        raise ValueError(MSG_AMOUNT)
    value = text(cell)
    if not value or value in ("-", "—", "/", "无"):
        return None
    # Ledgers write 亿元/万元 and sometimes a trailing "元" after a 万 ("5000万元" is handled).
    try:
        return parse_money(value, unit)
    except MoneyError as error:
        raise ValueError(str(error)) from None


# --- Dates ------------------------------------------------------------------------------

MSG_DATE = "日期格式不正确，应如“2022.3.2”“2022年3月2日”“2022/03/02”或“2022-3”"
_DATE = re.compile(
    r"(?P<y>\d{4})\s*[.\-/年]\s*(?P<m>\d{1,2})\s*(?:月)?\s*"
    r"(?:[.\-/]?\s*(?P<d>\d{1,2})\s*(?:日|号)?)?")
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_EXCEL_EPOCH = date(1899, 12, 30)


def day(cell) -> date | None:
    """A date from an Excel date cell, `2022.3.2`, `2022年3月2日`, `2022/03/02`, `2022-3-2`,
    `20220302`, or a month alone (`2022-3`, `2022年3月`, `2022.3`): its first day."""
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, float) and not cell.is_integer():
        # 2022.3 typed into a number cell: year and month.
        return _day_from_text(repr(cell))
    if isinstance(cell, int | float):
        number = int(cell)
        if 20_000 <= number <= 80_000:  # an Excel serial day number that lost its format
            return _EXCEL_EPOCH + timedelta(days=number)
        return _day_from_text(str(number))
    value = unicodedata.normalize("NFKC", text(cell))
    if not value or value in ("-", "—", "/", "无"):
        return None
    return _day_from_text(value)


def _day_from_text(value: str) -> date:
    match = _COMPACT.fullmatch(value) or _DATE.fullmatch(value.strip())
    if match is None:
        raise ValueError(MSG_DATE)
    year, month = int(match["y"]), int(match["m"])
    try:
        result = date(year, month, int(match["d"] or 1))
    except ValueError:
        raise ValueError(f"日期不存在：{value}") from None
    if year < 1990:
        raise ValueError(f"日期过早：{value}")
    return result


# --- Stages -----------------------------------------------------------------------------

# The words ledgers use for where a project stands, longest first when matched inside text.
STAGE_WORDS = {
    "线索": Stage.lead, "储备": Stage.lead, "信息": Stage.lead, "意向": Stage.lead,
    "研判": Stage.screening, "待研判": Stage.screening,
    "接洽": Stage.contact, "对接": Stage.contact, "初步接洽": Stage.contact,
    "对接中": Stage.contact, "初步对接": Stage.contact,
    "考察": Stage.inspection, "实地考察": Stage.inspection, "考察中": Stage.inspection,
    "在谈": Stage.negotiation, "洽谈": Stage.negotiation, "洽谈中": Stage.negotiation,
    "正在洽谈": Stage.negotiation, "谈判": Stage.negotiation, "在洽谈": Stage.negotiation,
    "签约": Stage.signed, "已签约": Stage.signed, "签约未开工": Stage.signed,
    "签而未开": Stage.signed, "已签": Stage.signed,
    "落地": Stage.registered, "已落地": Stage.registered, "注册": Stage.registered,
    "已注册": Stage.registered,
    "开工": Stage.started, "已开工": Stage.started, "在建": Stage.started,
    "建设中": Stage.started, "开工建设": Stage.started, "新开工": Stage.started,
    "投产": Stage.producing, "已投产": Stage.producing, "试生产": Stage.producing,
    "竣工投产": Stage.producing, "部分投产": Stage.producing,
    "达效": Stage.operating, "达产": Stage.operating, "已达效": Stage.operating,
    "已达产": Stage.operating, "达产达效": Stage.operating,
}
for _stage in Stage:
    STAGE_WORDS.setdefault(_stage.label, _stage)
_BY_LENGTH = sorted(STAGE_WORDS, key=len, reverse=True)


def stage(cell) -> Stage | None:
    value = fold(text(cell))
    if not value:
        return None
    value = value.removesuffix("阶段")
    if value in STAGE_WORDS:
        return STAGE_WORDS[value]
    for word in _BY_LENGTH:
        if len(word) >= 2 and word in value:
            return STAGE_WORDS[word]
    raise ValueError(f"无法识别的阶段“{text(cell)[:20]}”，可用：线索、接洽、考察、在谈（洽谈中）、"
                     "已签约、已落地、已开工、已投产、达效")


# --- Whole numbers and land ------------------------------------------------------------

def whole(cell, maximum: int = 10_000_000) -> int | None:
    value = unicodedata.normalize("NFKC", text(cell)).removesuffix("人").replace(",", "")
    if not value:
        return None
    if not re.fullmatch(r"\d{1,9}(\.0+)?", value) or int(float(value)) > maximum:
        raise ValueError(f"应为 0 到 {maximum} 之间的整数")
    return int(float(value))


def land(cell) -> Decimal | None:
    value = unicodedata.normalize("NFKC", text(cell)).removesuffix("亩").replace(",", "")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError("用地应为亩数，如“120”或“85.5”") from None
    if not number.is_finite() or number < 0 or number > 99_999_999:
        raise ValueError("用地应为 0 到 99999999 亩之间的数")
    return number.quantize(Decimal("0.01"))
