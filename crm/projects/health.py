"""The health colour of a project (绿/黄/红), one rule in two forms.

`colour_of` answers for one loaded project (pages, the board, e-mails); `clause` is the same
rule as SQL, for list filters and counts. Both read crm.domain.stages.health_colour's
thresholds (2 and 3 calendar months without progress), and tests/projects/test_health_rule.py
checks that they agree on every boundary day.
"""

from datetime import date

import sqlalchemy as sa

from crm.domain.stages import Health, Status, add_months, health_applies, health_colour
from crm.models import Project


def colour_of(project: Project, day: date) -> Health | None:
    """The project's colour on `day`, or None where colour does not apply (paused, inactive)."""
    if not health_applies(project.status):
        return None
    return health_colour(project.last_progress_at, day, project.created_at.date())


def progress_since():
    # A project nobody has touched since it was entered has made no progress since then.
    return sa.func.coalesce(Project.last_progress_at, sa.func.date(Project.created_at,
                                                                   type_=sa.Date))


def clause(health: Health, today: date):
    """Projects of this colour on `today` (status 正常 only, as in colour_of)."""
    yellow, red = add_months(today, -2), add_months(today, -3)
    since = progress_since()
    colour = {Health.green: since > yellow,
              Health.yellow: sa.and_(since <= yellow, since > red),
              Health.red: since <= red}[health]
    return sa.and_(Project.status == Status.normal, colour)
