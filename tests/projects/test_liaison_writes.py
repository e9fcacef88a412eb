"""A liaison (单位联络员) on their unit's project: follow-ups, milestone dates and 到位资金 only.

DESIGN.md: "follow-ups, milestone dates and 到位资金 on those; not status, not agreements".
charlie is the liaison of 磁州镇; the project's 责任单位 is 磁州镇 and he is not on its team.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from crm.domain.stages import Stage
from crm.extensions import db
from crm.localtime import today
from crm.models import Agreement, DictItem, DictKind, FollowUp, FundArrival, StageChange
from tests.conftest import ref
from tests.projects.conftest import stored as stored  # noqa: F401  (fixture)
from tests.projects.conftest import text


@pytest.fixture
def unit_project(make_project, orgs):
    return make_project("磁州镇文旅康养项目", owner="alice", org_id=orgs["township"],
                        stage=Stage.contact)


def test_it_refuses_the_liaison_status_stage_and_agreements(as_user, unit_project, rows):
    charlie, base = as_user("charlie"), f"/projects/{ref(unit_project)}"
    assert charlie.post(f"{base}/stage", data={"to_stage": "inspection", "effective_date":
                                               today().isoformat()}).status_code == 403
    assert charlie.post(f"{base}/status", data={"to_status": "paused", "reason": "暂缓",
                                                "effective_date": today().isoformat()}
                        ).status_code == 403
    assert charlie.get(f"{base}/agreements/new").status_code == 403
    assert charlie.post(f"{base}/agreements/new", data={
        "kind": "investment", "signed_on": "2026-04-01", "amount": "1亿"}).status_code == 403
    assert rows(sa.select(Agreement.id)) == [] and rows(sa.select(StageChange.id)) == []
    page = text(charlie.get(base))
    for absent in (f'action="{base}/stage', f'action="{base}/status', f'{base}/agreements/new',
                   "修改项目信息",
                   "移交负责人"):
        assert absent not in page, absent
    for present in ("录入到位资金", "节点日期", "修改节点日期", "记录对接"):
        assert present in page, present


def test_it_lets_the_liaison_record_funds_dates_and_follow_ups(app, as_user, unit_project,
                                                               rows, stored):
    charlie, base = as_user("charlie"), f"/projects/{ref(unit_project)}"
    assert charlie.post(f"{base}/funds/new", data={
        "arrived_on": "2026-04-01", "amount": "3000万", "source": "企业自有资金", "note": ""}
    ).status_code == 302
    assert charlie.post(f"{base}/milestones", data={"registered_on": "2026-03-20"}
                        ).status_code == 302
    with app.app_context():
        phone = db.session.scalar(sa.select(DictItem.id).where(
            DictItem.kind == DictKind.followup_type).order_by(DictItem.id).limit(1))
    assert charlie.post(f"{base}/followups", data={
        "kind_id": phone, "contact_date": today().isoformat(), "summary": "镇里协调用地",
        "next_step": "", "next_due_date": (today() + timedelta(days=7)).isoformat()}
    ).status_code == 302
    assert rows(sa.select(FundArrival.amount)) == [30_000_000]
    assert stored(unit_project).registered_on.isoformat() == "2026-03-20"
    assert rows(sa.select(FollowUp.summary)) == ["镇里协调用地"]
    # The edit page gives the liaison the milestone dates, not the project's fields.
    form = text(charlie.get(f"{base}/edit"))
    assert 'name="started_on"' in form and 'name="total_investment"' not in form


def test_it_gives_a_liaison_nothing_to_write_outside_their_unit(as_user, make_project, orgs):
    pid = make_project(owner="alice", org_id=orgs["park"], members=("charlie",))
    charlie, base = as_user("charlie"), f"/projects/{ref(pid)}"
    assert charlie.get(base).status_code == 200  # on the team: reads it
    for url in ("funds/new", "edit", "agreements/new"):
        assert charlie.get(f"{base}/{url}").status_code == 403, url
    assert charlie.post(f"{base}/milestones", data={"registered_on": "2026-03-20"}
                        ).status_code == 403
