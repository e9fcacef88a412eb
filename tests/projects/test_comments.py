"""POST /projects/<id>/comments: 领导批示, leaders only, shown in the timeline."""

import sqlalchemy as sa

from crm.models import Comment
from tests.conftest import ref
from tests.projects.conftest import text


def test_it_posts_a_leaders_instruction(as_user, make_project, users, rows):
    pid = make_project(owner="alice")
    body = "请月底前完成考察"
    response = as_user("leader").post(f"/projects/{ref(pid)}/comments", data={"body": body})
    assert response.status_code == 302
    assert tuple(rows(sa.select(Comment.author_id, Comment.body))[0]) == (users["leader"], body)
    assert body in text(as_user("alice").get(f"/projects/{ref(pid)}"))


def test_it_forbids_staff_even_the_owner(as_user, make_project, rows):
    pid = make_project(owner="alice")
    response = as_user("alice").post(f"/projects/{ref(pid)}/comments", data={"body": "自批"})
    assert response.status_code == 403
    assert rows(sa.select(Comment)) == []


def test_it_offers_the_form_only_to_leaders(as_user, make_project):
    pid = make_project(owner="alice")
    assert "发布批示" in text(as_user("leader").get(f"/projects/{ref(pid)}"))
    assert "发布批示" not in text(as_user("alice").get(f"/projects/{ref(pid)}"))


def test_it_refuses_an_empty_instruction(as_user, make_project, rows):
    pid = make_project(owner="alice")
    leader = as_user("leader")
    response = leader.post(f"/projects/{ref(pid)}/comments", data={"body": "  "})
    assert response.status_code == 422 and "请输入批示内容" in text(response)
    response = leader.post(f"/projects/{ref(pid)}/comments", data={"body": "请\x00推进"})
    assert "内容包含无效字符" in text(response) and rows(sa.select(Comment)) == []
