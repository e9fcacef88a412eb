"""我的工作台: my pipeline projects counted by health colour, red and yellow ones listed."""

import re

from crm.domain.stages import Screening, Status
from crm.workbench import SECTION_ROWS
from tests.workbench.conftest import days_ago, text


def _counts(page: str) -> dict[str, int]:
    return {c: int(n) for c, n in re.findall(r'id="health-(green|yellow|red)">(\d+)<', page)}


def test_it_counts_my_projects_by_colour(as_user, make_project):
    make_project("绿色项目", last_progress_at=days_ago(10))
    make_project("黄色项目", last_progress_at=days_ago(70))
    make_project("红色项目", last_progress_at=days_ago(100))
    make_project("暂缓的老项目", last_progress_at=days_ago(200), status=Status.paused)
    make_project("待研判线索", last_progress_at=days_ago(200), screening=Screening.pending)
    page = text(as_user("alice").get("/"))
    assert _counts(page) == {"green": 1, "yellow": 1, "red": 1}
    flagged = page.split('id="health-flagged"')[1].split("</ul>")[0]
    assert flagged.index("红色项目") < flagged.index("黄色项目") and "绿色项目" not in flagged


def test_it_counts_only_the_users_own_projects(as_user, make_project):
    make_project("红色项目", last_progress_at=days_ago(100))
    assert _counts(text(as_user("bob").get("/"))) == {"green": 0, "yellow": 0, "red": 0}
    assert "health-red" not in text(as_user("leader").get("/"))


def test_it_lists_the_longest_untouched_first_and_counts_them_all(as_user, make_project):
    for n in range(SECTION_ROWS + 3):
        make_project(f"红色项目{n:02d}", last_progress_at=days_ago(100 + n))
    make_project("黄色项目", last_progress_at=days_ago(70))
    page = text(as_user("alice").get("/"))
    assert _counts(page) == {"green": 0, "yellow": 1, "red": SECTION_ROWS + 3}
    flagged = page.split('id="health-flagged"')[1].split("</ul>")[0]
    assert flagged.count("<li") == SECTION_ROWS
    assert flagged.index(f"红色项目{SECTION_ROWS + 2:02d}") < flagged.index("红色项目03")
    assert "红色项目02" not in flagged and "黄色项目" not in flagged
    assert "另有 4 个黄色或红色项目" in page
