"""我的提醒设置: what I switch off here is what dispatch.wants() stops sending, to me only."""

import sqlalchemy as sa

from crm.extensions import db
from crm.models import ReminderKind, ReminderPreference, User
from crm.reminders import dispatch
from tests.conftest import text

K = ReminderKind
ALL_ON = {"due": "y", "escalation": "y", "stale": "y", "daily_digest": "y", "weekly_digest": "y"}


def _all_on_but(*names) -> dict:
    return {name: value for name, value in ALL_ON.items() if name not in names}


def _wants(app, user_id, kind) -> bool:
    with app.app_context():
        return dispatch.wants(db.session.get(User, user_id), kind)


def test_it_switches_an_email_off_for_me_and_not_for_my_colleague(app, client_for, users):
    alice = client_for("alice")
    response = alice.post("/reminders/settings", data=_all_on_but("due"))
    assert response.headers["Location"] == "/reminders/settings"
    assert "提醒设置已保存" in text(alice.get("/reminders/settings"))
    assert not _wants(app, users["alice"], K.due)
    assert _wants(app, users["alice"], K.daily_digest)
    assert _wants(app, users["bob"], K.due)


def test_it_shows_every_email_on_until_i_save_and_writes_nothing_on_get(client_for, rows):
    page = text(client_for("alice").get("/reminders/settings"))
    assert page.count('type="checkbox"') == page.count("checked") == 5
    assert rows(sa.select(ReminderPreference.user_id)) == []


def test_it_switches_an_email_back_on(app, client_for, users):
    leader = client_for("leader")
    leader.post("/reminders/settings", data={"due": "y"})
    assert not _wants(app, users["leader"], K.weekly_digest)
    assert not _wants(app, users["leader"], K.escalation)
    leader.post("/reminders/settings", data=ALL_ON)
    assert _wants(app, users["leader"], K.weekly_digest)


def test_it_silences_the_leaders_copy_of_stale_reminders_with_stale(app, client_for, users):
    client_for("alice").post("/reminders/settings", data=_all_on_but("stale"))
    assert not _wants(app, users["alice"], K.stale_leader)


def test_it_refuses_reporters_who_receive_no_reminders(client_for, rows):
    reporter = client_for("reporter")
    assert reporter.get("/reminders/settings").status_code == 403
    assert reporter.post("/reminders/settings", data=ALL_ON).status_code == 403
    assert rows(sa.select(ReminderPreference.user_id)) == []


def test_it_refuses_a_mangled_checkbox_and_saves_nothing(client_for, rows):
    response = client_for("alice").post("/reminders/settings", data={**ALL_ON, "due": "x" * 5000})
    assert response.status_code == 200
    assert "选项无效" in text(response)
    assert rows(sa.select(ReminderPreference.user_id)) == []
