"""Planning: which reminder rows exist, for which date, and when they may go out."""

from datetime import date

import sqlalchemy as sa
import time_machine

from crm.domain.stages import PipelineClass, Stage
from crm.extensions import db
from crm.models import Holiday, Reminder, ReminderKind, Setting
from crm.reminders import plan
from tests.reminders.conftest import local, utc

K = ReminderKind


def reminders(rows, kind=None):
    query = sa.select(Reminder.kind, Reminder.subject, Reminder.due_on, Reminder.send_at)
    if kind:
        query = query.where(Reminder.kind == kind)
    return rows(query.order_by(Reminder.id))


def scan(app, when):
    with time_machine.travel(when, tick=False), app.app_context():
        return plan.plan_all()


def test_it_plans_the_due_reminder_with_the_followup_for_8_oclock(app, make_project, followup,
                                                                 holidays, rows):
    project = make_project()
    followup(project, date(2026, 11, 2), next_due_date=date(2026, 11, 4))
    assert reminders(rows) == [(K.due, f"project:{project}", date(2026, 11, 4),
                                utc(2026, 11, 4, 8))]


def test_a_date_on_the_national_holiday_goes_out_on_the_next_working_day(
        app, make_project, followup, holidays, rows):
    # 2026-10-01..07 are 国庆; the State Council's table (chinesecalendar) makes 10-08 a
    # working day, so a follow-up due on 10-03 is reminded on the morning of 10-08.
    project = make_project()
    followup(project, date(2026, 9, 28), next_due_date=date(2026, 10, 3))
    assert reminders(rows)[0][3] == utc(2026, 10, 8, 8)


def test_two_scans_and_the_save_raise_one_reminder(app, make_project, followup, holidays,
                                                   rows):
    project = make_project()
    followup(project, date(2026, 11, 2), next_due_date=date(2026, 11, 4))
    scan(app, local(2026, 11, 4, 9))
    scan(app, local(2026, 11, 4, 9))
    assert len(reminders(rows, K.due)) == 1


def test_a_duplicate_insert_is_ignored_by_the_unique_key(app, make_project):
    project = make_project()
    row = {"kind": K.due, "subject": f"project:{project}", "due_on": date(2026, 11, 4),
           "project_id": project, "send_at": utc(2026, 11, 4, 8)}
    with app.app_context():
        assert plan.insert_ignoring_duplicates([dict(row)]) == 1
        assert plan.insert_ignoring_duplicates([dict(row), dict(row)]) == 0
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(Reminder.id))) == 1


def test_escalation_waits_the_class_a_working_days(app, make_project, followup, users,
                                                   holidays, rows):
    project = make_project(leader_id=users["leader"], pipeline_class=PipelineClass.A)
    followup(project, date(2026, 10, 30), next_due_date=date(2026, 11, 5))  # a Thursday
    scan(app, local(2026, 11, 6, 9))  # Friday: 1 working day overdue
    assert reminders(rows, K.escalation) == []
    scan(app, local(2026, 11, 9, 9))  # Monday: 2 working days
    assert reminders(rows, K.escalation) == [
        (K.escalation, f"project:{project}", date(2026, 11, 5), utc(2026, 11, 9, 8))]


def test_escalation_days_are_admin_settings(app, make_project, followup, users, holidays,
                                            rows):
    project = make_project(leader_id=users["leader"], pipeline_class=PipelineClass.C)
    with app.app_context():
        db.session.add(Setting(name="escalation_workdays_C", value=1))
        db.session.commit()
    followup(project, date(2026, 10, 30), next_due_date=date(2026, 11, 5))
    scan(app, local(2026, 11, 6, 9))
    assert len(reminders(rows, K.escalation)) == 1


def test_a_new_followup_starts_a_new_overdue_episode(app, make_project, followup, users,
                                                      holidays, rows):
    project = make_project(leader_id=users["leader"], pipeline_class=PipelineClass.A)
    followup(project, date(2026, 10, 30), next_due_date=date(2026, 11, 2))
    scan(app, local(2026, 11, 6, 9))
    followup(project, date(2026, 11, 6), next_due_date=date(2026, 11, 10))
    scan(app, local(2026, 11, 6, 10))
    scan(app, local(2026, 11, 13, 9))
    assert [r[2] for r in reminders(rows, K.escalation)] == [date(2026, 11, 2),
                                                            date(2026, 11, 10)]


def test_no_contact_for_30_days_alerts_the_owner_and_at_60_the_leader(
        app, make_project, followup, users, holidays, rows):
    project = make_project(stage=Stage.negotiation, leader_id=users["leader"])
    followup(project, date(2026, 9, 1))
    scan(app, local(2026, 9, 30, 9))
    assert reminders(rows, K.stale) == []
    scan(app, local(2026, 10, 9, 9))  # 10-01 is day 30, in 国庆: raised for 10-08
    assert [r[3] for r in reminders(rows, K.stale)] == [utc(2026, 10, 8, 8)]
    scan(app, local(2026, 11, 2, 9))  # day 62; day 60 (10-31) was a Saturday
    assert [r[3] for r in reminders(rows, K.stale_leader)] == [utc(2026, 11, 2, 8)]


def test_no_daily_digest_during_the_national_holiday(app, users, holidays, rows):
    for day in range(1, 8):
        scan(app, local(2026, 10, day, 9))
    assert reminders(rows, K.daily_digest) == []


def test_the_digest_comes_on_the_makeup_saturday_at_half_past_eight(app, users, holidays,
                                                                    rows):
    scan(app, local(2026, 10, 10, 8, 29))
    assert reminders(rows, K.daily_digest) == []
    scan(app, local(2026, 10, 10, 8, 30))
    digests = reminders(rows, K.daily_digest)
    assert len(digests) == 5  # every role but the reporter
    assert {r[3] for r in digests} == {utc(2026, 10, 10, 8, 30)}


def test_the_weekly_digest_is_for_leaders_on_the_first_working_day(app, users, holidays, rows):
    scan(app, local(2026, 10, 9, 9))  # the week of 国庆: its first working day is Thu 10-08
    assert reminders(rows, K.weekly_digest) == [
        (K.weekly_digest, f"user:{users['leader']}", date(2026, 10, 8), utc(2026, 10, 8, 8, 30))]


def test_beyond_the_holiday_table_it_counts_monday_to_friday(app, users, holidays, rows):
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Holiday).where(
            Holiday.day >= date(2027, 1, 1))) == 0
    scan(app, local(2027, 1, 1, 9))  # 元旦 2027 is not in the table yet: a plain Friday
    scan(app, local(2027, 1, 2, 9))  # Saturday
    assert [r[2] for r in reminders(rows, K.daily_digest)] == [date(2027, 1, 1)] * 5
