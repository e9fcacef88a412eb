"""The order of a project's dates: 线索 ≤ 签约 ≤ 注册（落地） ≤ 开工 ≤ 投产 ≤ 达效, none later
than today.

Dates come in by name (None = not known yet); what is wrong comes back as {name: message}, one
Chinese message per date, naming both dates so the user can tell which of the two to correct.
Each known date is compared with the nearest earlier one that is known: a single mistyped date
then shows one message, not one on every date after it.

Some projects break ground before the formal signing (the 投资协议 follows the start of works).
That is allowed only when the user says so (`start_before_signing_confirmed`); the signing date
then drops out of the chain for 注册 and 开工, which may both precede it.
"""

from dataclasses import asdict, dataclass
from datetime import date

ORDER = ("lead_on", "signed_on", "registered_on", "started_on", "producing_on", "operating_on")
LABELS = {
    "lead_on": "线索日期",
    "signed_on": "签约日期",
    "registered_on": "注册（落地）日期",
    "started_on": "开工日期",
    "producing_on": "投产日期",
    "operating_on": "达效日期",
}
CONFIRM_START_BEFORE_SIGNING = "确认开工早于签约"


@dataclass(frozen=True)
class ProjectDates:
    """A project's dates as far as they are known."""

    lead_on: date | None = None
    signed_on: date | None = None
    registered_on: date | None = None
    started_on: date | None = None
    producing_on: date | None = None
    operating_on: date | None = None

    @property
    def starts_before_signing(self) -> bool:
        return bool(self.started_on and self.signed_on and self.started_on < self.signed_on)

    def check(self, *, today: date | None = None,
              start_before_signing_confirmed: bool = False) -> dict[str, str]:
        return check_dates(**asdict(self), today=today,
                           start_before_signing_confirmed=start_before_signing_confirmed)


def check_dates(*, lead_on: date | None = None, signed_on: date | None = None,
                registered_on: date | None = None, started_on: date | None = None,
                producing_on: date | None = None, operating_on: date | None = None,
                today: date | None = None,
                start_before_signing_confirmed: bool = False) -> dict[str, str]:
    """What is wrong with these dates, by name; {} when they are plausible.

    `today` (Asia/Shanghai) refuses future dates; without it only the order is checked."""
    dates = {"lead_on": lead_on, "signed_on": signed_on, "registered_on": registered_on,
             "started_on": started_on, "producing_on": producing_on,
             "operating_on": operating_on}
    errors: dict[str, str] = {}
    if today is not None:
        for name, day in dates.items():
            if day is not None and day > today:
                errors[name] = (f"{LABELS[name]}不能晚于今天（{today.isoformat()}），"
                                f"所填为{day.isoformat()}")
                dates[name] = None  # already wrong: the others are not ordered against it

    early_start = bool(dates["started_on"] and dates["signed_on"]
                       and dates["started_on"] < dates["signed_on"])
    previous: tuple[str, date] | None = None  # the nearest earlier known date
    for name in ORDER:
        day = dates[name]
        if day is None:
            continue
        if previous is not None and day < previous[1]:
            errors.setdefault(name, _too_early(name, day, *previous))
        if not (early_start and name == "signed_on"):
            previous = (name, day)
    if early_start and not start_before_signing_confirmed:
        errors.setdefault("started_on", (
            f"开工日期（{dates['started_on'].isoformat()}）早于签约日期"
            f"（{dates['signed_on'].isoformat()}）：如确属先开工后签约，"
            f"请勾选“{CONFIRM_START_BEFORE_SIGNING}”"))
    return errors


def _too_early(name: str, day: date, earlier_name: str, earlier: date) -> str:
    return (f"{LABELS[name]}（{day.isoformat()}）不能早于"
            f"{LABELS[earlier_name]}（{earlier.isoformat()}）")
