"""我的工作台 for a leader: 我包联的项目 with their latest follow-up, in a constant number of
queries whatever the number of projects."""

import sqlalchemy as sa

from crm.extensions import db
from tests.projects.test_index_queries import _queries_of
from tests.workbench.conftest import days_ago, text


def _led(page: str) -> str:
    return page.split('id="led"')[1].split("</section>")[0]


def test_it_lists_led_projects_with_their_latest_follow_up(as_user, make_project, followup,
                                                           users):
    pid = make_project("光伏组件项目", leader_id=users["leader"], next_followup_at=days_ago(2))
    followup(pid, "第一次电话沟通", days_ago(20))
    followup(pid, "企业高管来县考察", days_ago(3))
    make_project("别人包联的项目")
    led = _led(text(as_user("leader").get("/")))
    assert "光伏组件项目" in led and "企业高管来县考察" in led and days_ago(3).isoformat() in led
    assert "第一次电话沟通" not in led and "别人包联的项目" not in led
    assert "光伏组件项目" in text(as_user("leader").get("/")).split('id="due"')[1]


def test_staff_have_no_led_projects_section(as_user, make_project, users):
    make_project("光伏组件项目", leader_id=users["leader"])
    assert 'id="led"' not in text(as_user("alice").get("/"))


def _lead(app, make_project, followup, users, count):
    for n in range(count):
        pid = make_project(f"包联项目{n}", leader_id=users["leader"], next_followup_at=days_ago(1))
        followup(pid, f"对接{n}", days_ago(n % 7))


def test_it_runs_the_same_queries_for_5_and_15_led_projects(app, as_user, make_project,
                                                             followup, users):
    _lead(app, make_project, followup, users, 5)
    at_5 = _queries_of(app, as_user("leader"), "/")
    _lead(app, make_project, followup, users, 10)
    at_15 = _queries_of(app, as_user("leader"), "/")
    assert len(at_15) == len(at_5)
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM projects")) == 15
