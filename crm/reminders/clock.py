"""Local time and working days for the scheduler: Asia/Shanghai, the holiday table."""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from crm.domain import workdays
from crm.extensions import db
from crm.localtime import SHANGHAI, UTC
from crm.models import Holiday, utcnow

DUE_AT = time(8, 0)  # reminders go out at the start of the working day
DIGEST_AT = time(8, 30)  # the issue fixes the digests at 08:30


def local_now(now: datetime | None = None) -> datetime:
    """Naive UTC (as stored) -> aware Asia/Shanghai."""
    return (now or utcnow()).replace(tzinfo=UTC).astimezone(SHANGHAI)


def local_today(now: datetime | None = None) -> date:
    return local_now(now).date()


def at_local(day: date, moment: time) -> datetime:
    """`moment` on `day` in Asia/Shanghai, as the naive UTC the tables store."""
    return datetime.combine(day, moment, SHANGHAI).astimezone(UTC).replace(tzinfo=None)


class Calendar:
    """The holiday table, loaded once per scan: {date: is_workday} overrides of Monday-Friday."""

    def __init__(self, overrides: dict[date, bool] | None = None):
        if overrides is None:
            overrides = dict(db.session.execute(sa.select(Holiday.day, Holiday.is_workday)).all())
        self.overrides = overrides

    @classmethod
    def from_(cls, day: date, days: int = 60) -> "Calendar":
        """Only the entries from `day` on: enough for on_or_after(), read on every save."""
        return cls(dict(db.session.execute(sa.select(Holiday.day, Holiday.is_workday).where(
            Holiday.day.between(day, day + timedelta(days=days)))).all()))

    def is_workday(self, day: date) -> bool:
        return workdays.is_workday(day, self.overrides)

    def on_or_after(self, day: date) -> date:
        """The day itself if it is a working day, else the next one (国庆 -> the day after)."""
        return day if self.is_workday(day) else workdays.add_workdays(day, 1, self.overrides)

    def between(self, start: date, end: date) -> int:
        """Working days in (start, end]: due Friday, looked at on Tuesday -> 2."""
        return workdays.workdays_between(start, end, self.overrides)

    def add(self, day: date, n: int) -> date:
        return workdays.add_workdays(day, n, self.overrides)

    def first_of_week(self, day: date) -> date | None:
        """The first working day of day's Monday-Sunday week, or None if it has none."""
        monday = day - timedelta(days=day.weekday())
        for offset in range(7):
            if self.is_workday(monday + timedelta(days=offset)):
                return monday + timedelta(days=offset)
        return None

    def previous(self, day: date) -> date:
        return workdays.add_workdays(day, -1, self.overrides)
