"""A confidential project never reaches the home page of someone who may not read it."""

from crm.models import Comment
from tests.workbench.conftest import days_ago, text


def test_a_confidential_unit_project_stays_off_the_liaisons_home(as_user, make_project, orgs,
                                                                  followup, add, users):
    pid = make_project("某央企总部项目", owner="bob", org_id=orgs["township"], confidential=True,
                       code_name="一号工程", next_followup_at=days_ago(1))
    followup(pid, "保密洽谈内容", author="bob")
    add(Comment(project_id=pid, author_id=users["leader"], body="保密批示"))
    charlie = text(as_user("charlie").get("/"))
    assert "某央企总部项目" not in charlie and "保密洽谈内容" not in charlie
    assert "保密批示" not in charlie
    bob = text(as_user("bob").get("/"))
    assert "某央企总部项目" in bob and "保密洽谈内容" in bob
