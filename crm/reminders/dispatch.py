"""Dispatching reminders: each due reminder becomes outbox messages, in one transaction.

Claiming is a conditional UPDATE (dispatched_at IS NULL -> now) that must change exactly one
row (STYLE.md 8), and on PostgreSQL the batch is read FOR UPDATE SKIP LOCKED so a second
scheduler takes other rows instead of waiting. The claim, the checks and the outbox rows
commit together: a crash leaves the reminder undispatched, never half-done.

Nothing goes out on a non-working day or before 08:00 (the holiday table may have changed
since a reminder was planned), so what is due then waits for the next working morning.
"""

import logging
from datetime import datetime

import sqlalchemy as sa

from crm.access import can_read
from crm.domain.stages import IN_TALKS, Status
from crm.extensions import db
from crm.models import (
    FollowUp,
    OutboxMessage,
    Project,
    Reminder,
    ReminderKind,
    ReminderPreference,
    User,
    utcnow,
)
from crm.reminders import digests, mail
from crm.reminders.clock import DUE_AT, Calendar, local_now

K = ReminderKind
BATCH = 200
log = logging.getLogger(__name__)


def dispatch_due(now: datetime | None = None, limit: int = BATCH) -> int:
    """Dispatch up to `limit` due reminders; returns how many were claimed."""
    now = now or utcnow()
    local = local_now(now)
    calendar = Calendar()
    if not calendar.is_workday(local.date()) or local.time() < DUE_AT:
        return 0
    claimed = 0
    for reminder in db.session.scalars(due_query(now, limit)).all():
        won = db.session.execute(
            sa.update(Reminder).where(Reminder.id == reminder.id,
                                      Reminder.dispatched_at.is_(None))
            .values(dispatched_at=now).execution_options(synchronize_session=False)).rowcount
        if won != 1:
            continue
        claimed += 1
        # A savepoint per reminder: one that cannot be rendered (bad data, a template
        # fault) is recorded and logged instead of rolling back, and so blocking, the batch.
        try:
            with db.session.begin_nested():
                outcome = _dispatch(reminder, local.date(), calendar)
        except Exception:
            log.exception("reminder %s could not be dispatched", reminder.id)
            outcome = "生成邮件时出错，已记入系统日志"
        reminder.outcome = outcome[:200]
    db.session.commit()
    return claimed


def due_query(now: datetime, limit: int):
    """Due and not dispatched: read through the partial index on (send_at, id), so its cost
    per reminder does not grow with the table (scripts/bench_reminders.py measures it)."""
    query = (sa.select(Reminder).where(Reminder.dispatched_at.is_(None), Reminder.send_at <= now)
             .order_by(Reminder.send_at, Reminder.id).limit(limit))
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return query


def _dispatch(reminder: Reminder, today, calendar: Calendar) -> str:
    """Write the reminder's messages; return what happened, in words for 我的提醒 and admins."""
    if reminder.kind in (K.daily_digest, K.weekly_digest):
        return _dispatch_digest(reminder, today, calendar)
    project = db.session.get(Project, reminder.project_id)
    why_not = _no_longer_due(reminder, project)
    if why_not:
        return why_not
    people = _recipients(reminder, project)
    written = 0
    for user in people:
        if not can_read(user, project):
            continue  # only people who may read the project hear anything about it
        rendered = _render(reminder, user, project, today, calendar)
        written += _enqueue(reminder, user, rendered, project)
    if written:
        return f"已生成{written}封邮件"
    return "无可通知的收件人（无权限、已停用或已关闭此类邮件）"


def _no_longer_due(reminder: Reminder, project: Project | None) -> str:
    if project is None or project.status != Status.normal:
        return "项目已不在跟进中"
    if reminder.kind in (K.due, K.escalation):
        if project.next_followup_at != reminder.due_on:
            return "已有新的对接记录，跟进日期已变更"
        return ""
    since = project.last_contact_at or local_now(project.created_at).date()
    if project.stage not in IN_TALKS or since != reminder.due_on:
        return "已有新的对接记录或项目阶段已变化"
    return ""


def _recipients(reminder: Reminder, project: Project) -> list[User]:
    if reminder.kind == K.due:
        author = db.session.scalar(
            sa.select(FollowUp.author_id).where(FollowUp.project_id == project.id)
            .order_by(FollowUp.contact_date.desc(), FollowUp.id.desc()).limit(1))
        ids = [author, project.owner_id]  # who promised the next step, and the owner
    elif reminder.kind == K.escalation:
        ids = [project.leader_id]
    elif reminder.kind == K.stale:
        ids = [project.owner_id]
    else:
        ids = [project.owner_id, project.leader_id]
    unique = list(dict.fromkeys(i for i in ids if i is not None))
    return [db.session.get(User, i) for i in unique]


def _render(reminder: Reminder, user: User, project: Project, today, calendar: Calendar):
    if reminder.kind == K.due:
        return mail.due(user, project, reminder)
    if reminder.kind == K.escalation:
        overdue = calendar.between(calendar.on_or_after(reminder.due_on), today)
        return mail.escalation(user, project, reminder, max(overdue, 1))
    days = (today - reminder.due_on).days
    return mail.stale(user, project, reminder, days)


def _dispatch_digest(reminder: Reminder, today, calendar: Calendar) -> str:
    user = db.session.get(User, reminder.user_id)
    if reminder.kind == K.daily_digest and reminder.due_on != today:
        return "已过当日，不再发送"
    if reminder.kind == K.weekly_digest and calendar.first_of_week(today) != reminder.due_on:
        return "已过当周，不再发送"
    if reminder.kind == K.daily_digest:
        digest = digests.daily(user, today, calendar.previous(today))
        rendered = None if digest.empty else mail.daily_digest(user, digest, today)
    else:
        digest = digests.weekly(user, today)
        rendered = None if digest.empty else mail.weekly_digest(user, digest)
    if rendered is None:
        return "没有需要提醒的内容"
    written = _enqueue(reminder, user, rendered, None, confidential=digest.confidential)
    return "已生成1封邮件" if written else "收件人已停用或已关闭此类邮件"


def wants(user: User, kind: ReminderKind) -> bool:
    preference = db.session.get(ReminderPreference, user.id)
    return preference is None or getattr(preference, kind.preference)


def _enqueue(reminder: Reminder, user: User, rendered, project: Project | None,
             confidential: bool | None = None) -> int:
    if not (user and user.active and user.email and wants(user, reminder.kind)):
        return 0
    db.session.add(OutboxMessage(
        reminder_id=reminder.id, kind=reminder.kind, user_id=user.id,
        project_id=project.id if project else None,
        confidential=bool(project.confidential) if project else bool(confidential),
        to_addr=user.email, subject=rendered.subject[:300], body_text=rendered.text,
        body_html=rendered.html, message_id=mail.message_id(reminder, user.id)))
    return 1
