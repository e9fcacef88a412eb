"""我的工作台: follow-ups due today and overdue on my projects, oldest first."""

from crm.domain.stages import Status
from crm.workbench import SECTION_ROWS
from tests.workbench.conftest import days_ago, text


def _due_section(page: str) -> str:
    return page.split('id="due"')[1].split("</section>")[0]


def test_it_lists_my_due_and_overdue_follow_ups_oldest_first(as_user, make_project):
    make_project("今天到期项目", next_followup_at=days_ago(0))
    make_project("逾期三天项目", next_followup_at=days_ago(3))
    make_project("团队成员项目", owner="bob", members=("alice",), next_followup_at=days_ago(1))
    make_project("明天到期项目", next_followup_at=days_ago(-1))
    make_project("王博的项目", owner="bob", next_followup_at=days_ago(5))
    due = _due_section(text(as_user("alice").get("/")))
    assert due.index("逾期三天项目") < due.index("团队成员项目") < due.index("今天到期项目")
    assert "明天到期项目" not in due and "王博的项目" not in due
    assert "逾期 3 天" in due and 'id="due-count">3<' in due


def test_it_skips_paused_projects(as_user, make_project):
    make_project("暂缓项目", next_followup_at=days_ago(2), status=Status.paused)
    assert "暂缓项目" not in _due_section(text(as_user("alice").get("/")))


def test_a_colleague_and_an_outsider_do_not_get_alices_follow_ups(as_user, make_project, orgs):
    make_project("光伏组件项目", next_followup_at=days_ago(2))
    make_project("镇里的项目", owner="bob", org_id=orgs["township"], next_followup_at=days_ago(1))
    assert "光伏组件项目" not in _due_section(text(as_user("bob").get("/")))
    charlie = _due_section(text(as_user("charlie").get("/")))
    assert "镇里的项目" in charlie and "光伏组件项目" not in charlie


def test_it_lists_the_oldest_twenty_and_counts_them_all(as_user, make_project):
    for n in range(SECTION_ROWS + 5):
        make_project(f"逾期项目{n:02d}", next_followup_at=days_ago(n + 1))
    due = _due_section(text(as_user("alice").get("/")))
    assert f'id="due-count">{SECTION_ROWS + 5}<' in due
    assert due.count('class="list-group-item') == SECTION_ROWS
    assert "逾期项目24" in due and "逾期项目04" not in due and "还有 5 个" in due
