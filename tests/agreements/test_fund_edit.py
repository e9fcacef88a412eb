"""GET/POST /projects/<id>/funds/<id>/edit: correct a fund arrival; the 合计 follows."""

from datetime import date, timedelta

import sqlalchemy as sa

from crm.localtime import today
from crm.models import AuditLog, FundArrival
from tests.agreements.conftest import fund_url, page_form, text
from tests.conftest import ref


def test_it_corrects_a_mistyped_amount_and_the_total_follows(login_as, make_project, fund,
                                                              rows):
    pid = make_project(owner="alice")
    fid = fund(pid, amount=300_000_000)  # 3000万 typed, 300万 meant
    fund(pid, amount=10_000_000)
    client = login_as("alice")
    assert 'id="funds-total">31,000.00万元' in text(client.get(f"/projects/{ref(pid)}"))
    values = page_form(client, fund_url(pid, fid), "fund-form")
    assert (values["amount"], values["version"]) == ("30000", "1")
    response = client.post(fund_url(pid, fid), data={**values, "amount": "300万"})
    assert response.headers["Location"] == f"/projects/{ref(pid)}#funds"
    assert 'id="funds-total">1,300.00万元' in text(client.get(f"/projects/{ref(pid)}"))
    assert rows(sa.select(AuditLog.field, AuditLog.old, AuditLog.new).where(
        AuditLog.entity == "fund_arrivals", AuditLog.action == "update")) == [
        ("amount", "300000000", "3000000")]


def test_the_liaison_of_the_unit_corrects_a_fund_arrival(make_project, fund, as_user, orgs,
                                                         rows):
    pid = make_project(owner="alice", org_id=orgs["township"])  # charlie's unit
    fid = fund(pid)
    charlie = as_user("charlie")
    values = page_form(charlie, fund_url(pid, fid), "fund-form")
    response = charlie.post(fund_url(pid, fid), data={**values, "arrived_on": "2026-04-02"})
    assert response.status_code == 302
    assert rows(sa.select(FundArrival.arrived_on, FundArrival.version)) == [(date(2026, 4, 2), 2)]


def test_a_stale_form_gets_the_conflict_message_and_changes_nothing(client_for, make_project,
                                                                    fund, rows):
    pid = make_project(owner="alice", members=("bob",))
    fid = fund(pid)
    alice, bob = client_for("alice"), client_for("bob")
    stale = page_form(alice, fund_url(pid, fid), "fund-form")
    fresh = page_form(bob, fund_url(pid, fid), "fund-form")
    assert bob.post(fund_url(pid, fid), data={**fresh, "amount": "2000万"}).status_code == 302
    response = alice.post(fund_url(pid, fid), data={**stale, "amount": "2500万"})
    assert response.status_code == 409 and "该笔到位资金已被他人修改或作废" in text(response)
    assert rows(sa.select(FundArrival.amount)) == [20_000_000]


def test_it_rejects_a_future_date_and_a_missing_amount(login_as, make_project, fund, rows):
    pid = make_project(owner="alice")
    fid = fund(pid)
    client = login_as("alice")
    values = page_form(client, fund_url(pid, fid), "fund-form")
    tomorrow = (today() + timedelta(days=1)).isoformat()
    body = text(client.post(fund_url(pid, fid), data={**values, "arrived_on": tomorrow,
                                                      "amount": ""}))
    assert "日期不能晚于今天" in body and "请填写到位金额" in body
    assert rows(sa.select(FundArrival.amount, FundArrival.version)) == [(30_000_000, 1)]


def test_hostile_values_never_give_a_500(login_as, make_project, fund, rows):
    pid = make_project(owner="alice")
    fid = fund(pid)
    client = login_as("alice")
    values = page_form(client, fund_url(pid, fid), "fund-form")
    for name, value in (("version", "²"), ("version", "1" * 400), ("amount", "1" * 400),
                        ("amount", "3000亿"), ("arrived_on", "2026-02-30"),
                        ("source", "\x00")):
        response = client.post(fund_url(pid, fid), data={**values, name: value})
        assert response.status_code in (409, 422), (name, value)
    assert rows(sa.select(FundArrival.version)) == [1]


def test_a_colleague_off_the_team_gets_403_and_an_outsider_404(make_project, fund, as_user):
    pid = make_project(owner="alice")
    secret = make_project("保密项目", owner="alice", confidential=True, code_name="甲")
    fid, hidden = fund(pid), fund(secret)
    assert as_user("bob").get(fund_url(pid, fid)).status_code == 403
    assert as_user("leader").post(fund_url(pid, fid), data={"amount": "1"}).status_code == 403
    assert as_user("bob").get(fund_url(secret, hidden)).status_code == 404
    assert as_user("alice").get(fund_url(pid, hidden)).status_code == 404  # another project's
