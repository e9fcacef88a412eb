"""GET/POST /companies/new: credit-code check with override, duplicate warnings, roles."""

import sqlalchemy as sa

from crm.domain.uscc import make_uscc
from crm.extensions import db
from crm.models import Company, CompanyFlag, CompanyFormerName, DictKind
from tests.companies.conftest import company_form, item, text

GOOD = make_uscc("91130427MA0CXR3G1")
BAD_CHECKSUM = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")


def test_it_creates_a_company_with_its_fields_and_flags(login_as, app, get):
    with app.app_context():
        fields = {"nature_id": item(DictKind.nature, "private"),
                  "flags": [item(DictKind.company_flag, "china_500"),
                            item(DictKind.company_flag, "head")]}
    response = login_as("alice").post("/companies/new", data=company_form(
        uscc=GOOD.lower(), origin="北京市", list_year="2025", industry_code="c26", **fields))
    assert response.status_code == 302
    row = get(sa.select(Company.name, Company.uscc, Company.origin, Company.industry_code))[0]
    assert tuple(row) == ("河北新测科技有限公司", GOOD, "北京市", "C26")
    assert sorted(get(sa.select(CompanyFlag.list_year)), key=str) == [2025, None]


def test_it_rejects_a_code_of_the_wrong_length_or_characters(login_as, get):
    client = login_as("alice")
    short = text(client.post("/companies/new", data=company_form(uscc="91130427")))
    letters = text(client.post("/companies/new", data=company_form(uscc="91130427MA0CXR3GIO")))
    assert "统一社会信用代码应为18位，当前为8位" in short
    assert "只能包含数字和除I、O、S、V、Z外的大写字母" in letters and not get(sa.select(Company.id))


def test_it_asks_for_a_reason_when_the_checksum_fails_then_saves_it(login_as, get):
    client = login_as("bob")
    refused = text(client.post("/companies/new", data=company_form(uscc=BAD_CHECKSUM)))
    assert "校验位不符" in refused and "校验失败原因" in refused and not get(sa.select(Company.id))
    saved = client.post("/companies/new", data=company_form(
        uscc=BAD_CHECKSUM, uscc_override_reason="早期试点代码，已与营业执照核对"))
    assert saved.status_code == 302
    assert get(sa.select(Company.uscc, Company.uscc_override_reason))[0] == (
        BAD_CHECKSUM, "早期试点代码，已与营业执照核对")


def test_it_refuses_a_credit_code_that_another_company_has(login_as, make_company, get):
    existing = make_company("已登记企业有限公司", uscc=GOOD)
    page = text(login_as("alice").post("/companies/new", data=company_form(
        name="完全不同的名字有限公司", uscc=GOOD, confirm_duplicate="y")))
    link = f'<a href="/companies/{existing}">「已登记企业有限公司」</a>'
    assert f"该信用代码已登记为企业{link}" in page
    assert get(sa.select(sa.func.count(Company.id))) == [1]


def test_it_warns_of_a_normalised_name_match_until_confirmed(login_as, make_company, get):
    existing = make_company("中国建筑集团有限公司")
    client = login_as("alice")
    page = text(client.post("/companies/new", data=company_form(name="中国建筑股份有限公司")))
    assert "可能重复的企业" in page and f'href="/companies/{existing}"' in page
    assert "仍然新建" in page and get(sa.select(sa.func.count(Company.id))) == [1]
    confirmed = client.post("/companies/new", data=company_form(
        name="中国建筑股份有限公司", confirm_duplicate="y"))
    assert confirmed.status_code == 302 and get(sa.select(sa.func.count(Company.id))) == [2]


def test_it_matches_a_former_name_too(login_as, make_company, app):
    existing = make_company("浙江华彩童装有限公司")
    with app.app_context():
        db.session.add(CompanyFormerName(company_id=existing, name="湖州华彩服饰有限公司"))
        db.session.commit()
    page = text(login_as("alice").post("/companies/new", data=company_form(name="湖州华彩服饰")))
    assert "可能重复的企业" in page and "浙江华彩童装有限公司" in page


def test_it_forbids_a_liaison_and_a_reporter(client_for, get):
    for who in ("charlie", "reporter"):
        client = client_for(who)
        assert client.get("/companies/new").status_code == 403
        assert client.post("/companies/new", data=company_form()).status_code == 403
    assert not get(sa.select(Company.id))
