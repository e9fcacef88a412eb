"""北京时间: times are stored in UTC and shown, counted and scheduled in Asia/Shanghai
(DESIGN.md). One home for the zone and for "today", whichever area asks."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


def today() -> date:
    """Today in Asia/Shanghai (a server in UTC would turn the day at 08:00 local time)."""
    return datetime.now(SHANGHAI).date()
