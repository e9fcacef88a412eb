"""The calendar feed: my due follow-ups, only what I may read, code names, a revocable secret."""

import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from crm.domain.stages import Status
from crm.extensions import db
from crm.models import ReminderPreference, User
from tests.conftest import ref, text

# The feed's window is counted from 北京时间's today. Read from the real clock when the module
# was collected, TODAY went stale for tests that ran after midnight in Beijing (16:00 UTC):
# a date 366 days ahead was then inside the window. The clock is pinned instead.
TODAY = date(2026, 11, 4)
SOON = TODAY + timedelta(days=3)


@pytest.fixture(autouse=True)
def _beijing_morning(time_machine):
    time_machine.move_to(datetime(2026, 11, 4, 2, 0, tzinfo=UTC))  # 10:00 in Beijing


def subscribe(client) -> str:
    """Generate my feed address as the settings page shows it; returns its path."""
    page = text(client.post("/reminders/settings/calendar"))
    url = re.search(r'id="feed-url"[^>]*>([^<]+)</textarea>', page).group(1)
    return urlsplit(url).path


def summaries(app, path: str) -> list[str]:
    response = app.test_client().get(path)  # a calendar app: no session, no cookie
    assert response.status_code == 200
    return [str(e["summary"]) for e in Calendar.from_ical(response.data).walk("VEVENT")]


@pytest.fixture
def alice_feed(app, client_for):
    return subscribe(client_for("alice"))


def test_it_lists_my_due_followup_as_an_all_day_event(app, alice_feed, make_project):
    pid = make_project("光伏组件项目", next_followup_at=SOON)
    response = app.test_client().get(alice_feed)
    assert response.content_type == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    calendar = Calendar.from_ical(response.data)
    assert calendar["x-wr-calname"] == "招商CRM 跟进日程"
    [event] = calendar.walk("VEVENT")
    assert event["summary"] == "跟进：光伏组件项目"
    assert event.decoded("dtstart") == SOON
    assert event["uid"] == f"followup-due-{pid}-{SOON:%Y%m%d}@127.0.0.1"
    assert f"/projects/{ref(pid)}" in event["url"]


def test_it_names_a_confidential_project_by_its_code_name(app, alice_feed, make_project):
    make_project("某央企总部项目", confidential=True, code_name="A-07", next_followup_at=SOON)
    assert summaries(app, alice_feed) == ["跟进：A-07"]
    assert "某央企总部项目" not in app.test_client().get(alice_feed).get_data(as_text=True)


def test_it_leaves_out_projects_that_are_not_mine_or_i_cannot_read(app, client_for,
                                                                     make_project, orgs):
    unit = dict(org_id=orgs["township"], next_followup_at=SOON)
    make_project("磁州镇文旅康养项目", owner="bob", **unit)
    make_project("磁州镇保密项目", owner="bob", confidential=True, code_name="C-1", **unit)
    make_project("童装产业园项目", owner="bob", next_followup_at=SOON)  # not his unit
    assert summaries(app, subscribe(client_for("charlie"))) == ["跟进：磁州镇文旅康养项目"]
    assert summaries(app, subscribe(client_for("alice"))) == []  # readable, but bob's work


def test_it_leaves_out_paused_projects_and_dates_outside_its_window(app, alice_feed,
                                                                    make_project):
    make_project("暂缓项目", status=Status.paused, next_followup_at=SOON)
    make_project("很久以前", next_followup_at=TODAY - timedelta(days=91))
    make_project("明年以后", next_followup_at=TODAY + timedelta(days=366))
    make_project("逾期项目", next_followup_at=TODAY - timedelta(days=30))
    assert summaries(app, alice_feed) == ["跟进：逾期项目"]


def test_it_stores_only_the_hash_and_shows_the_address_once(client_for, alice_feed, rows,
                                                            users):
    token = alice_feed.rsplit("/", 1)[1].removesuffix(".ics")
    [stored] = rows(sa.select(ReminderPreference).where(
        ReminderPreference.user_id == users["alice"]))
    assert stored.ical_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(rows(sa.select(ReminderPreference.__table__)))
    again = text(client_for("alice").get("/reminders/settings"))
    assert token not in again and "重新生成" in again


def test_it_answers_404_after_revoke_and_for_the_old_address_after_regenerating(
        app, client_for):
    alice = client_for("alice")
    first = subscribe(alice)
    second = subscribe(alice)
    assert app.test_client().get(first).status_code == 404
    assert app.test_client().get(second).status_code == 200
    assert alice.post("/reminders/settings/calendar/revoke").status_code == 302
    assert app.test_client().get(second).status_code == 404


@pytest.mark.parametrize("token", ["wrong", "x" * 43, "x" * 500, "%00", "..%2F..", "é"])
def test_it_answers_404_to_a_wrong_token(app, alice_feed, token):
    assert app.test_client().get(f"/reminders/calendar/{token}.ics").status_code == 404


def test_it_stops_the_feed_of_a_disabled_account(app, alice_feed, users):
    with app.app_context():
        db.session.get(User, users["alice"]).active = False
        db.session.commit()
    assert app.test_client().get(alice_feed).status_code == 404


def test_it_gives_reporters_no_feed(client_for, rows):
    assert client_for("reporter").post("/reminders/settings/calendar").status_code == 403
    assert rows(sa.select(ReminderPreference.user_id)) == []
