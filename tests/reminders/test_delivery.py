"""The outbox against a real SMTP server: outages, refusals, a stopped scheduler.

Proof 2 and 4 of the reminder issue; the figures are printed (run with -s to see them).
"""

from collections import Counter
from datetime import date

import sqlalchemy as sa
import time_machine

from crm.extensions import db
from crm.models import (
    MailAttempt,
    MailStatus,
    OutboxMessage,
    Project,
    Reminder,
    ReminderKind,
    User,
)
from crm.reminders import dispatch, outbox, plan, schedule
from tests.reminders.conftest import SmtpSink, local, utc

DUE = date(2026, 11, 4)  # a Wednesday


def due_projects(app, users, count, owner="alice"):
    with app.app_context():
        db.session.add_all(Project(name=f"测试项目{i:04d}", owner_id=users[owner],
                                   next_followup_at=DUE) for i in range(count))
        db.session.commit()


def drain_at(app, when):
    with time_machine.travel(when, tick=False):
        return schedule.drain(app)


def statuses(rows):
    return Counter(rows(sa.select(OutboxMessage.status)))


def test_smtp_down_then_back_delivers_every_message_once(app, users, holidays, rows,
                                                         client_for):
    down = SmtpSink()  # not started: connections are refused
    app.config.update(SMTP_PORT=down.port, SMTP_TIMEOUT=5)
    due_projects(app, users, 200)
    first = drain_at(app, local(2026, 11, 4, 8, 10))
    assert first["failed"] == 200 and first["sent"] == 0  # (the week's digest had nothing)
    assert statuses(rows) == {MailStatus.retrying: 200}
    assert client_for("alice").get("/").status_code == 200  # the web app answers meanwhile
    assert drain_at(app, local(2026, 11, 4, 8, 10))["failed"] == 0  # backoff: no retry yet

    up = SmtpSink(down.port).start()
    try:
        second = drain_at(app, local(2026, 11, 4, 8, 12))
    finally:
        up.stop()
    ids = up.message_ids()
    print(f"\nSMTP outage: {first['failed']} failed attempts, then {second['sent']} delivered, "
          f"{len(ids) - len(set(ids))} duplicates")
    assert len(ids) == len(set(ids)) == 200
    assert statuses(rows) == {MailStatus.sent: 200}
    attempts = Counter(rows(sa.select(MailAttempt.ok)))
    assert attempts == {False: 200, True: 200}


def test_a_refused_address_is_parked_and_resent_after_the_fix(app, smtp, users, holidays,
                                                              rows):
    due_projects(app, users, 1)
    smtp.refuse = True
    drain_at(app, local(2026, 11, 4, 8, 10))
    assert statuses(rows) == {MailStatus.undeliverable: 1}
    assert rows(sa.select(OutboxMessage.last_error))[0].startswith("邮件服务器拒绝（550")

    smtp.refuse = False
    with time_machine.travel(local(2026, 11, 4, 8, 15), tick=False), app.app_context():
        db.session.get(User, users["alice"]).email = "alice.li@zsj.example.com"
        outbox.resend(db.session.scalar(sa.select(OutboxMessage)))
        db.session.commit()
    drain_at(app, local(2026, 11, 4, 8, 20))
    assert [m["To"].addresses[0].addr_spec for m in smtp.messages] == [
        "alice.li@zsj.example.com"]


def test_a_failing_message_is_parked_after_the_last_attempt(app, users, holidays, rows):
    app.config.update(SMTP_PORT=SmtpSink().port, OUTBOX_MAX_ATTEMPTS=3)
    due_projects(app, users, 1)
    for minute in (10, 12, 20):  # backoff 1 min, then 2 min
        drain_at(app, local(2026, 11, 4, 8, minute))
    assert rows(sa.select(OutboxMessage.status, OutboxMessage.attempts)) == [
        (MailStatus.undeliverable, 3)]


def test_backoff_doubles_up_to_the_cap(app):
    with app.app_context():
        waits = [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 7, 8, 20)]
    assert waits == [60, 120, 240, 3600, 3600, 3600]


def test_a_scheduler_stopped_for_two_hours_catches_up_once(app, smtp, make_project, followup,
                                                           users, holidays):
    project = make_project(owner="alice")
    followup(project, date(2026, 11, 2), next_due_date=DUE, author="alice")
    drain_at(app, local(2026, 11, 4, 7, 0))  # last run before the stop
    assert smtp.messages == []
    # Stopped from 07:00 to 09:00: the 08:00 reminder and the 08:30 digest fell in the gap.
    drain_at(app, local(2026, 11, 4, 9, 0))
    drain_at(app, local(2026, 11, 4, 9, 1))
    drain_at(app, local(2026, 11, 4, 11, 0))
    subjects = sorted(m["Subject"] for m in smtp.to("alice@"))
    print(f"\nafter a two-hour stop: {subjects}")
    assert subjects == ["【每日摘要】11月4日：1项跟进到期或逾期",
                        "【跟进提醒】光伏组件项目：今天应跟进"]


def test_a_reminder_that_cannot_be_rendered_does_not_block_the_others(app, smtp, users,
                                                                      holidays, rows):
    due_projects(app, users, 1)
    with app.app_context():  # a digest whose reader is missing: rendering it raises
        db.session.add(Reminder(kind=ReminderKind.daily_digest, subject="user:0",
                                due_on=DUE, send_at=utc(2026, 11, 4, 8)))
        db.session.commit()
    drain_at(app, local(2026, 11, 4, 8, 10))
    assert len(smtp.messages) == 1
    assert "生成邮件时出错，已记入系统日志" in rows(sa.select(Reminder.outcome))


def test_a_malformed_address_is_parked_not_retried(app, smtp, users, holidays, rows):
    due_projects(app, users, 2)
    with time_machine.travel(local(2026, 11, 4, 8, 1), tick=False), app.app_context():
        plan.plan_all()
        dispatch.dispatch_due()  # writes the two messages; nothing is sent yet
        first = db.session.scalar(sa.select(OutboxMessage).order_by(OutboxMessage.id))
        first.to_addr = "alice@zsj.example.com\nBcc: someone@example.com"  # header injection
        db.session.commit()
    drain_at(app, local(2026, 11, 4, 8, 10))
    assert len(smtp.messages) == 1
    assert statuses(rows) == {MailStatus.undeliverable: 1, MailStatus.sent: 1}
    assert rows(sa.select(OutboxMessage.last_error).where(
        OutboxMessage.status == MailStatus.undeliverable))[0].startswith("邮件内容或收件地址无效")
