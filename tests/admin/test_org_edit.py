"""POST /admin/orgs/<id>/edit: rename, change kind and order, deactivate."""

from crm.models import Org
from tests.admin.conftest import text


def test_it_saves_the_changes(admin, users, orgs, get):
    data = {"name": "招商二科", "kind": "bureau", "sort_order": "2"}  # active unticked
    assert admin.post(f"/admin/orgs/{orgs['bureau']}/edit", data=data).status_code == 302
    org = get(Org, orgs["bureau"])
    assert (org.name, org.sort_order, org.active) == ("招商二科", 2, False)


def test_it_keeps_its_own_name(admin, users, orgs):
    data = {"name": "招商一科", "kind": "department", "active": "y"}
    assert admin.post(f"/admin/orgs/{orgs['bureau']}/edit", data=data).status_code == 302


def test_it_refuses_another_units_name(admin, users, orgs, get):
    data = {"name": "磁州镇", "kind": "bureau", "active": "y"}
    page = text(admin.post(f"/admin/orgs/{orgs['bureau']}/edit", data=data))
    assert "已有同名单位" in page and get(Org, orgs["bureau"]).name == "招商一科"


def test_it_answers_404_for_an_unknown_unit(admin, users):
    assert admin.get("/admin/orgs/99999/edit").status_code == 404


def test_it_forbids_a_staff_member(login_as, users, orgs, get):
    data = {"name": "越权", "kind": "bureau", "active": "y"}
    assert login_as("bob").post(f"/admin/orgs/{orgs['bureau']}/edit", data=data).status_code == 403
    assert get(Org, orgs["bureau"]).name == "招商一科"
