"""The health colour's Python form (one project) and SQL form (lists) agree on every boundary.

Around 2 and 3 calendar months without progress, and for a project never touched since it
was entered, each project's colour_of() must equal the colour whose clause() selects it.
"""

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from crm.domain.stages import Health, Status, add_months
from crm.extensions import db
from crm.models import Project
from crm.projects import health

TODAY = date(2026, 3, 31)  # month ends make the calendar-month arithmetic interesting


def _progress_days() -> list[date | None]:
    days = [None]  # never touched: counted from its creation
    for months in (2, 3):
        edge = add_months(TODAY, -months)
        days += [edge - timedelta(days=1), edge, edge + timedelta(days=1)]
    return days + [TODAY, date(2025, 2, 28), date(2024, 2, 29)]


def test_python_and_sql_give_every_project_the_same_colour(app):
    with app.app_context():
        created = datetime(2025, 12, 31, 9, 0)  # 3 months before TODAY, to the day
        ids = []
        for day in _progress_days():
            project = Project(name=f"项目{day}", last_progress_at=day, created_at=created)
            db.session.add(project)
            db.session.flush()
            ids.append(project.id)
        db.session.add(Project(name="暂缓项目", status=Status.paused, last_progress_at=TODAY))
        db.session.commit()
        by_sql = {}
        for colour in Health:
            for pid in db.session.scalars(sa.select(Project.id).where(
                    health.clause(colour, TODAY))):
                assert pid not in by_sql, "a project selected by two colours"
                by_sql[pid] = colour
        by_python = {p.id: health.colour_of(p, TODAY)
                     for p in db.session.scalars(sa.select(Project))}
        assert by_sql == {pid: colour for pid, colour in by_python.items() if colour}
        assert set(by_sql) == set(ids)  # the paused project has no colour in either form
        # The boundaries themselves, as DESIGN.md words them: exactly 2 months is 黄.
        assert [by_python[pid] for pid in ids[1:7]] == [
            Health.yellow, Health.yellow, Health.green, Health.red, Health.red, Health.yellow]
