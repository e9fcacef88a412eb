"""POST /admin/outbox/<id>/resend and /admin/outbox/resend-undeliverable."""

from datetime import timedelta

import pytest

from crm.extensions import db
from crm.models import MailStatus, OutboxMessage, Project, User, utcnow
from tests.admin.conftest import NON_ADMINS, count, text
from tests.admin.test_outbox import add_message, add_project

TYPO = "alice@zsj.exmaple.com"


def parked(app, users, status=MailStatus.undeliverable, **columns) -> int:
    return add_message(app, users["alice"], status, to_addr=TYPO, attempts=14,
                       last_error="收件地址被拒绝（550 no such user）", **columns)


def test_it_resends_to_the_users_corrected_address(admin, app, users, get):
    message = parked(app, users)
    with app.app_context():
        db.session.get(User, users["alice"]).email = "li.aili@zsj.example.com"
        db.session.commit()
    response = admin.post(f"/admin/outbox/{message}/resend", follow_redirects=True)
    assert "已重新加入发送队列（收件地址：li.aili@zsj.example.com）" in text(response)
    row = get(OutboxMessage, message)
    assert (row.to_addr, row.status, row.attempts, row.last_error) == \
        ("li.aili@zsj.example.com", MailStatus.pending, 0, "")
    assert row.next_attempt_at <= utcnow()


def test_it_resends_a_message_still_retrying(admin, app, users, get):
    message = parked(app, users, MailStatus.retrying, next_attempt_at=utcnow() + timedelta(hours=1))
    admin.post(f"/admin/outbox/{message}/resend")
    assert get(OutboxMessage, message).status == MailStatus.pending
    assert get(OutboxMessage, message).next_attempt_at <= utcnow()


@pytest.mark.parametrize("status", [MailStatus.sent, MailStatus.pending])
def test_it_leaves_a_sent_or_queued_message_alone(admin, app, users, get, status):
    message = parked(app, users, status)
    response = admin.post(f"/admin/outbox/{message}/resend", follow_redirects=True)
    said = "已发送成功，不能重新发送" if status == MailStatus.sent else "已在发送队列中"
    assert said in text(response)
    row = get(OutboxMessage, message)
    assert (row.status, row.to_addr, row.attempts) == (status, TYPO, 14)


def test_it_leaves_a_message_a_sender_holds(admin, app, users, get):
    message = parked(app, users, MailStatus.retrying, lease_token="t" * 32,
                     lease_until=utcnow() + timedelta(minutes=5))
    assert "正在发送中" in text(admin.post(f"/admin/outbox/{message}/resend",
                                       follow_redirects=True))
    assert get(OutboxMessage, message).lease_token == "t" * 32


def test_it_goes_back_to_the_list_it_came_from(admin, app, users):
    message = parked(app, users)
    response = admin.post(f"/admin/outbox/{message}/resend?back=list&status=undeliverable")
    assert response.location == "/admin/outbox?status=undeliverable"
    assert admin.post(f"/admin/outbox/{message}/resend").location == f"/admin/outbox/{message}"


def test_it_resends_every_undeliverable_message_and_says_how_many(admin, app, users):
    for _ in range(3):
        parked(app, users)
    parked(app, users, MailStatus.sent)
    parked(app, users, MailStatus.retrying)
    response = admin.post("/admin/outbox/resend-undeliverable", follow_redirects=True)
    assert "已将3封无法投递的邮件重新加入发送队列" in text(response)
    assert count(app, OutboxMessage, OutboxMessage.status == MailStatus.pending) == 3
    assert count(app, OutboxMessage, OutboxMessage.to_addr == TYPO) == 2  # sent, retrying


def test_it_says_when_there_is_nothing_to_resend(admin, users):
    response = admin.post("/admin/outbox/resend-undeliverable", follow_redirects=True)
    assert "没有无法投递的邮件" in text(response)


def test_it_answers_404_for_an_unknown_message(admin, users):
    assert admin.post("/admin/outbox/999999/resend").status_code == 404


@pytest.mark.parametrize("role", NON_ADMINS)
def test_it_forbids_other_roles(login_as, app, users, get, role):
    message = parked(app, users)
    client = login_as(role)
    assert client.post(f"/admin/outbox/{message}/resend").status_code == 403
    assert client.post("/admin/outbox/resend-undeliverable").status_code == 403
    assert get(OutboxMessage, message).status == MailStatus.undeliverable


def test_it_does_not_resend_to_someone_who_lost_access(admin, app, users, get):
    # Written while alice was on the confidential project's team; she no longer is.
    project = add_project(app, users, confidential=True, code_name="项目甲")
    with app.app_context():
        db.session.get(Project, project).owner_id = users["bob"]
        db.session.commit()
    message = parked(app, users, project_id=project, confidential=True)
    response = admin.post(f"/admin/outbox/{message}/resend", follow_redirects=True)
    assert "收件人已无权查看该项目，未重新发送" in text(response)
    assert get(OutboxMessage, message).status == MailStatus.undeliverable


def test_it_does_not_resend_to_a_disabled_user(admin, app, users, get):
    message = parked(app, users)
    with app.app_context():
        db.session.get(User, users["alice"]).active = False
        db.session.commit()
    admin.post(f"/admin/outbox/{message}/resend")
    assert get(OutboxMessage, message).status == MailStatus.undeliverable
