"""GET /admin/users: every account with role, unit and state, filterable by role."""

from tests.admin.conftest import text


def test_it_lists_users_with_role_unit_and_state(admin, users):
    page = text(admin.get("/admin/users"))
    assert "李爱丽" in page and "alice@zsj.example.com" in page
    assert "局干部" in page and "招商一科" in page and "在用" in page


def test_it_filters_by_role(admin, users):
    page = text(admin.get("/admin/users?role=liaison"))
    assert "张超" in page and "共 1 人" in page
    assert "李爱丽" not in page


def test_it_ignores_an_unknown_role_filter(admin, users):
    response = admin.get("/admin/users?role=superuser")
    assert response.status_code == 200 and "共 6 人" in text(response)


def test_it_forbids_a_staff_member(login_as, users):
    assert login_as("alice").get("/admin/users").status_code == 403
