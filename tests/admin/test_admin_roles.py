"""Every admin page is for admins only: other roles get 403, anonymous visitors the sign-in page."""

import pytest

from crm.models import User
from tests.admin.conftest import NON_ADMINS

PAGES = [
    "/admin/users", "/admin/users/new", "/admin/users/{alice}/edit",
    "/admin/orgs", "/admin/orgs/new", "/admin/orgs/{bureau}/edit",
    "/admin/dictionaries", "/admin/dictionaries/channel", "/admin/holidays",
    "/admin/holidays?year=2027", "/admin/holidays/bulk", "/admin/handover",
]
ACTIONS = [
    "/admin/users/{bob}/disable", "/admin/users/{bob}/enable",
    "/admin/users/{bob}/reset-password", "/admin/orgs/{bureau}/delete", "/admin/handover",
    "/admin/holidays/bulk", "/admin/orgs/new",
]


@pytest.mark.parametrize("role", NON_ADMINS)
def test_it_forbids_every_admin_page_to_other_roles(login_as, users, orgs, role):
    client = login_as(role)
    for page in PAGES:
        assert client.get(page.format(**users, **orgs)).status_code == 403, page


@pytest.mark.parametrize("role", NON_ADMINS)
def test_it_forbids_every_admin_action_to_other_roles(login_as, users, orgs, role):
    client = login_as(role)
    for action in ACTIONS:
        assert client.post(action.format(**users, **orgs), data={}).status_code == 403, action


def test_it_sends_anonymous_visitors_to_sign_in(client, users, orgs):
    for page in PAGES:
        response = client.get(page.format(**users, **orgs))
        assert response.status_code == 302 and "/login" in response.location, page


def test_it_shows_every_admin_page_to_an_admin(admin, users, orgs):
    for page in PAGES:
        response = admin.get(page.format(**users, **orgs))
        assert response.status_code == 200, page
        assert "项目移交" in response.get_data(as_text=True), page  # the admin tabs


def test_it_changes_nothing_on_get(admin, users, get):
    before = get(User, users["bob"])
    for action in ("disable", "reset-password"):
        assert admin.get(f"/admin/users/{users['bob']}/{action}").status_code == 405
    after = get(User, users["bob"])
    assert after.active and after.password_hash == before.password_hash
