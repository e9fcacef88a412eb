"""线索 ≤ 签约 ≤ 注册（落地） ≤ 开工 ≤ 投产 ≤ 达效 on every form that takes a project's dates.

The new-project form, the edit form (owner), the liaison's dates form (charlie on a 磁州镇
project, through /edit) and the milestone form on the project page (/milestones).
"""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from crm.domain.stages import Stage
from crm.extensions import db
from crm.localtime import today
from crm.models import Project, StageChange
from crm.projects.forms import DatesForm, project_dates
from tests.conftest import ref
from tests.projects.conftest import edit_form, new_form, text
from tests.projects.test_plausibility import field_errors

LEAD, SIGNED = date(2022, 1, 10), date(2022, 3, 1)
CONFIRM = 'name="confirm_start_before_signing"'


@pytest.fixture
def signed_project(app, make_project, orgs):
    """A 磁州镇 project first recorded on 2022-01-10 and signed on 2022-03-01 (owner alice)."""
    def make(**columns):
        pid = make_project("磁州镇文旅康养项目", owner="alice", org_id=orgs["township"],
                           stage=Stage.signed, signed_on=SIGNED, **columns)
        with app.app_context():
            db.session.add(StageChange(project_id=pid, to_stage=Stage.lead, effective_date=LEAD))
            db.session.commit()
        return pid
    return make


def _edit(client, pid, **dates):
    return client.post(f"/projects/{ref(pid)}/edit", data={**edit_form(client, pid), **dates})


# --- The new-project form ---

def test_it_refuses_a_start_before_registration_on_the_new_form(as_user, rows):
    response = as_user("alice").post("/projects/new", data=new_form(
        name="光伏组件项目", registered_on="2022-05-10", started_on="2022-03-01"))
    assert field_errors(text(response), "started_on") == [
        "开工日期（2022-03-01）不能早于注册（落地）日期（2022-05-10）"]
    assert rows(sa.select(Project.id)) == []


def test_it_refuses_progress_before_the_lead_date_on_the_new_form(as_user, rows):
    response = as_user("alice").post("/projects/new", data=new_form(
        name="光伏组件项目", lead_on="2022-06-01", registered_on="2022-05-01"))
    assert field_errors(text(response), "registered_on") == [
        "注册（落地）日期（2022-05-01）不能早于线索日期（2022-06-01）"]
    assert rows(sa.select(Project.id)) == []


def test_it_refuses_a_future_lead_date(as_user, rows):
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = as_user("alice").post("/projects/new", data=new_form(name="光伏组件项目",
                                                                     lead_on=tomorrow))
    (message,) = field_errors(text(response), "lead_on")
    assert "日期不能晚于今天" in message and tomorrow in message
    assert rows(sa.select(Project.id)) == []


def test_it_creates_a_project_whose_dates_are_in_order(as_user, rows):
    response = as_user("alice").post("/projects/new", data=new_form(
        name="光伏组件项目", lead_on="2022-01-10", registered_on="2022-05-10",
        started_on="2022-06-01", producing_on="2023-03-01", operating_on="2023-06-30"))
    assert response.status_code == 302
    assert rows(sa.select(Project.started_on)) == [date(2022, 6, 1)]


# --- The edit form (owner) ---

def test_it_refuses_production_before_the_start_on_the_edit_form(as_user, make_project,
                                                                 stored):
    pid = make_project(owner="alice", started_on=date(2022, 6, 1))
    response = _edit(as_user("alice"), pid, producing_on="2022-05-01")
    assert field_errors(text(response), "producing_on") == [
        "投产日期（2022-05-01）不能早于开工日期（2022-06-01）"]
    assert (stored(pid).producing_on, stored(pid).version) == (None, 1)


def test_it_refuses_operation_before_production(as_user, make_project, stored):
    pid = make_project(owner="alice", producing_on=date(2023, 3, 1))
    response = _edit(as_user("alice"), pid, operating_on="2023-01-01")
    assert field_errors(text(response), "operating_on") == [
        "达效日期（2023-01-01）不能早于投产日期（2023-03-01）"]
    assert stored(pid).operating_on is None


def test_it_refuses_a_registration_before_the_signing(as_user, signed_project, stored):
    pid = signed_project()
    response = _edit(as_user("alice"), pid, registered_on="2022-02-01")
    assert field_errors(text(response), "registered_on") == [
        "注册（落地）日期（2022-02-01）不能早于签约日期（2022-03-01）"]
    assert stored(pid).registered_on is None


def test_it_takes_the_lead_date_from_the_first_stage_change(as_user, signed_project, stored):
    pid = signed_project()
    response = _edit(as_user("alice"), pid, started_on="2021-12-01")
    assert field_errors(text(response), "started_on") == [
        "开工日期（2021-12-01）不能早于线索日期（2022-01-10）"]
    assert stored(pid).started_on is None


def test_it_takes_the_stage_date_of_a_project_at_lead_without_history(as_user, make_project):
    pid = make_project(owner="alice", stage=Stage.lead, stage_date=date(2022, 4, 1))
    response = _edit(as_user("alice"), pid, registered_on="2022-03-01")
    assert field_errors(text(response), "registered_on") == [
        "注册（落地）日期（2022-03-01）不能早于线索日期（2022-04-01）"]


def test_it_refuses_a_future_date_on_the_edit_form(as_user, make_project, stored):
    pid = make_project(owner="alice")
    response = _edit(as_user("alice"), pid,
                     operating_on=(today() + timedelta(days=1)).isoformat())
    assert "日期不能晚于今天" in field_errors(text(response), "operating_on")[0]
    assert stored(pid).operating_on is None


# --- 开工 before 签约: allowed only when confirmed ---

def test_it_refuses_a_start_before_the_signing_without_the_confirmation(as_user,
                                                                       signed_project, stored):
    pid = signed_project()
    page = text(_edit(as_user("alice"), pid, started_on="2022-02-01"))
    assert field_errors(page, "started_on") == [
        "开工日期（2022-02-01）早于签约日期（2022-03-01）：如确属先开工后签约，"
        "请勾选“确认开工早于签约”"]
    assert CONFIRM in page and stored(pid).started_on is None


def test_it_accepts_a_start_before_the_signing_when_confirmed(as_user, signed_project, stored):
    pid = signed_project()
    response = _edit(as_user("alice"), pid, started_on="2022-02-01",
                     confirm_start_before_signing="y")
    assert response.status_code == 302 and stored(pid).started_on == date(2022, 2, 1)


def test_it_offers_the_confirmation_only_where_it_applies(as_user, signed_project, make_project):
    alice = as_user("alice")
    assert CONFIRM not in text(alice.get(f"/projects/{ref(signed_project())}/edit"))
    assert CONFIRM not in text(alice.get(f"/projects/{ref(make_project(owner='alice'))}/edit"))


def test_it_keeps_an_accepted_early_start_confirmed_for_unrelated_edits(as_user,
                                                                       signed_project, stored):
    pid = signed_project(started_on=date(2022, 2, 1))
    alice = as_user("alice")
    data = edit_form(alice, pid)  # as the browser would post it: the box comes ticked
    assert data["confirm_start_before_signing"] == "y"
    assert alice.post(f"/projects/{ref(pid)}/edit", data={**data, "jobs": "80"}
                      ).status_code == 302
    assert stored(pid).jobs == 80


# --- The liaison's dates form (charlie, 磁州镇) through /edit ---

def test_it_refuses_the_liaison_a_start_before_registration(as_user, signed_project, stored):
    pid = signed_project(registered_on=date(2022, 5, 10))
    charlie = as_user("charlie")
    assert "total_investment" not in edit_form(charlie, pid)  # the dates form
    response = _edit(charlie, pid, started_on="2022-03-01")
    assert field_errors(text(response), "started_on") == [
        "开工日期（2022-03-01）不能早于注册（落地）日期（2022-05-10）"]
    assert stored(pid).started_on is None


def test_it_asks_the_liaison_to_confirm_a_start_before_the_signing(as_user, signed_project,
                                                                  stored):
    pid = signed_project()
    charlie = as_user("charlie")
    page = text(_edit(charlie, pid, started_on="2022-02-01"))
    assert "确认开工早于签约" in field_errors(page, "started_on")[0] and CONFIRM in page
    assert _edit(charlie, pid, started_on="2022-02-01",
                 confirm_start_before_signing="y").status_code == 302
    assert stored(pid).started_on == date(2022, 2, 1)


# --- The milestone form on the project page ---

def test_it_refuses_milestones_out_of_order(as_user, make_project, stored):
    pid = make_project(owner="alice")
    response = as_user("alice").post(f"/projects/{ref(pid)}/milestones", data={
        "started_on": "2022-06-01", "producing_on": "2022-05-01"})
    assert response.status_code == 422
    assert field_errors(text(response), "producing_on") == [
        "投产日期（2022-05-01）不能早于开工日期（2022-06-01）"]
    assert (stored(pid).started_on, stored(pid).producing_on) == (None, None)


def test_a_blank_milestone_is_checked_as_the_stored_date(app, make_project):
    pid = make_project(owner="alice", started_on=date(2022, 6, 1))
    with app.test_request_context(method="POST", data={"started_on": "",
                                                       "producing_on": "2022-05-01"}):
        project = db.session.get(Project, pid)
        form = DatesForm(meta={"csrf": False}, context=project_dates(project),
                         blank_keeps_stored=True)
        assert not form.validate()
        assert form.producing_on.errors == ["投产日期（2022-05-01）不能早于开工日期（2022-06-01）"]
        # The edit form clears a blank date instead: nothing then to compare with.
        assert DatesForm(meta={"csrf": False}, context=project_dates(project)).validate()


def test_the_milestone_form_checks_against_the_stored_dates(as_user, signed_project, stored):
    pid = signed_project(started_on=date(2022, 6, 1))
    alice, url = as_user("alice"), f"/projects/{ref(pid)}/milestones"
    response = alice.post(url, data={"producing_on": "2022-05-01"})
    assert field_errors(text(response), "producing_on") == [
        "投产日期（2022-05-01）不能早于开工日期（2022-06-01）"]
    page = text(alice.post(url, data={"started_on": "2022-02-01"}))
    assert "确认开工早于签约" in field_errors(page, "started_on")[0] and CONFIRM in page
    assert alice.post(url, data={"started_on": "2022-02-01", "confirm_start_before_signing": "y"}
                      ).status_code == 302
    assert (stored(pid).started_on, stored(pid).producing_on) == (date(2022, 2, 1), None)
