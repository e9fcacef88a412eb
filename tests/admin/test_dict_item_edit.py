"""POST /admin/dictionaries/<kind>/<id>/edit: rename and reorder; enum kinds rename only."""

import sqlalchemy as sa

from crm.models import DictItem, DictKind
from tests.admin.conftest import text


def item(query, kind, code):
    return query(sa.select(DictItem).where(DictItem.kind == kind, DictItem.code == code))[0]


def test_it_renames_and_reorders_a_data_item(admin, users, query):
    cloud = item(query, DictKind.channel, "cloud")
    data = {"label": "云招商（线上）", "sort_order": "20"}
    assert admin.post(f"/admin/dictionaries/channel/{cloud.id}/edit", data=data).status_code == 302
    cloud = item(query, DictKind.channel, "cloud")
    assert (cloud.label, cloud.sort_order, cloud.code) == ("云招商（线上）", 20, "cloud")


def test_it_renames_a_stage_but_keeps_its_code_and_order(admin, users, query):
    talks = item(query, DictKind.stage, "negotiation")
    data = {"label": "洽谈中", "sort_order": "0", "code": "hacked"}
    admin.post(f"/admin/dictionaries/stage/{talks.id}/edit", data=data)
    talks_after = item(query, DictKind.stage, "negotiation")
    assert (talks_after.label, talks_after.sort_order) == ("洽谈中", talks.sort_order)


def test_it_refuses_a_label_already_used_in_the_kind(admin, users, query):
    talks = item(query, DictKind.stage, "negotiation")
    page = text(admin.post(f"/admin/dictionaries/stage/{talks.id}/edit", data={"label": "签约"}))
    assert "已有同名条目" in page and item(query, DictKind.stage, "negotiation").label == "在谈"


def test_it_answers_404_for_an_item_of_another_kind(admin, users, query):
    cloud = item(query, DictKind.channel, "cloud")
    assert admin.get(f"/admin/dictionaries/stage/{cloud.id}/edit").status_code == 404
    assert admin.get("/admin/dictionaries/channel/99999/edit").status_code == 404


def test_it_forbids_a_liaison(login_as, users, query):
    cloud = item(query, DictKind.channel, "cloud")
    client = login_as("charlie")
    response = client.post(f"/admin/dictionaries/channel/{cloud.id}/edit", data={"label": "x"})
    assert response.status_code == 403 and item(query, DictKind.channel, "cloud").label == "云招商"
