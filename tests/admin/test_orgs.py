"""GET /admin/orgs: units with their kind, order, state and how many users and projects use them."""

import re

from tests.admin.conftest import text


def test_it_lists_units_with_kind_and_user_count(admin, users, orgs):
    page = text(admin.get("/admin/orgs"))
    # alice, bob and the admin work in 招商一科; nobody has a project yet
    assert re.search(r"招商一科</td>\s*<td[^>]*>局科室</td>\s*<td[^>]*>3</td>\s*<td[^>]*>0</td>",
                     page)
    assert "磁州镇" in page and "经济开发区" in page and "园区" in page


def test_it_forbids_a_leader(login_as, users):
    assert login_as("leader").get("/admin/orgs").status_code == 403
