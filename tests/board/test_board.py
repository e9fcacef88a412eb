"""GET /projects/board: one column per stage with its count, its total in 亿元 and its cards."""

import re

from crm.domain.stages import Screening, Stage, Status
from tests.board.conftest import column, text


def _head(col: str) -> tuple[int, str]:
    count = int(re.search(r'data-count="(\d+)"', col).group(1))
    return count, re.search(r'class="board-total"[^>]*>([^<]+)<', col).group(1)


def test_it_counts_and_totals_each_column_in_yi(as_user, make_project):
    make_project("光伏组件项目", stage=Stage.contact, total_investment=3_298_000_000,
                 investors=("隆基绿能科技股份有限公司",))
    make_project("童装产业园项目", stage=Stage.contact, total_investment=500_000_000)
    make_project("化工新材料项目", stage=Stage.negotiation)
    page = text(as_user("alice").get("/projects/board"))
    assert re.findall(r'data-stage="(\w+)" data-rank', page) == [s.value for s in Stage]
    assert _head(column(page, "contact")) == (2, "37.98亿元")
    assert _head(column(page, "negotiation")) == (1, "0.00亿元")
    assert _head(column(page, "lead")) == (0, "0.00亿元")
    assert "隆基绿能科技股份有限公司" in column(page, "contact") and "李爱丽" in page
    # Every column's figures at a glance above the board, each a link to its column.
    strip = re.findall(r'href="#col-(\w+)" data-stage="\w+"><span class="fw-semibold">[^<]+</span> '
                       r'<span class="strip-count">(\d+)</span> 个 · <span class="strip-total">'
                       r'([^<]+)</span>', page)
    assert [stage for stage, _, _ in strip] == [s.value for s in Stage]
    figures = {stage: (int(n), total) for stage, n, total in strip}
    assert figures["contact"] == (2, "37.98亿元")


def test_it_leaves_out_paused_and_screening_projects(as_user, make_project):
    make_project("暂缓项目", stage=Stage.contact, status=Status.paused, total_investment=10**8)
    make_project("待研判线索", stage=Stage.lead, screening=Screening.pending)
    make_project("已受理线索", stage=Stage.lead, screening=Screening.accepted)
    page = text(as_user("bob").get("/projects/board"))
    assert "暂缓项目" not in page and "待研判线索" not in page and "已受理线索" in page
    assert _head(column(page, "contact")) == (0, "0.00亿元")


def test_a_confidential_project_is_absent_for_outsiders(as_user, make_project, orgs):
    make_project("某央企总部项目", owner="bob", stage=Stage.contact, confidential=True,
                 code_name="一号工程", org_id=orgs["township"], total_investment=10**9)
    for outsider in ("alice", "charlie", "admin"):
        page = text(as_user(outsider).get("/projects/board"))
        assert "某央企总部项目" not in page and _head(column(page, "contact")) == (0, "0.00亿元")
    assert _head(column(text(as_user("leader").get("/projects/board")), "contact")) == (
        1, "10.00亿元")


def test_a_liaison_sees_only_the_units_projects(as_user, make_project, orgs):
    make_project("镇里的项目", owner="bob", org_id=orgs["township"])
    make_project("光伏组件项目")
    page = text(as_user("charlie").get("/projects/board"))
    assert "镇里的项目" in page and "光伏组件项目" not in page
    assert as_user("reporter").get("/projects/board").status_code == 403
