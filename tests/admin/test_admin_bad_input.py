"""Hostile or malformed input to every admin form: a field message or 404, never a 500,
and nothing written."""

import pytest

from crm.models import AuditLog
from tests.admin.conftest import count

JUNK = ["\x00", "a\x00b", "x" * 5000, "99999999999999999999999", "-1", "<script>", "０", " "]
FORMS = {
    "/admin/users/new": ["email", "name", "phone", "role", "org_id"],
    "/admin/users/{bob}/edit": ["name", "phone", "role", "org_id", "version"],
    "/admin/orgs/new": ["name", "kind", "sort_order", "active"],
    "/admin/orgs/{bureau}/edit": ["name", "kind", "sort_order"],
    "/admin/dictionaries/channel": ["label", "code", "sort_order"],
    "/admin/holidays": ["day", "is_workday", "name"],
    "/admin/holidays/bulk": ["lines"],
    "/admin/handover": ["from_user", "to_user"],
}


def audit_rows(app) -> int:
    return count(app, AuditLog)


@pytest.mark.parametrize("junk", JUNK)
def test_it_answers_junk_in_every_field_without_writing(admin, app, users, orgs, junk):
    before = audit_rows(app)
    for url, fields in FORMS.items():
        response = admin.post(url.format(**users, **orgs), data=dict.fromkeys(fields, junk))
        assert response.status_code in (200, 409), (url, junk, response.status_code)
        assert "未保存" in response.get_data(as_text=True), (url, junk)
    assert audit_rows(app) == before


@pytest.mark.parametrize("url", [
    "/admin/users/99999999999999999999/edit", "/admin/orgs/99999999999999999999/edit",
    "/admin/dictionaries/channel/99999999999999999999/edit", "/admin/dictionaries/%00",
    "/admin/holidays/99999-01-01/edit", "/admin/holidays/%00/edit",
])
def test_it_answers_404_for_impossible_ids(admin, users, url):
    assert admin.get(url).status_code == 404


def test_it_ignores_a_list_where_one_value_is_expected(admin, app, users, orgs):
    before = audit_rows(app)
    response = admin.post("/admin/orgs/new", data={"name": ["甲", "乙"], "kind": ["x", "y"]})
    assert response.status_code == 200 and audit_rows(app) == before
