"""POST /admin/orgs/new: a unit with a unique name and a kind."""

import sqlalchemy as sa

from crm.models import Org
from tests.admin.conftest import count, text

NEW = {"name": "  讲武城镇 ", "kind": "township", "sort_order": "5", "active": "y"}


def test_it_creates_a_unit(admin, users, query):
    response = admin.post("/admin/orgs/new", data=NEW)
    assert response.status_code == 302
    org = query(sa.select(Org).where(Org.name == "讲武城镇"))[0]
    assert (org.kind, org.sort_order, org.active) == ("township", 5, True)


def test_it_refuses_a_duplicate_name(admin, app, users):
    page = text(admin.post("/admin/orgs/new", data={**NEW, "name": "磁州镇"}))
    assert "已有同名单位" in page and count(app, Org) == 3


def test_it_refuses_a_bad_kind_and_a_bad_order(admin, app, users):
    page = text(admin.post("/admin/orgs/new", data={**NEW, "kind": "club",
                                                   "sort_order": "99999999999"}))
    assert "请选择单位类别" in page and "排序号应为" in page and count(app, Org) == 3


def test_it_refuses_a_blank_or_too_long_name(admin, app, users):
    assert "请输入单位名称" in text(admin.post("/admin/orgs/new", data={**NEW, "name": " "}))
    page = text(admin.post("/admin/orgs/new", data={**NEW, "name": "镇" * 101}))
    assert "单位名称不能超过100个字" in page and count(app, Org) == 3


def test_it_forbids_a_liaison(login_as, app, users):
    assert login_as("charlie").post("/admin/orgs/new", data=NEW).status_code == 403
    assert count(app, Org) == 3
