"""Creating an activity: staff and leaders; every bad value answered on its field in Chinese."""

import sqlalchemy as sa

from crm.models import Activity, DictKind
from tests.activities.conftest import item, text


def form(app, **changes) -> dict:
    with app.app_context():
        data = {"kind_id": item(DictKind.activity_type, "cloud_talk"), "title": "深圳云洽谈",
                "held_on": "2026-11-18", "platform_id": item(DictKind.platform, "video_conf"),
                "location": "腾讯会议 123-456", "organiser_org_id": 0, "notes": ""}
    data.update(changes)
    return data


def test_it_creates_an_activity_with_its_leaders(app, client_for, users, orgs, get):
    response = client_for("leader").post("/activities/new", data=form(
        app, leaders=[users["leader"]], organiser_org_id=orgs["bureau"]))
    assert response.status_code == 302
    [activity] = get(sa.select(Activity))
    assert (activity.title, activity.held_on.isoformat(), activity.organiser_org_id) == (
        "深圳云洽谈", "2026-11-18", orgs["bureau"])
    assert response.headers["Location"] == f"/activities/{activity.id}"


def test_it_leaves_creating_activities_to_leaders(app, client_for, get):
    assert client_for("alice").get("/activities/new").status_code == 403
    assert client_for("alice").post("/activities/new", data=form(app)).status_code == 403
    assert get(sa.select(Activity.title)) == []


def test_it_rejects_missing_type_title_and_a_bad_date(app, client_for, get):
    page = text(client_for("leader").post("/activities/new", data=form(
        app, kind_id=0, title="  ", held_on="2026-02-30")))
    assert "请选择活动类型" in page and "请输入活动名称" in page and "日期无效" in page
    assert get(sa.select(Activity.id)) == []


def test_it_rejects_a_staff_member_as_leader_present(app, client_for, users, get):
    page = text(client_for("leader").post("/activities/new", data=form(
        app, leaders=[users["bob"]])))
    assert "请从列表中选择出席领导" in page and get(sa.select(Activity.id)) == []


def test_it_refuses_admins_and_liaisons(app, client_for, get):
    assert client_for("admin").post("/activities/new", data=form(app)).status_code == 403
    assert client_for("charlie").post("/activities/new", data=form(app)).status_code == 403
    assert get(sa.select(Activity.id)) == []
