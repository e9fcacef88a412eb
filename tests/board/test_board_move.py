"""Moving cards from the board: the keyboard form, the drag's JSON answer, and read-only cards."""

import re

import sqlalchemy as sa

from crm.domain.stages import AgreementKind, Stage
from crm.localtime import today
from crm.models import StageChange
from tests.board.conftest import column, text
from tests.conftest import ref

JSON = {"Accept": "application/json"}


def _move_form(page: str, pid: int) -> dict:
    """The inputs of a card's move form, as a browser would post them (the date prefilled)."""
    form = page.split(f'action="/projects/{ref(pid)}/stage"')[1].split("</form>")[0]
    return {name: value for name, value in re.findall(
        r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', form)}


def test_the_keyboard_form_moves_a_project_as_of_its_date_and_stays_on_the_board(
        app, as_user, make_project, stored, rows):
    pid = make_project("光伏组件项目", stage=Stage.contact)
    alice = as_user("alice")
    form = _move_form(text(alice.get("/projects/board")), pid)
    with app.app_context():
        assert form["effective_date"] == today().isoformat() and form["next"] == "board"
    response = alice.post(f"/projects/{ref(pid)}/stage", data={
        **form, "to_stage": "inspection", "effective_date": "2022-03-02"})
    assert response.status_code == 302 and response.headers["Location"] == "/projects/board"
    assert stored(pid).stage == Stage.inspection
    assert stored(pid).stage_date.isoformat() == "2022-03-02"
    (change,) = rows(sa.select(StageChange))
    assert (change.from_stage, change.to_stage, change.effective_date.isoformat()) == (
        Stage.contact, Stage.inspection, "2022-03-02")
    board = text(alice.get("/projects/board"))
    assert "光伏组件项目" in column(board, "inspection") and "已移至「考察」阶段" in board


def test_a_refused_keyboard_move_is_explained_on_the_board(as_user, make_project, stored):
    pid = make_project("光伏组件项目", stage=Stage.negotiation)
    alice = as_user("alice")
    form = _move_form(text(alice.get("/projects/board")), pid)
    response = alice.post(f"/projects/{ref(pid)}/stage", data={**form, "to_stage": "signed"},
                          follow_redirects=True)
    page = text(response)
    assert response.request.path == "/projects/board"
    assert "「光伏组件项目」未移动：移至「签约」需先录入投资协议" in page
    future = alice.post(f"/projects/{ref(pid)}/stage", follow_redirects=True, data={
        **form, "to_stage": "signed", "effective_date": "2999-01-01"})
    assert "日期不能晚于今天" in text(future) and stored(pid).stage == Stage.negotiation


def test_a_drag_is_answered_with_json(as_user, make_project, stored):
    pid = make_project("光伏组件项目", stage=Stage.contact)
    response = as_user("alice").post(f"/projects/{ref(pid)}/stage", headers=JSON, data={
        "to_stage": "inspection", "effective_date": today().isoformat()})
    assert response.status_code == 200 and response.json == {
        "ok": True, "stage": "inspection", "label": "考察"}
    assert stored(pid).stage == Stage.inspection


def test_a_move_to_signed_without_an_investment_agreement_is_refused(as_user, make_project,
                                                                      agreement, stored, rows):
    pid = make_project("光伏组件项目", stage=Stage.negotiation)
    agreement(pid, kind=AgreementKind.framework)
    response = as_user("alice").post(f"/projects/{ref(pid)}/stage", headers=JSON, data={
        "to_stage": "signed", "effective_date": today().isoformat()})
    assert response.status_code == 422
    assert response.json["errors"] == ["移至「签约」需先录入投资协议（金额和签约日期）"]
    assert stored(pid).stage == Stage.negotiation and rows(sa.select(StageChange)) == []


def test_a_backward_drag_without_a_reason_is_refused(as_user, make_project, stored):
    pid = make_project("光伏组件项目", stage=Stage.negotiation)
    response = as_user("alice").post(f"/projects/{ref(pid)}/stage", headers=JSON, data={
        "to_stage": "contact", "effective_date": today().isoformat()})
    assert response.status_code == 422 and "需填写原因" in response.json["errors"][0]
    assert stored(pid).stage == Stage.negotiation


def test_read_only_cards_have_no_move_form(as_user, make_project):
    pid = make_project("光伏组件项目", stage=Stage.contact)
    alice, bob = text(as_user("alice").get("/projects/board")), text(
        as_user("bob").get("/projects/board"))
    assert f'action="/projects/{ref(pid)}/stage"' in alice and 'data-writable="1"' in alice
    assert f'action="/projects/{ref(pid)}/stage"' not in bob and 'data-writable="0"' in bob
    assert "board-card locked" in bob
    assert "/stage" not in text(as_user("leader").get("/projects/board"))


def test_a_colleague_cannot_move_by_posting(as_user, make_project, stored):
    pid = make_project("光伏组件项目", stage=Stage.contact)
    response = as_user("bob").post(f"/projects/{ref(pid)}/stage", headers=JSON, data={
        "to_stage": "inspection", "effective_date": today().isoformat()})
    assert response.status_code == 403 and stored(pid).stage == Stage.contact
