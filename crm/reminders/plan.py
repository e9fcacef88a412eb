"""Raising reminders: what is due, for whom, on which working day.

Every reminder is inserted with "insert, or do nothing if its key exists" (kind + due date +
what it is about), so the follow-up save, a scan and a second scheduler scanning at the same
moment can all try and only one row results. Scans only look at rows through indexed columns
(next follow-up date, last contact date, the reminders' own keys).
"""

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from crm import settings
from crm.domain.stages import IN_TALKS, PipelineClass, Status
from crm.extensions import db
from crm.models import Project, Reminder, ReminderKind, Role, User, utcnow
from crm.reminders.clock import DIGEST_AT, DUE_AT, Calendar, at_local, local_now

K = ReminderKind
# A scan raises due reminders and escalations for dates at most this far back, so the first
# run on an old database does not mail every follow-up missed in past years (the daily digest
# and the project list still show them as overdue).
DUE_CATCHUP_DAYS = 14
ESCALATION_CATCHUP_DAYS = 60
DIGEST_ROLES = (Role.staff, Role.liaison, Role.leader, Role.admin)
_CHUNK = 500  # rows per INSERT: well under SQLite's bound-parameter limit


def project_subject(project_id: int) -> str:
    return f"project:{project_id}"


def user_subject(user_id: int) -> str:
    return f"user:{user_id}"


def insert_ignoring_duplicates(rows: list[dict]) -> int:
    """Insert reminder rows; a row whose (kind, due_on, subject) exists is silently skipped."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    added = 0
    for start in range(0, len(rows), _CHUNK):
        statement = insert(Reminder).values(rows[start:start + _CHUNK]).on_conflict_do_nothing(
            index_elements=["kind", "due_on", "subject"]).returning(Reminder.id)
        # Counted from RETURNING: psycopg reports no rowcount for this statement.
        added += len(db.session.execute(statement).all())
    return added


def _project_row(kind: K, project_id: int, due_on: date, send_at: datetime) -> dict:
    return {"kind": kind, "subject": project_subject(project_id), "due_on": due_on,
            "project_id": project_id, "send_at": send_at, "created_at": utcnow(), "outcome": ""}


def plan_due(project: Project, calendar: Calendar | None = None) -> None:
    """Called whenever a project's next follow-up date is set (crm.followups.dates)."""
    if project.next_followup_at is None or project.id is None:
        return
    due = project.next_followup_at
    calendar = calendar or Calendar.from_(due)
    insert_ignoring_duplicates([_project_row(
        K.due, project.id, due, at_local(calendar.on_or_after(due), DUE_AT))])


def plan_all(now: datetime | None = None) -> dict[str, int]:
    """One scan: every reminder whose moment has come and that does not exist yet."""
    now = now or utcnow()
    today = local_now(now).date()
    calendar = Calendar()
    rules = settings.values()
    counts = {
        "due": _plan_due_dates(today, calendar),
        "escalation": _plan_escalations(today, calendar, rules),
        "stale": _plan_stale(today, calendar, rules),
        "digests": _plan_digests(now, today, calendar),
    }
    db.session.commit()
    return counts


def _missing(kind: K, date_column):
    """No reminder of this kind exists yet for the project and that date."""
    return ~sa.select(Reminder.id).where(
        Reminder.project_id == Project.id, Reminder.kind == kind,
        Reminder.due_on == date_column).exists()


def _plan_due_dates(today: date, calendar: Calendar) -> int:
    # A safety net beside plan_due: dates written by the demo loader, imports or SQL.
    found = db.session.execute(sa.select(Project.id, Project.next_followup_at).where(
        Project.status == Status.normal,
        Project.next_followup_at.between(today - timedelta(days=DUE_CATCHUP_DAYS), today),
        _missing(K.due, Project.next_followup_at))).all()
    return insert_ignoring_duplicates([
        _project_row(K.due, pid, due, at_local(calendar.on_or_after(due), DUE_AT))
        for pid, due in found])


def escalation_day(due: date, workdays: int, calendar: Calendar) -> date:
    """The working day on which a follow-up due on `due` has been overdue `workdays` days."""
    return calendar.add(calendar.on_or_after(due), workdays)


def _latest_due_escalating_by(today: date, workdays: int, calendar: Calendar) -> date:
    # escalation_day() never decreases as the due date grows, so walk back from today.
    due = today
    while escalation_day(due, workdays, calendar) > today:
        due -= timedelta(days=1)
    return due


def _plan_escalations(today: date, calendar: Calendar, rules: dict[str, int]) -> int:
    rows = []
    for pipeline_class, rule in ((PipelineClass.A, "A"), (PipelineClass.B, "B"),
                                 (PipelineClass.C, "C"), (None, "B")):
        workdays = rules[f"escalation_workdays_{rule}"]
        cutoff = _latest_due_escalating_by(today, workdays, calendar)
        in_class = (Project.pipeline_class.is_(None) if pipeline_class is None
                    else Project.pipeline_class == pipeline_class)
        found = db.session.execute(sa.select(Project.id, Project.next_followup_at).where(
            Project.status == Status.normal, Project.leader_id.is_not(None), in_class,
            Project.next_followup_at.between(
                today - timedelta(days=ESCALATION_CATCHUP_DAYS), cutoff),
            _missing(K.escalation, Project.next_followup_at))).all()
        rows += [_project_row(K.escalation, pid, due,
                              at_local(escalation_day(due, workdays, calendar), DUE_AT))
                 for pid, due in found]
    return insert_ignoring_duplicates(rows)


def _plan_stale(today: date, calendar: Calendar, rules: dict[str, int]) -> int:
    """No follow-up for N days. The episode is the last contact date (or the day the project
    was entered, when nobody has contacted the investor yet): a new contact starts a new one."""
    owner_days, leader_days = rules["stale_days"], rules["stale_leader_days"]
    rows = []
    for kind, days in ((K.stale, owner_days), (K.stale_leader, leader_days)):
        threshold = today - timedelta(days=days)
        talking = [Project.stage.in_(IN_TALKS), Project.status == Status.normal]
        if kind == K.stale:
            # Past the leader's threshold the leader's alert (to both) replaces the owner's.
            talking.append(sa.or_(Project.last_contact_at.is_(None),
                                  Project.last_contact_at > today - timedelta(days=leader_days)))
        contacted = db.session.execute(sa.select(Project.id, Project.last_contact_at).where(
            *talking, Project.last_contact_at <= threshold,
            _missing(kind, Project.last_contact_at))).all()
        never = db.session.execute(sa.select(Project.id, Project.created_at).where(
            *talking, Project.last_contact_at.is_(None),
            Project.created_at < at_local(threshold + timedelta(days=1), datetime.min.time()),
            ~sa.select(Reminder.id).where(Reminder.project_id == Project.id,
                                          Reminder.kind == kind).exists())).all()
        episodes = [(pid, day) for pid, day in contacted]
        episodes += [(pid, local_now(created).date()) for pid, created in never]
        rows += [_project_row(kind, pid, since,
                              at_local(calendar.on_or_after(since + timedelta(days=days)),
                                       DUE_AT))
                 for pid, since in episodes]
    return insert_ignoring_duplicates(rows)


def _plan_digests(now: datetime, today: date, calendar: Calendar) -> int:
    rows = []
    if calendar.is_workday(today) and local_now(now).time() >= DIGEST_AT:
        rows += _digest_rows(K.daily_digest, today, DIGEST_ROLES)
    first = calendar.first_of_week(today)
    if first is not None and now >= at_local(first, DIGEST_AT):
        rows += _digest_rows(K.weekly_digest, first, (Role.leader,))
    return insert_ignoring_duplicates(rows)


def _digest_rows(kind: K, day: date, roles) -> list[dict]:
    existing = set(db.session.scalars(sa.select(Reminder.subject).where(
        Reminder.kind == kind, Reminder.due_on == day)))
    users = db.session.scalars(sa.select(User.id).where(
        User.active.is_(True), User.role.in_(roles))).all()
    send_at = at_local(day, DIGEST_AT)
    return [{"kind": kind, "subject": user_subject(uid), "due_on": day, "user_id": uid,
             "send_at": send_at, "created_at": utcnow(), "outcome": ""}
            for uid in users if user_subject(uid) not in existing]
