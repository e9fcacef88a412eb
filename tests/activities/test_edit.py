"""Editing an activity: any leader (DESIGN.md: leaders write 招商活动), with a conflict message
for stale forms."""

import sqlalchemy as sa

from crm.extensions import db
from crm.models import Activity, DictKind
from tests.activities.conftest import item, text


def form(app, activity_id, **changes) -> dict:
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        data = {"kind_id": activity.kind_id, "title": activity.title,
                "held_on": activity.held_on.isoformat(), "platform_id": 0, "location": "",
                "organiser_org_id": 0, "notes": "", "version": activity.version}
    data.update(changes)
    return data


def test_it_saves_changes_to_an_activity_someone_else_entered(app, client_for, make_activity,
                                                             users, get):
    activity = make_activity(created_by_id=users["alice"])
    data = form(app, activity, title="改名后的推介会", leaders=[users["leader"]])
    assert client_for("leader").post(f"/activities/{activity}/edit", data=data).status_code == 302
    assert get(sa.select(Activity.title, Activity.version)) == [("改名后的推介会", 2)]


def test_it_shows_the_current_values(client_for, make_activity):
    activity = make_activity(location="县会展中心")
    page = text(client_for("leader").get(f"/activities/{activity}/edit"))
    assert 'value="县会展中心"' in page and 'value="2026-11-20"' in page


def test_it_refuses_a_stale_form(app, client_for, make_activity, get):
    activity = make_activity()
    data = form(app, activity, title="我的修改", version=0)
    response = client_for("leader").post(f"/activities/{activity}/edit", data=data)
    assert response.status_code == 409 and "该活动已被他人修改" in text(response)
    assert get(sa.select(Activity.title)) == ["2026年童装产业云招商推介会"]


def test_it_rejects_a_retired_or_unknown_type(app, client_for, make_activity, get):
    activity = make_activity()
    with app.app_context():
        bad = item(DictKind.channel, "cloud")  # a dictionary item of another kind
    page = text(client_for("leader").post(f"/activities/{activity}/edit",
                                          data=form(app, activity, kind_id=bad)))
    assert "请从列表中选择活动类型" in page
    assert get(sa.select(Activity.version)) == [1]


def test_it_refuses_staff_admins_and_outsiders(app, client_for, make_activity, get):
    activity = make_activity()
    for who in ("alice", "admin"):
        assert client_for(who).post(f"/activities/{activity}/edit",
                                    data=form(app, activity, title="改掉")).status_code == 403
    assert client_for("charlie").get(f"/activities/{activity}/edit").status_code == 403
    assert client_for("leader").get("/activities/999999/edit").status_code == 404
    assert get(sa.select(Activity.title)) == ["2026年童装产业云招商推介会"]
