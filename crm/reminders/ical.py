"""The calendar feed: my due follow-ups as all-day events, for the calendar app on my phone.

Calendar apps fetch the address on their own, with no session and no CSRF token, so the
address itself is the secret (reminders.views stores only its SHA-256). A feed shows only
what its owner may read right now: the same mine/readable rules as 我的工作台, and
confidential projects by their code name, since phones show events on the lock screen.
"""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Response, abort, current_app
from icalendar import Calendar, Event

from crm.access import readable_clause
from crm.domain.stages import Status
from crm.extensions import db
from crm.models import Project, ReminderPreference, User
from crm.reminders import mail
from crm.reminders.blueprint import bp
from crm.reminders.clock import local_today
from crm.reminders.views import RECEIVERS, token_digest
from crm.workbench import mine_clause

PAST = timedelta(days=90)
AHEAD = timedelta(days=365)
MAX_EVENTS = 2000  # a leader's 包联 list is a few hundred; the cap keeps the feed flat


def _owner(token: str) -> User:
    user = db.session.scalar(
        sa.select(User).join(ReminderPreference, ReminderPreference.user_id == User.id)
        .where(ReminderPreference.ical_token_hash == token_digest(token)))
    # A disabled account, or one that became a reporter, loses its feed with its reminders.
    if user is None or not user.active or user.role not in RECEIVERS:
        abort(404)
    return user


def due_projects(user: User, today) -> list[Project]:
    return list(db.session.scalars(
        sa.select(Project).where(
            readable_clause(user), mine_clause(user), Project.status == Status.normal,
            Project.next_followup_at.between(today - PAST, today + AHEAD))
        .order_by(Project.next_followup_at, Project.id).limit(MAX_EVENTS)))


def build(projects: list[Project]) -> bytes:
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "crm"
    stamp = datetime.now(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//招商CRM//跟进日程//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "招商CRM 跟进日程")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    calendar.add("x-published-ttl", "PT1H")  # how often Outlook and Google refetch
    for project in projects:
        day = project.next_followup_at
        link = mail.absolute_url("projects.detail", project_id=project.id)
        event = Event()
        # Stable per project and date: a new date is a new event, the old one disappears.
        event.add("uid", f"followup-due-{project.id}-{day:%Y%m%d}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", "跟进：" + mail.project_label(project))
        event.add("description", f"约定的下次跟进日期。跟进后请在项目页登记对接记录：\n{link}")
        event.add("url", link)
        event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the day stays free
        calendar.add_component(event)
    return calendar.to_ical()


@bp.get("/calendar/<string(maxlength=100):token>.ics")
def calendar_feed(token: str):
    user = _owner(token)
    body = build(due_projects(user, local_today()))
    return Response(body, content_type="text/calendar; charset=utf-8", headers={
        "Cache-Control": "no-store",
        "Content-Disposition": 'inline; filename="followups.ics"',
        "X-Robots-Tag": "noindex",
    })
