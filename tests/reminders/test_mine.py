"""我的提醒: the e-mails sent to me, newest first; projects I lost access to stay hidden."""

import itertools
from datetime import datetime

import pytest

from crm.extensions import db
from crm.models import MailStatus, OutboxMessage, ReminderKind
from tests.conftest import email_of, ref, text

_numbers = itertools.count()


@pytest.fixture
def message(app, users):
    """message(who, subject, project_id=None, **columns) -> id, stored as dispatch would."""
    def make(who, subject, project_id=None, body="您好：\n  1. 光伏组件项目\n请跟进。", **columns):
        with app.app_context():
            row = OutboxMessage(kind=columns.pop("kind", ReminderKind.due), user_id=users[who],
                                project_id=project_id, to_addr=email_of(who), subject=subject,
                                body_text=body, body_html="<p>您好</p>",
                                message_id=f"<test.{next(_numbers)}@crm.local>", **columns)
            db.session.add(row)
            db.session.commit()
            return row.id
    return make


def test_it_lists_only_my_messages_newest_first(client_for, message):
    message("alice", "【跟进提醒】旧的", created_at=datetime(2026, 3, 1, 0, 0))
    message("alice", "【每日摘要】新的", kind=ReminderKind.daily_digest,
            created_at=datetime(2026, 3, 2, 0, 30))
    message("bob", "【跟进提醒】王博的项目")
    page = text(client_for("alice").get("/reminders"))
    assert page.index("新的") < page.index("旧的")
    assert "2026-03-02 08:30" in page and "每日摘要" in page
    assert "王博的项目" not in page


def test_it_says_when_reminders_go_out_when_there_are_none(client_for, message):
    message("bob", "【跟进提醒】王博的项目")
    page = text(client_for("alice").get("/reminders"))
    assert "还没有发给您的提醒邮件。提醒在工作日08:00发出，摘要在08:30发出。" in page
    assert 'href="/reminders/settings"' in page


def test_it_shows_the_status_and_the_time_sent(client_for, message):
    message("alice", "已发的", status=MailStatus.sent, sent_at=datetime(2026, 3, 2, 0, 1))
    message("alice", "退信的", status=MailStatus.undeliverable)
    page = text(client_for("alice").get("/reminders"))
    assert "已发送" in page and "2026-03-02 08:01" in page and "无法投递" in page


def test_it_links_a_project_i_can_read_and_opens_the_body(client_for, message, make_project):
    pid = make_project("光伏组件项目", owner="bob")
    mid = message("alice", "【跟进提醒】光伏组件项目：今天应跟进", project_id=pid)
    alice = client_for("alice")
    assert f'href="/projects/{ref(pid)}"' in text(alice.get("/reminders"))
    body = text(alice.get(f"/reminders/{mid}"))
    assert "请跟进。" in body and "\u00a0\u00a01. 光伏组件项目" in body


def test_it_hides_the_project_and_the_body_once_i_lost_access(client_for, message,
                                                              make_project):
    pid = make_project("某央企总部项目", owner="bob", confidential=True, code_name="A-07")
    mid = message("alice", "【跟进提醒】A-07：今天应跟进", project_id=pid)
    alice = client_for("alice")  # alice was on the team when it was sent; she is no longer
    page = text(alice.get("/reminders"))
    assert "（无权查看）" in page and f"/projects/{ref(pid)}" not in page
    assert "某央企总部项目" not in page and f"/reminders/{mid}" not in page
    assert alice.get(f"/reminders/{mid}").status_code == 404
    assert client_for("bob").get("/reminders").status_code == 200


def test_it_answers_404_for_someone_elses_message(client_for, message):
    mid = message("alice", "【每日摘要】李爱丽的摘要", kind=ReminderKind.daily_digest)
    assert client_for("alice").get(f"/reminders/{mid}").status_code == 200
    for other in ("bob", "leader", "admin", "reporter"):
        assert client_for(other).get(f"/reminders/{mid}").status_code == 404


def test_it_pages_thirty_at_a_time(client_for, message):
    for n in range(31):
        message("alice", f"提醒{n:02d}", created_at=datetime(2026, 3, 1, 0, n))
    alice = client_for("alice")
    first, second = text(alice.get("/reminders")), text(alice.get("/reminders?page=2"))
    assert first.count('class="message-row"') == 30 and "下一页" in first
    assert second.count('class="message-row"') == 1 and "提醒00" in second


@pytest.mark.parametrize("page", ["abc", "-1", "0", "²", "9" * 30, "%00", "3.5"])
def test_it_reads_a_bad_page_number_as_a_page_without_failing(client_for, message, page):
    message("alice", "提醒")
    assert client_for("alice").get(f"/reminders?page={page}").status_code == 200


def test_it_refuses_reporters_who_receive_no_reminders(client_for):
    assert client_for("reporter").get("/reminders").status_code == 403


@pytest.mark.parametrize("path", ["abc", "99999999999", "-1", "0"])
def test_it_answers_404_to_a_bad_message_number(client_for, path):
    assert client_for("alice").get(f"/reminders/{path}").status_code == 404
