"""The 项目库 headline says what it counts and sums: projects in play (not 终止/流失/移出库)
unless the status filter asks for those, always through the readable rule."""

import re

from crm.domain.stages import Stage, Status
from tests.projects.conftest import text

YI = 10**8


def headline(response) -> str:
    page = text(response)
    part = page[page.index('id="summary">') + len('id="summary">'):]
    return " ".join(re.sub(r"<[^>]+>", "", part[:part.index("</p>")]).split())


def test_it_leaves_inactive_projects_out_of_the_default_count_and_total(as_user, make_project):
    make_project("光伏组件项目", total_investment=10 * YI)
    make_project("暂缓项目", total_investment=2 * YI, status=Status.paused)
    make_project("已终止项目", total_investment=30 * YI, status=Status.terminated)
    make_project("流失项目", total_investment=40 * YI, status=Status.lost)
    make_project("移出库项目", total_investment=50 * YI, status=Status.removed)
    assert headline(as_user("alice").get("/projects")) == (
        "在库项目 2 个，总投资 12.00亿元 表中另有终止、流失或移出库的项目 3 个，未计入")


def test_it_still_lists_the_inactive_projects_it_does_not_count(as_user, make_project):
    make_project("光伏组件项目", total_investment=10 * YI)
    make_project("已终止项目", total_investment=30 * YI, status=Status.terminated)
    page = text(as_user("alice").get("/projects"))
    assert "光伏组件项目</a>" in page and "已终止项目</a>" in page


def test_it_counts_and_sums_inactive_projects_when_the_status_filter_asks(as_user,
                                                                         make_project):
    make_project("光伏组件项目", total_investment=10 * YI)
    make_project("已终止项目", total_investment=30 * YI, status=Status.terminated)
    make_project("移出库项目", total_investment=50 * YI, status=Status.removed)
    client = as_user("alice")
    for status, wording in (("terminated", "已终止项目 1 个，总投资 30.00亿元"),
                            ("removed", "已移出库项目 1 个，总投资 50.00亿元"),
                            ("normal", "正常推进项目 1 个，总投资 10.00亿元")):
        assert headline(client.get(f"/projects?status={status}")) == wording


def test_it_says_when_other_filters_narrow_the_set(as_user, make_project):
    make_project("在谈项目", total_investment=10 * YI, stage=Stage.negotiation)
    make_project("线索项目", total_investment=5 * YI)
    make_project("已流失在谈项目", total_investment=30 * YI, stage=Stage.negotiation,
                 status=Status.lost)
    client = as_user("alice")
    assert headline(client.get("/projects?stage=negotiation")) == (
        "符合条件的在库项目 1 个，总投资 10.00亿元 表中另有终止、流失或移出库的项目 1 个，未计入")
    assert headline(client.get("/projects?stage=negotiation&status=lost")) == (
        "符合条件的已流失项目 1 个，总投资 30.00亿元")
    assert headline(client.get("/projects?sort=amount")).startswith("在库项目 2 个")


def test_it_leaves_out_a_confidential_project_the_user_cannot_read(as_user, make_project):
    make_project("光伏组件项目", total_investment=10 * YI)
    make_project("某央企总部项目", owner="bob", confidential=True, code_name="A1",
                 total_investment=90 * YI)
    make_project("某保密终止项目", owner="bob", confidential=True, code_name="B2",
                 total_investment=70 * YI, status=Status.terminated)
    alice = as_user("alice")
    assert headline(alice.get("/projects")) == "在库项目 1 个，总投资 10.00亿元"
    assert headline(alice.get("/projects?status=terminated")) == "已终止项目 0 个，总投资 0.00亿元"
    assert headline(as_user("leader").get("/projects")) == (
        "在库项目 2 个，总投资 100.00亿元 表中另有终止、流失或移出库的项目 1 个，未计入")


def test_it_pages_over_every_listed_row_counted_or_not(as_user, make_project):
    for n in range(15):
        make_project(f"在库{n:02d}", total_investment=YI)
    for n in range(10):
        make_project(f"终止{n:02d}", total_investment=YI, status=Status.terminated)
    page = headline(as_user("alice").get("/projects?page=2"))
    assert page == ("在库项目 15 个，总投资 15.00亿元（第 2/2 页） "
                    "表中另有终止、流失或移出库的项目 10 个，未计入")
