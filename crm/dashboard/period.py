"""The cockpit's period and activity picker: GET parameters -> a Period, with field-level
messages in Chinese for what cannot be read (the default period is shown meanwhile).

  p=month&y=2026&m=6     2026年6月           p=quarter&y=2026&q=2   第二季度
  p=ytd&y=2026&m=6       2026年1-6月          p=h1&y=2026            上半年（双过半）
  p=year&y=2026          全年                 p=custom&from=…&to=…   自定义
  activity=ID            one 招商活动 (else all)
"""

from dataclasses import dataclass, field
from datetime import date

from crm.domain import metrics
from crm.forms import MAX_ID, parse_int

KINDS = {"month": "月度", "quarter": "季度", "ytd": "1–N月", "h1": "上半年", "year": "全年",
         "custom": "自定义"}
FIRST_YEAR = 2000
LONGEST_DAYS = 366 * 10


@dataclass
class Choice:
    """What the picker shows and the links carry."""

    kind: str
    year: int
    month: int
    quarter: int
    start: str = ""  # custom range, as typed
    end: str = ""
    activity_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def args(self, **changes) -> dict:
        """The query parameters that choose this period again (for links and drill-downs)."""
        values = {"p": self.kind, "activity": self.activity_id}
        if self.kind in ("month", "ytd"):
            values.update(y=self.year, m=self.month)
        elif self.kind == "quarter":
            values.update(y=self.year, q=self.quarter)
        elif self.kind in ("h1", "year"):
            values["y"] = self.year
        else:
            values.update({"from": self.start, "to": self.end})
        values.update(changes)
        return {key: str(value) for key, value in values.items() if value not in (None, "")}


def default(today: date) -> Choice:
    return Choice("ytd", today.year, today.month, (today.month - 1) // 3 + 1)


def read(args, today: date) -> tuple[Choice, metrics.Period]:
    """The chosen period; anything unreadable is named in `choice.errors` and the default
    period (this year to the end of this month) is used instead."""
    choice, errors = default(today), {}
    kind = (args.get("p") or choice.kind).strip()
    if kind not in KINDS:
        errors["p"] = "请选择统计期间：月度、季度、1–N月、上半年、全年或自定义"
        kind = choice.kind
    year = _number(args, "y", choice.year, FIRST_YEAR, today.year + 1, "年份", errors)
    month = _number(args, "m", choice.month, 1, 12, "月份", errors)
    quarter = _number(args, "q", choice.quarter, 1, 4, "季度", errors)
    activity = (args.get("activity") or "").strip()
    activity_id = parse_int(activity, minimum=1, maximum=MAX_ID) if activity else None
    if activity and activity_id is None:
        errors["activity"] = "招商活动选择有误，已显示全部活动"
    chosen = Choice(kind, year, month, quarter, (args.get("from") or "").strip()[:10],
                    (args.get("to") or "").strip()[:10], activity_id, errors)
    if kind == "custom":
        period = _custom(chosen, errors)
        if period is not None:
            return chosen, period
        chosen.kind = "ytd"
    return chosen, _period(chosen)


def _period(choice: Choice) -> metrics.Period:
    return {
        "month": lambda: metrics.month(choice.year, choice.month),
        "quarter": lambda: metrics.quarter(choice.year, choice.quarter),
        "ytd": lambda: metrics.months_to(choice.year, choice.month),
        "h1": lambda: metrics.first_half(choice.year),
        "year": lambda: metrics.whole_year(choice.year),
    }[choice.kind]()


def _number(args, name: str, fallback: int, low: int, high: int, what: str,
            errors: dict) -> int:
    text = (args.get(name) or "").strip()
    if not text:
        return fallback
    value = parse_int(text, minimum=low, maximum=high)
    if value is None:
        errors[name] = f"{what}应为{low}–{high}之间的整数"
        return fallback
    return value


def _custom(choice: Choice, errors: dict) -> metrics.Period | None:
    days = {}
    for name, text, label in (("from", choice.start, "开始日期"), ("to", choice.end, "结束日期")):
        try:
            days[name] = date.fromisoformat(text)
        except ValueError:
            errors[name] = f"请按 2026-01-31 的格式填写{label}"
    if errors.keys() & {"from", "to"}:
        return None
    start, end = days["from"], days["to"]
    if end < start:
        errors["to"] = "结束日期不能早于开始日期"
        return None
    if (end - start).days > LONGEST_DAYS or start.year < FIRST_YEAR:
        errors["from"] = f"自定义期间最长10年，且不早于{FIRST_YEAR}年"
        return None
    return metrics.custom(start, end)
