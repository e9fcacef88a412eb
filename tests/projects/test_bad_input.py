"""Hostile values on every project form: no 500, nothing written, a Chinese message on a field.

The shared sweep (tests/test_bad_input_sweep.py) signs in as an admin, who may not write
projects; this runs the same hostile values through the project forms as their writers.
"""

import re

import pytest

from crm.domain.stages import Stage
from tests.conftest import ref
from tests.projects.conftest import text
from tests.test_bad_input_sweep import HOSTILE, _Fields, _row_counts

IDS = ["empty", "blank", "huge", "nul", "nul-and-long"]
FIELD_MESSAGE = r'invalid-feedback[^>]*>\s*[^<]*[\u4e00-\u9fff]'


def _fields(client, url: str) -> dict:
    parser = _Fields()
    parser.feed(text(client.get(url)))
    return parser.fields


def _sweep(app, client, page_url: str, post_url: str, value: str):
    fields = _fields(client, page_url)
    with app.app_context():
        before = _row_counts()
    response = client.post(post_url, data=dict.fromkeys(fields, value))
    with app.app_context():
        assert _row_counts() == before, post_url
    assert response.status_code < 500 and response.status_code != 302, post_url
    return fields, response


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_the_project_forms_refuse_hostile_input(app, as_user, make_project, value):
    pid = make_project(owner="alice", stage=Stage.contact)
    alice = as_user("alice")
    for page, post in ((f"/projects/{ref(pid)}/edit", f"/projects/{ref(pid)}/edit"),
                       ("/projects/new", "/projects/new"),
                       (f"/projects/{ref(pid)}", f"/projects/{ref(pid)}/stage"),
                       (f"/projects/{ref(pid)}", f"/projects/{ref(pid)}/status")):
        fields, response = _sweep(app, alice, page, post, value)
        assert fields and re.search(FIELD_MESSAGE, text(response)), (post, value)


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_the_team_and_comment_forms_refuse_hostile_input(app, as_user, make_project, value):
    pid = make_project(owner="alice")
    leader = as_user("leader")
    for post in (f"/projects/{ref(pid)}/team/add", f"/projects/{ref(pid)}/comments"):
        _fields, response = _sweep(app, leader, f"/projects/{ref(pid)}", post, value)
        assert re.search(FIELD_MESSAGE, text(response)), (post, value)


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_the_liaison_form_writes_nothing_from_hostile_input(app, as_user, make_project, orgs,
                                                            value):
    pid = make_project(owner="bob", org_id=orgs["township"])
    charlie = as_user("charlie")
    url = f"/projects/{ref(pid)}/edit"
    fields, response = _sweep(app, charlie, url, url, value)
    assert {"registered_on", "started_on", "producing_on", "operating_on"} <= set(fields)
    # Blank dates are valid (unknown); the post lacks its version, so it is refused as stale.
    assert re.search(FIELD_MESSAGE if value.strip("\x00 ") else "该项目已被他人修改",
                     text(response))
