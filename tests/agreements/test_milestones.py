"""POST /projects/<id>/milestones: 注册/落地, 开工, 投产 dates (the stage form then moves)."""

from datetime import date

from crm.domain.stages import Stage
from tests.agreements.conftest import text
from tests.conftest import ref


def test_it_records_the_dates_and_leaves_the_stage(login_as, make_project, stored):
    pid = make_project(owner="alice", stage=Stage.signed, registered_on=date(2026, 1, 5))
    response = login_as("alice").post(f"/projects/{ref(pid)}/milestones", data={
        "registered_on": "", "started_on": "2026-04-01", "producing_on": ""})
    assert response.headers["Location"] == f"/projects/{ref(pid)}#milestones"
    project = stored(pid)
    assert (project.registered_on, project.started_on, project.stage) == (
        date(2026, 1, 5), date(2026, 4, 1), Stage.signed)


def test_it_lets_the_stage_form_move_once_the_date_is_set(login_as, make_project, stored,
                                                          agreement):
    pid = make_project(owner="alice", stage=Stage.signed, registered_on=date(2026, 1, 5))
    agreement(pid)
    client = login_as("alice")
    client.post(f"/projects/{ref(pid)}/milestones", data={"started_on": "2026-04-01"})
    client.post(f"/projects/{ref(pid)}/stage", data={"to_stage": "started",
                                                "effective_date": "2026-04-01"})
    assert stored(pid).stage == Stage.started


def test_it_rejects_a_future_date(login_as, make_project, stored):
    pid = make_project(owner="alice")
    response = login_as("alice").post(f"/projects/{ref(pid)}/milestones",
                                      data={"started_on": "2999-01-01"})
    assert response.status_code == 422 and "日期不能晚于今天" in text(response)
    assert stored(pid).started_on is None


def test_it_forbids_a_colleague_and_hides_from_an_outsider(make_project, as_user):
    pid = make_project(owner="alice")
    secret = make_project("保密项目", owner="alice", confidential=True, code_name="甲")
    assert as_user("bob").post(f"/projects/{ref(pid)}/milestones",
                               data={"started_on": "2026-04-01"}).status_code == 403
    assert as_user("charlie").post(f"/projects/{ref(secret)}/milestones",
                                   data={"started_on": "2026-04-01"}).status_code == 404
