"""我的工作台: what changed on my projects since yesterday 00:00 (Asia/Shanghai), newest first."""

from crm.domain.stages import Stage, Status
from crm.models import Comment, StageChange, StatusChange
from tests.workbench.conftest import TODAY, days_ago, text, utc


def _changes(page: str) -> str:
    return page.split('id="changes"')[1].split("</section>")[0]


def test_it_lists_changes_since_yesterday_newest_first(as_user, make_project, followup, add,
                                                        users):
    pid = make_project("光伏组件项目")
    add(StageChange(project_id=pid, from_stage=Stage.contact, to_stage=Stage.inspection,
                    effective_date=TODAY, entered_at=utc(2026, 11, 26, 0, 5)))
    add(StageChange(project_id=pid, from_stage=Stage.lead, to_stage=Stage.contact,
                    effective_date=TODAY, entered_at=utc(2026, 11, 25, 23, 55)))
    add(StatusChange(project_id=pid, from_status=Status.normal, to_status=Status.paused,
                     effective_date=TODAY, reason="企业调整计划", entered_at=utc(2026, 11, 26, 9)))
    followup(pid, "企业确认下周来考察", days_ago(0))
    add(Comment(project_id=pid, author_id=users["leader"], body="抓紧推进",
                created_at=utc(2026, 11, 27, 8)))
    changes = _changes(text(as_user("alice").get("/")))
    assert "线索 → 接洽" not in changes  # entered before yesterday 00:00
    order = ["企业确认下周来考察", "抓紧推进", "正常 → 暂缓", "接洽 → 考察"]
    assert [changes.index(item) for item in order] == sorted(changes.index(i) for i in order)


def test_it_shows_at_most_20_changes(as_user, make_project, followup):
    pid = make_project("光伏组件项目")
    for n in range(25):
        followup(pid, f"第{n}次电话")
    assert _changes(text(as_user("alice").get("/"))).count("<li") == 20


def test_it_hides_changes_on_projects_that_are_not_mine(as_user, make_project, followup):
    followup(make_project("光伏组件项目"), "企业确认下周来考察")
    assert "企业确认下周来考察" in text(as_user("alice").get("/"))
    assert "企业确认下周来考察" not in text(as_user("bob").get("/"))
    assert "企业确认下周来考察" not in text(as_user("charlie").get("/"))
