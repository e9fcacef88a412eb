"""GET /admin/dictionaries: every dictionary kind with its Chinese name and active items."""

from tests.admin.conftest import text


def test_it_lists_every_kind_with_its_label(admin, users):
    page = text(admin.get("/admin/dictionaries"))
    for label in ("招商渠道", "企业性质", "产业集群", "项目阶段", "项目状态", "研判结果"):
        assert label in page
    assert "系统固定，仅改名称" in page


def test_it_forbids_a_staff_member(login_as, users):
    assert login_as("alice").get("/admin/dictionaries").status_code == 403
