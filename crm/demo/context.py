"""What the demo builders share while the county is being loaded."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from crm.models import (
    Activity,
    Company,
    Contact,
    DictItem,
    DictKind,
    Org,
    Project,
    User,
    utcnow,
)


@dataclass
class Ctx:
    rng: random.Random
    today: date
    items: dict[tuple[DictKind, str], DictItem]
    orgs: dict[str, Org]
    users: dict[str, User]
    companies: dict[str, Company] = field(default_factory=dict)
    contacts: dict[str, list[Contact]] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)

    def item(self, kind: DictKind, code: str) -> DictItem:
        return self.items[kind, code]

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def moment(self, day: date) -> datetime:
        """A time during the Shanghai working day on `day`, stored as naive UTC like utcnow()."""
        at = datetime.combine(day, time(0, 30)) + timedelta(minutes=self.rng.randrange(480))
        return min(at, utcnow())  # never in the future, even for today
