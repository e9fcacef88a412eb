"""GET/POST /projects/<id>/funds/new: money in place, listed and totalled on the project page."""

import sqlalchemy as sa

from crm.models import FundArrival
from tests.agreements.conftest import text
from tests.conftest import ref


def _form(**changes):
    return {"arrived_on": "2026-04-01", "amount": "3000万", "source": "企业自有资金", "note": "",
            **changes}


def test_it_records_funds_and_shows_the_total(login_as, make_project, rows):
    pid = make_project(owner="alice")
    client = login_as("alice")
    assert client.post(f"/projects/{ref(pid)}/funds/new", data=_form()).status_code == 302
    client.post(f"/projects/{ref(pid)}/funds/new", data=_form(amount="1500", source="银行贷款"))
    assert sorted(rows(sa.select(FundArrival.amount))) == [15_000_000, 30_000_000]
    page = text(client.get(f"/projects/{ref(pid)}"))
    assert 'id="funds-total">4,500.00万元' in page


def test_it_rejects_a_bad_amount_and_a_future_date(login_as, make_project, rows):
    pid = make_project(owner="alice")
    body = text(login_as("alice").post(f"/projects/{ref(pid)}/funds/new",
                                       data=_form(amount="-5", arrived_on="2999-01-01")))
    assert "日期不能晚于今天" in body and "invalid-feedback" in body
    assert rows(sa.select(FundArrival.id)) == []


def test_it_requires_an_amount(login_as, make_project, rows):
    pid = make_project(owner="alice")
    body = text(login_as("alice").post(f"/projects/{ref(pid)}/funds/new", data=_form(amount="")))
    assert "请填写到位金额" in body and rows(sa.select(FundArrival.id)) == []


def test_it_forbids_a_colleague_and_hides_from_an_outsider(make_project, as_user):
    pid = make_project(owner="alice")
    secret = make_project("保密项目", owner="alice", confidential=True, code_name="甲")
    assert as_user("bob").post(f"/projects/{ref(pid)}/funds/new", data=_form()).status_code == 403
    assert as_user("charlie").get(f"/projects/{ref(secret)}/funds/new").status_code == 404
