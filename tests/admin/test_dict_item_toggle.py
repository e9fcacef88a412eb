"""POST /admin/dictionaries/<kind>/<id>/toggle: retire and restore data items, never enums."""

import sqlalchemy as sa

from crm.models import DictItem, DictKind
from tests.admin.conftest import text


def item(query, kind, code):
    return query(sa.select(DictItem).where(DictItem.kind == kind, DictItem.code == code))[0]


def test_it_deactivates_and_reactivates_an_item(admin, users, query):
    wechat = item(query, DictKind.channel, "wechat")
    url = f"/admin/dictionaries/channel/{wechat.id}/toggle"
    assert "已停用「微信公众号」" in text(admin.post(url, follow_redirects=True))
    assert item(query, DictKind.channel, "wechat").active is False
    admin.post(url)
    assert item(query, DictKind.channel, "wechat").active is True


def test_it_never_deactivates_a_status(admin, users, query):
    lost = item(query, DictKind.status, "lost")
    response = admin.post(f"/admin/dictionaries/status/{lost.id}/toggle", follow_redirects=True)
    assert "只能修改名称" in text(response) and item(query, DictKind.status, "lost").active


def test_it_forbids_a_staff_member(login_as, users, query):
    wechat = item(query, DictKind.channel, "wechat")
    client = login_as("bob")
    assert client.post(f"/admin/dictionaries/channel/{wechat.id}/toggle").status_code == 403
    assert item(query, DictKind.channel, "wechat").active
