"""GET /admin/outbox and /admin/outbox/<id>: counts, the list, confidentiality, attempts."""

import itertools
from datetime import datetime, timedelta

import pytest

from crm.extensions import db
from crm.models import (
    MailAttempt,
    MailStatus,
    OutboxMessage,
    Project,
    ProjectMember,
    ReminderKind,
)
from tests.admin.conftest import NON_ADMINS, text

MASKED = "（涉及保密项目的提醒，主题不显示）"
SUBJECT = "【跟进提醒】光伏组件项目：今天应跟进"
_numbers = itertools.count(1)


def add_message(app, user_id, status=MailStatus.pending, subject=SUBJECT, **columns) -> int:
    """One outbox row, written directly; returns its id."""
    number = next(_numbers)
    columns.setdefault("to_addr", "alice@zsj.example.com")
    columns.setdefault("kind", ReminderKind.due)
    with app.app_context():
        message = OutboxMessage(user_id=user_id, status=status, subject=subject,
                                body_text=columns.pop("body_text", f"正文{number}"),
                                body_html="<p>正文</p>", message_id=f"<test-{number}@crm>",
                                **columns)
        db.session.add(message)
        db.session.commit()
        return message.id


def add_project(app, users, name="某央企总部项目", members=(), **columns) -> int:
    with app.app_context():
        project = Project(name=name, owner_id=users["alice"], **columns)
        project.members = [ProjectMember(user_id=users[who]) for who in members]
        db.session.add(project)
        db.session.commit()
        return project.id


def test_it_counts_every_status_in_its_tab(admin, app, users):
    for status, n in ((MailStatus.pending, 2), (MailStatus.sent, 1),
                      (MailStatus.retrying, 1), (MailStatus.undeliverable, 3)):
        for _ in range(n):
            add_message(app, users["alice"], status)
    page = text(admin.get("/admin/outbox"))
    for status, n in (("pending", 2), ("sent", 1), ("retrying", 1), ("undeliverable", 3)):
        assert f'id="count-{status}">{n}</span>' in page
    assert '全部 <span class="badge text-bg-light">7</span>' in page


def test_it_lists_one_status_newest_first(admin, app, users):
    start = datetime(2026, 11, 2)
    for day, status in enumerate((MailStatus.undeliverable, MailStatus.sent,
                                  MailStatus.undeliverable)):
        add_message(app, users["alice"], status, subject=f"主题{day}",
                    created_at=start + timedelta(days=day))
    page = text(admin.get("/admin/outbox?status=undeliverable"))
    assert "主题1" not in page and page.index("主题2") < page.index("主题0")
    assert "2026-11-04 08:00" in page  # UTC midnight shown in Asia/Shanghai


def test_it_pages_fifty_at_a_time(admin, app, users):
    for number in range(51):
        add_message(app, users["alice"], subject=f"第{number:02d}封",
                    created_at=datetime(2026, 11, 1) + timedelta(minutes=number))
    first, second = text(admin.get("/admin/outbox")), text(admin.get("/admin/outbox?page=2"))
    assert "第50封" in first and "第01封" in first and "第00封" not in first
    assert "第00封" in second and "第 2/2 页" in second
    assert admin.get("/admin/outbox?page=abc&status=nonsense").status_code == 200


def test_it_hides_a_confidential_subject_and_body_from_an_admin_off_the_team(admin, app, users):
    project = add_project(app, users, confidential=True, code_name="A1工程")
    message = add_message(app, users["alice"], subject="【跟进提醒】A1工程：今天应跟进",
                          body_text="A1工程今天应跟进", project_id=project, confidential=True)
    for url in ("/admin/outbox", f"/admin/outbox/{message}"):
        page = text(admin.get(url))
        assert MASKED in page and "A1工程" not in page
    assert "正文不显示" in text(admin.get(f"/admin/outbox/{message}"))


def test_it_shows_a_confidential_message_to_an_admin_on_the_team(admin, app, users):
    project = add_project(app, users, confidential=True, code_name="A1工程", members=("admin",))
    message = add_message(app, users["alice"], subject="【跟进提醒】A1工程：今天应跟进",
                          body_text="请今天联系A1工程", project_id=project, confidential=True)
    assert "【跟进提醒】A1工程" in text(admin.get("/admin/outbox"))
    page = text(admin.get(f"/admin/outbox/{message}"))
    assert "请今天联系A1工程" in page and MASKED not in page


def test_it_hides_a_digest_that_names_a_confidential_project(admin, app, users):
    add_message(app, users["leader"], subject="每日摘要：A1工程等3项", confidential=True,
                kind=ReminderKind.daily_digest)
    add_message(app, users["leader"], subject="每日摘要：光伏组件项目",
                kind=ReminderKind.daily_digest)
    page = text(admin.get("/admin/outbox"))
    assert MASKED in page and "A1工程" not in page and "每日摘要：光伏组件项目" in page


def test_it_shows_the_body_and_every_attempt(admin, app, users):
    message = add_message(app, users["alice"], MailStatus.sent, body_text="第一行\n第二行",
                          attempts=2)
    with app.app_context():
        db.session.add_all([
            MailAttempt(message_id=message, at=datetime(2026, 11, 2, 0, 0),
                        error="无法连接邮件服务器"),
            MailAttempt(message_id=message, at=datetime(2026, 11, 2, 0, 1), ok=True)])
        db.session.commit()
    page = text(admin.get(f"/admin/outbox/{message}"))
    assert "第一行<br>第二行" in page and "无法连接邮件服务器" in page
    assert page.index("成功") < page.index("失败") and "2026-11-02 08:01:00" in page


@pytest.mark.usefixtures("frozen")
def test_it_warns_of_a_missing_holiday_calendar(admin, users):
    assert "2027年节假日尚未录入" in text(admin.get("/admin/outbox"))


def test_it_answers_404_for_an_unknown_message(admin, users):
    assert admin.get("/admin/outbox/999999").status_code == 404


@pytest.mark.parametrize("role", NON_ADMINS)
def test_it_forbids_other_roles(login_as, app, users, role):
    message = add_message(app, users[role])
    client = login_as(role)
    assert client.get("/admin/outbox").status_code == 403
    assert client.get(f"/admin/outbox/{message}").status_code == 403
