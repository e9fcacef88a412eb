"""Opaque project references (crm/projects/ref.py): /projects/<token>, never /projects/<id>."""

import re

import pytest
from flask import url_for

from crm.projects import ref as project_ref
from tests.conftest import ref

TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")


@pytest.mark.parametrize("project_id", [1, 2, 3, 255, 256, 65_537, 987_654_321, 2_147_483_647])
def test_a_token_decodes_to_its_id(app, project_id):
    with app.app_context():
        token = project_ref.encode(project_id)
        assert TOKEN.fullmatch(token)
        assert project_ref.decode(token) == project_id
        assert project_ref.encode(str(project_id)) == token  # to_url may get a digit string


def test_tokens_of_consecutive_ids_show_no_order(app):
    with app.app_context():
        tokens = [project_ref.encode(i) for i in range(1, 41)]
    assert len(set(tokens)) == len(tokens)
    assert tokens != sorted(tokens)
    for a, b in zip(tokens, tokens[1:], strict=False):
        same = sum(x == y for x, y in zip(a, b, strict=True))
        assert same <= 8, (a, b)  # about 22/64 chance per place; a counter would share 20


def test_the_key_comes_from_the_secret(app):
    with app.app_context():
        token = project_ref.encode(7)
    assert project_ref.encode(7, "another-secret") != token
    assert project_ref.decode(token, "another-secret") is None
    assert ref(7) == token  # the tests' helper makes the same tokens as the app


@pytest.mark.parametrize("project_id", [0, -1, 2_147_483_648])
def test_it_refuses_to_encode_an_id_out_of_range(app, project_id):
    with app.app_context(), pytest.raises(ValueError):
        project_ref.encode(project_id)


def test_url_for_produces_the_token(app):
    with app.test_request_context():
        assert url_for("projects.detail", project_id=12) == f"/projects/{ref(12)}"
        assert url_for("projects.edit", project_id=12) == f"/projects/{ref(12)}/edit"
        assert url_for("intake.accept", project_id=12) == f"/intake/{ref(12)}/accept"


def test_the_project_page_answers_its_token_and_links_with_tokens(as_user, make_project):
    pid = make_project("工业园项目", owner="alice")
    client = as_user("alice")
    assert client.get(f"/projects/{ref(pid)}").status_code == 200
    listing = client.get("/projects").get_data(as_text=True)
    assert f'href="/projects/{ref(pid)}"' in listing
    assert f'href="/projects/{pid}"' not in listing


def test_an_integer_url_is_a_404(as_user, make_project):
    pid = make_project("工业园项目", owner="alice")
    client = as_user("alice")
    assert client.get(f"/projects/{pid}").status_code == 404
    assert client.get(f"/projects/{pid}/edit").status_code == 404


def test_a_tampered_token_is_a_404(as_user, make_project):
    pid = make_project("工业园项目", owner="alice")
    client = as_user("alice")
    token = ref(pid)
    for i in range(len(token)):
        for c in "A_-9z":
            if c != token[i]:
                bad = token[:i] + c + token[i + 1:]
                assert client.get(f"/projects/{bad}").status_code == 404, bad


def test_a_token_made_with_another_secret_is_a_404(as_user, make_project):
    pid = make_project("工业园项目", owner="alice")
    client = as_user("alice")
    assert client.get(f"/projects/{project_ref.encode(pid, 'another-secret')}").status_code == 404
    assert client.get(f"/projects/{ref(pid)}").status_code == 200


def test_the_board_emits_tokens_not_ids(as_user, make_project):
    pid = make_project("工业园项目", owner="alice")
    page = as_user("alice").get("/projects/board").get_data(as_text=True)
    assert f'data-move-url="/projects/{ref(pid)}/stage"' in page
    assert "data-project-id" not in page and f"card-{pid}" not in page
