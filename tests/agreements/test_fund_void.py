"""POST /projects/<id>/funds/<id>/void: a voided arrival stays on the page, out of the 合计."""

import sqlalchemy as sa

from crm.models import AuditLog, FundArrival
from tests.agreements.conftest import fund_url, page_form, text
from tests.conftest import ref


def _void(client, pid, fid, reason="重复录入"):
    values = page_form(client, fund_url(pid, fid), "void-form")
    return client.post(fund_url(pid, fid, "void"), data={**values, "void_reason": reason})


def test_a_voided_arrival_leaves_the_total_and_stays_struck_through(login_as, make_project,
                                                                     fund):
    pid = make_project(owner="alice")
    fid = fund(pid, amount=30_000_000)
    fund(pid, amount=10_000_000)
    client = login_as("alice")
    assert _void(client, pid, fid).headers["Location"] == f"/projects/{ref(pid)}#funds"
    page = text(client.get(f"/projects/{ref(pid)}"))
    assert 'id="funds-total">1,000.00万元' in page
    assert "<del>3,000.00万元</del>" in page and "已作废：重复录入 · 李爱丽 · " in page
    assert fund_url(pid, fid) not in page


def test_it_requires_a_reason(login_as, make_project, fund, rows):
    pid = make_project(owner="alice")
    fid = fund(pid)
    response = _void(login_as("alice"), pid, fid, reason="")
    assert response.status_code == 422 and "请填写作废原因" in text(response)
    assert rows(sa.select(FundArrival.voided_at)) == [None]


def test_the_liaison_of_the_unit_voids_and_the_audit_log_says_so(make_project, fund, as_user,
                                                                 orgs, users, rows):
    pid = make_project(owner="alice", org_id=orgs["township"])
    fid = fund(pid)
    assert _void(as_user("charlie"), pid, fid, "金额录错").status_code == 302
    assert rows(sa.select(FundArrival.voided_by_id, FundArrival.void_reason)) == [
        (users["charlie"], "金额录错")]
    assert {field for field in rows(sa.select(AuditLog.field).where(
        AuditLog.entity == "fund_arrivals", AuditLog.action == "update"))} == {
        "voided_at", "voided_by_id", "void_reason"}


def test_a_colleague_off_the_team_may_not_void(make_project, fund, as_user, rows):
    pid = make_project(owner="alice")
    fid = fund(pid)
    response = as_user("bob").post(fund_url(pid, fid, "void"),
                                   data={"void_reason": "录错", "void_version": 1})
    assert response.status_code == 403 and rows(sa.select(FundArrival.voided_at)) == [None]


def test_a_voided_arrival_is_not_voided_twice(login_as, make_project, fund, rows):
    pid = make_project(owner="alice")
    fid = fund(pid)
    client = login_as("alice")
    _void(client, pid, fid)
    response = client.post(fund_url(pid, fid, "void"),
                           data={"void_reason": "又一次", "void_version": 2})
    assert response.status_code == 302
    assert rows(sa.select(FundArrival.void_reason)) == ["重复录入"]
