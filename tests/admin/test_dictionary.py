"""GET/POST /admin/dictionaries/<kind>: a kind's items, and adding one to a data kind."""

import sqlalchemy as sa

from crm.models import DictItem, DictKind
from tests.admin.conftest import count, text


def channel_items(query):
    return query(sa.select(DictItem).where(DictItem.kind == DictKind.channel)
                 .order_by(DictItem.id))


def test_it_lists_the_items_of_a_kind(admin, users):
    page = text(admin.get("/admin/dictionaries/channel"))
    assert "云招商" in page and "以商招商" in page and "新增条目" in page


def test_it_adds_an_item_with_a_generated_code_at_the_end(admin, users, query):
    response = admin.post("/admin/dictionaries/channel", data={"label": " 驻外招商 "})
    assert response.status_code == 302
    added = channel_items(query)[-1]
    assert (added.label, added.code, added.sort_order, added.active) == \
        ("驻外招商", "custom_10", 9, True)


def test_it_refuses_a_duplicate_blank_or_long_label(admin, app, users):
    before = count(app, DictItem)
    assert "已有同名条目" in text(admin.post("/admin/dictionaries/channel",
                                         data={"label": "云招商"}))
    assert "名称不能为空" in text(admin.post("/admin/dictionaries/channel", data={"label": " "}))
    page = text(admin.post("/admin/dictionaries/channel", data={"label": "长" * 51}))
    assert "名称不能超过50个字" in page and count(app, DictItem) == before


def test_it_refuses_a_taken_or_malformed_code(admin, app, users):
    before = count(app, DictItem)
    assert "该代码已被使用" in text(admin.post("/admin/dictionaries/channel",
                                          data={"label": "新渠道", "code": "cloud"}))
    assert "代码只能由" in text(admin.post("/admin/dictionaries/channel",
                                        data={"label": "新渠道", "code": "云"}))
    assert count(app, DictItem) == before


def test_it_adds_nothing_to_an_enum_kind(admin, app, users):
    before = count(app, DictItem)
    assert "新增条目" not in text(admin.get("/admin/dictionaries/stage"))
    response = admin.post("/admin/dictionaries/stage", data={"label": "新阶段"},
                          follow_redirects=True)
    assert "只能修改名称" in text(response) and count(app, DictItem) == before


def test_it_answers_404_for_an_unknown_kind(admin, users):
    assert admin.get("/admin/dictionaries/colour").status_code == 404


def test_it_forbids_a_leader(login_as, app, users):
    before = count(app, DictItem)
    client = login_as("leader")
    assert client.post("/admin/dictionaries/channel", data={"label": "x"}).status_code == 403
    assert count(app, DictItem) == before
