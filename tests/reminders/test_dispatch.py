"""Dispatch and delivery of each kind of reminder, received by a real SMTP server."""

from datetime import date, datetime

import sqlalchemy as sa
import time_machine

from crm.domain.stages import AgreementKind, PipelineClass, Stage
from crm.extensions import db
from crm.models import Agreement, OutboxMessage, Reminder, ReminderPreference, StageChange
from crm.reminders import schedule
from tests.conftest import ref
from tests.reminders.conftest import body, html, local

SECRET = dict(name="某央企总部项目", confidential=True, code_name="项目甲")


def run_at(app, when):
    with time_machine.travel(when, tick=False):
        return schedule.drain(app)


def test_the_owner_and_the_author_get_the_due_reminder_with_a_link(
        app, smtp, make_project, followup, users, holidays):
    project = make_project(owner="alice")
    followup(project, date(2026, 11, 2), next_due_date=date(2026, 11, 4), author="bob")
    run_at(app, local(2026, 11, 4, 8, 5))
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == [
        "alice@zsj.example.com", "bob@zsj.example.com"]
    mail = smtp.to("alice@")[0]
    assert "光伏组件项目" in mail["Subject"]
    assert f"/projects/{ref(project)}" in body(mail) and f"/projects/{ref(project)}" in html(mail)


def test_nothing_goes_out_before_eight(app, smtp, make_project, followup, holidays):
    followup(make_project(), date(2026, 11, 2), next_due_date=date(2026, 11, 4))
    run_at(app, local(2026, 11, 4, 7, 59))
    assert smtp.messages == []


def test_a_newer_followup_cancels_the_old_due_date(app, smtp, make_project, followup, rows,
                                                   holidays):
    project = make_project()
    followup(project, date(2026, 11, 2), next_due_date=date(2026, 11, 4))
    followup(project, date(2026, 11, 3), next_due_date=date(2026, 11, 20))
    run_at(app, local(2026, 11, 4, 8, 10))  # before the digests
    assert smtp.messages == []
    assert rows(sa.select(Reminder.outcome).where(Reminder.due_on == date(2026, 11, 4))) == [
        "已有新的对接记录，跟进日期已变更"]


def test_a_confidential_project_is_named_by_its_code_name_only(
        app, smtp, make_project, followup, users, holidays):
    project = make_project(owner="bob", members=("alice",), **SECRET)
    followup(project, date(2026, 11, 2), next_due_date=date(2026, 11, 4), author="alice")
    run_at(app, local(2026, 11, 4, 8, 10))  # before the digests
    assert len(smtp.messages) == 2
    for mail in smtp.messages:
        assert "项目甲" in mail["Subject"]
        text = mail["Subject"] + body(mail) + html(mail)
        assert "某央企总部项目" not in text and "央企" not in text


def test_someone_who_may_not_read_the_project_receives_nothing(
        app, smtp, make_project, followup, users, holidays, rows):
    # charlie (a liaison elsewhere) wrote the follow-up, then the project became confidential
    # without him on the team: he gets nothing about it, the owner gets the code name.
    project = make_project(owner="bob", **SECRET)
    followup(project, date(2026, 11, 2), next_due_date=date(2026, 11, 4), author="charlie")
    run_at(app, local(2026, 11, 4, 8, 10))  # before the digests
    assert [m["To"].addresses[0].addr_spec for m in smtp.messages] == ["bob@zsj.example.com"]
    assert rows(sa.select(OutboxMessage.user_id)) == [users["bob"]]


def test_a_switched_off_kind_is_not_mailed(app, smtp, make_project, followup, users, holidays):
    with app.app_context():
        db.session.add(ReminderPreference(user_id=users["alice"], due=False))
        db.session.commit()
    followup(make_project(owner="alice"), date(2026, 11, 2), next_due_date=date(2026, 11, 4))
    run_at(app, local(2026, 11, 4, 8, 10))  # before the digests
    assert smtp.to("alice@") == []


def test_the_leader_hears_of_an_overdue_class_a_followup(app, smtp, make_project, followup,
                                                         users, holidays):
    project = make_project(leader_id=users["leader"], pipeline_class=PipelineClass.A)
    followup(project, date(2026, 10, 30), next_due_date=date(2026, 11, 5))
    run_at(app, local(2026, 11, 9, 9))
    mail = smtp.to("leader@")
    assert [m["Subject"] for m in mail if "逾期上报" in m["Subject"]] == [
        "【逾期上报】光伏组件项目：跟进已逾期2个工作日"]
    run_at(app, local(2026, 11, 10, 9))
    assert len([m for m in smtp.to("leader@") if "逾期上报" in m["Subject"]]) == 1


def test_the_daily_digest_lists_my_due_and_red_projects(app, smtp, make_project, followup,
                                                        users, holidays):
    project = make_project(owner="alice", stage=Stage.negotiation)
    followup(project, date(2026, 7, 1), next_due_date=date(2026, 10, 20))
    run_at(app, local(2026, 11, 3, 8, 40))
    digest = [m for m in smtp.to("alice@") if "每日摘要" in m["Subject"]]
    assert len(digest) == 1
    text = body(digest[0])
    assert "光伏组件项目：应于 2026-10-20 跟进（已逾期）" in text and "【红】光伏组件项目" in text


def test_an_empty_digest_is_not_sent(app, smtp, users, holidays, rows):
    run_at(app, local(2026, 11, 3, 9))
    assert smtp.messages == []
    assert set(rows(sa.select(Reminder.outcome))) == {"没有需要提醒的内容"}


def test_the_weekly_digest_gives_signings_with_amounts(app, smtp, make_project, users,
                                                        holidays):
    project = make_project(stage=Stage.signed)
    with app.app_context():
        db.session.add(Agreement(project_id=project, kind=AgreementKind.investment,
                                 signed_on=date(2026, 10, 28), amount=235_000_000))
        db.session.commit()
    run_at(app, local(2026, 11, 2, 9))
    weekly = [m for m in smtp.to("leader@") if "周调度" in m["Subject"]]
    assert len(weekly) == 1
    assert "签约项目：1个，签约金额合计2.35亿元" in body(weekly[0])


def test_a_digest_names_a_confidential_project_by_its_code_name(
        app, smtp, make_project, followup, users, holidays, rows):
    project = make_project(owner="alice", **SECRET)
    followup(project, date(2026, 11, 2), next_due_date=date(2026, 11, 3))
    run_at(app, local(2026, 11, 3, 8, 40))
    digest = [m for m in smtp.to("alice@") if "每日摘要" in m["Subject"]]
    assert len(digest) == 1 and "项目甲" in body(digest[0])
    assert "某央企总部项目" not in body(digest[0]) + html(digest[0])
    assert rows(sa.select(OutboxMessage.confidential).where(
        OutboxMessage.kind == "daily_digest")) == [True]


def test_the_weekly_digest_leaves_out_what_was_not_a_move(app, smtp, make_project, users,
                                                           holidays):
    project = make_project(stage=Stage.contact)
    entered = datetime(2026, 10, 29, 4)  # within the week before Monday 11-02
    with app.app_context():
        db.session.add_all([
            StageChange(project_id=project, from_stage=None, to_stage=Stage.lead,
                        effective_date=date(2026, 10, 28), entered_at=entered),
            StageChange(project_id=project, from_stage=Stage.lead, to_stage=Stage.contact,
                        effective_date=date(2026, 10, 29), entered_at=entered)])
        db.session.commit()
    run_at(app, local(2026, 11, 2, 9))
    text = body([m for m in smtp.to("leader@") if "周调度" in m["Subject"]][0])
    assert "阶段变化：1次" in text and "线索 → 接洽" in text
