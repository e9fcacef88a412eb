"""GET /admin/orgs: units with their kind, order, state and how many users and projects use them."""

import re

from crm.extensions import db
from crm.models import Project
from tests.admin.conftest import text


def test_it_lists_units_with_kind_and_user_count(admin, users, orgs):
    page = text(admin.get("/admin/orgs"))
    # alice, bob and the admin work in 招商一科; nobody has a project yet
    assert re.search(r"招商一科</td>\s*<td[^>]*>局科室</td>\s*<td[^>]*>3</td>\s*<td[^>]*>0</td>",
                     page)
    assert "磁州镇" in page and "经济开发区" in page and "园区" in page


def test_it_forbids_a_leader(login_as, users):
    assert login_as("leader").get("/admin/orgs").status_code == 403


def test_it_counts_only_the_projects_the_admin_may_read(admin, app, users, orgs):
    with app.app_context():
        db.session.add_all([Project(name="童装产业园", org_id=orgs["park"]),
                            Project(name="某央企总部项目", org_id=orgs["park"], confidential=True)])
        db.session.commit()
    page = text(admin.get("/admin/orgs"))
    assert re.search(r"经济开发区</td>\s*<td[^>]*>园区</td>\s*<td[^>]*>0</td>\s*<td[^>]*>1</td>",
                     page)
