"""A fund arrival above the 协议金额 (alone or in total) needs 「确认金额无误」; then a badge."""

import pytest
import sqlalchemy as sa

from crm.agreements.queries import agreed_total
from crm.domain.stages import AgreementKind
from crm.models import FundArrival
from tests.agreements.conftest import fund_url, page_form, text
from tests.conftest import ref

INV, SUP, FRA = AgreementKind.investment, AgreementKind.supplement, AgreementKind.framework


@pytest.mark.parametrize("rows, total", [
    ([], None),
    ([(FRA, None)], None),                        # 意向签约 agrees no amount
    ([(INV, 100)], 100),
    ([(INV, 100), (INV, 50)], 150),               # a second phase adds
    ([(INV, 100), (SUP, 235)], 235),              # a 补充协议 restates the total
    ([(INV, 100), (SUP, 235), (INV, 10)], 245),
    ([(SUP, 235)], None),                         # a 补充协议 without a 投资协议
    ([(FRA, 999), (INV, 100)], 100),
])
def test_the_agreed_amount_follows_the_counting_rules(rows, total):
    assert agreed_total(rows) == total


def _new(client, pid, amount, **extra):
    return client.post(f"/projects/{ref(pid)}/funds/new", data={
        "arrived_on": "2026-04-01", "amount": amount, "source": "", "note": "", **extra})


def test_one_arrival_above_the_agreed_amount_is_refused_without_confirmation(
        login_as, make_project, signed, rows):
    pid = make_project(owner="alice")
    signed(pid, amount=235_000_000)
    response = _new(login_as("alice"), pid, "3亿")
    body = text(response)
    assert response.status_code == 422
    assert "本笔到位资金3.00亿元超过协议金额2.35亿元。请核对单位（万元/亿元）；" \
           "确认无误请勾选「确认金额无误」" in body
    assert 'name="confirmed"' in body  # the checkbox appears with the message
    assert rows(sa.select(FundArrival.id)) == []


def test_the_cumulative_total_is_checked_and_the_message_says_what_it_would_be(
        login_as, make_project, signed, fund, rows):
    pid = make_project(owner="alice")
    signed(pid, amount=100_000_000)
    signed(pid, kind=AgreementKind.supplement, amount=235_000_000)
    fund(pid, amount=200_000_000)
    body = text(_new(login_as("alice"), pid, "1.05亿"))
    assert "累计到位资金将达3.05亿元，超过协议金额2.35亿元。请核对单位（万元/亿元）" in body
    assert len(rows(sa.select(FundArrival.id))) == 1


def test_a_confirmed_amount_is_saved_and_the_project_is_flagged(login_as, make_project, signed,
                                                                rows):
    pid = make_project(owner="alice")
    signed(pid, amount=235_000_000)
    client = login_as("alice")
    assert _new(client, pid, "3亿", confirmed="y").status_code == 302
    assert rows(sa.select(FundArrival.amount)) == [300_000_000]
    page = text(client.get(f"/projects/{ref(pid)}"))
    assert 'id="funds-over-agreed"' in page and "到位资金超过协议金额" in page


def test_amounts_within_the_agreement_need_no_confirmation_and_raise_no_flag(
        login_as, make_project, signed):
    pid = make_project(owner="alice")
    signed(pid, amount=235_000_000)
    client = login_as("alice")
    assert _new(client, pid, "2.35亿").status_code == 302
    page = text(client.get(f"/projects/{ref(pid)}"))
    assert "到位资金超过协议金额" not in page and 'name="confirmed"' not in page


def test_without_an_investment_agreement_there_is_nothing_to_compare(login_as, make_project,
                                                                     signed):
    pid = make_project(owner="alice")
    signed(pid, kind=AgreementKind.framework, amount=None)
    assert _new(login_as("alice"), pid, "3亿").status_code == 302


def test_a_voided_agreement_agrees_nothing(login_as, make_project, signed, fund, app):
    from crm.extensions import db
    from crm.models import Agreement, utcnow

    pid = make_project(owner="alice")
    signed(pid, amount=500_000_000)
    wrong = signed(pid, amount=5_000_000_000)
    with app.app_context():
        db.session.get(Agreement, wrong).voided_at = utcnow()
        db.session.commit()
    assert "超过协议金额5.00亿元" in text(_new(login_as("alice"), pid, "6亿"))


def test_a_correction_is_checked_against_the_other_arrivals(login_as, make_project, signed,
                                                            fund, rows):
    pid = make_project(owner="alice")
    signed(pid, amount=235_000_000)
    fid = fund(pid, amount=100_000_000)
    fund(pid, amount=100_000_000)
    client = login_as("alice")
    values = page_form(client, fund_url(pid, fid), "fund-form")
    assert client.post(fund_url(pid, fid), data={**values, "amount": "1.35亿"}).status_code == 302
    body = text(client.post(fund_url(pid, fid), data={**page_form(
        client, fund_url(pid, fid), "fund-form"), "amount": "1.5亿"}))
    assert "累计到位资金将达2.50亿元，超过协议金额2.35亿元" in body
    assert sorted(rows(sa.select(FundArrival.amount))) == [100_000_000, 135_000_000]


def test_voiding_an_arrival_clears_the_flag(login_as, make_project, signed, fund):
    pid = make_project(owner="alice")
    signed(pid, amount=235_000_000)
    fund(pid, amount=200_000_000)
    fid = fund(pid, amount=100_000_000)
    client = login_as("alice")
    assert "到位资金超过协议金额" in text(client.get(f"/projects/{ref(pid)}"))
    values = page_form(client, fund_url(pid, fid), "void-form")
    client.post(fund_url(pid, fid, "void"), data={**values, "void_reason": "重复录入"})
    assert "到位资金超过协议金额" not in text(client.get(f"/projects/{ref(pid)}"))
