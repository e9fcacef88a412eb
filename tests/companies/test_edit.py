"""GET/POST /companies/<id>/edit: whitelisted fields, rename keeps the old name, optimistic lock."""

import sqlalchemy as sa

from crm.extensions import db
from crm.models import AuditLog, Company, CompanyFlag, CompanyFormerName, DictKind
from tests.companies.conftest import company_form, item, text


def edit_form(get, company_id, **changes):
    row = get(sa.select(Company.name, Company.origin, Company.version)
              .where(Company.id == company_id))[0]
    return company_form(**{"name": row.name, "origin": row.origin, "version": row.version,
                           **changes})


def test_it_saves_the_fields_and_records_the_change(client_for, make_company, get):
    company_id = make_company("编辑测试有限公司", origin="北京市")
    response = client_for("alice").post(f"/companies/{company_id}/edit",
                                        data=edit_form(get, company_id, origin="天津市"))
    assert response.status_code == 302
    assert get(sa.select(Company.origin)) == ["天津市"]
    assert get(sa.select(AuditLog.old, AuditLog.new).where(
        AuditLog.field == "origin", AuditLog.action == "update")) == [("北京市", "天津市")]


def test_it_keeps_the_old_name_as_a_former_name(client_for, make_company, get):
    company_id = make_company("湖州华彩服饰有限公司")
    client_for("bob").post(f"/companies/{company_id}/edit",
                           data=edit_form(get, company_id, name="浙江华彩童装有限公司"))
    assert get(sa.select(Company.name)) == ["浙江华彩童装有限公司"]
    assert get(sa.select(CompanyFormerName.name)) == ["湖州华彩服饰有限公司"]


def test_it_sets_flags_with_the_list_year(client_for, make_company, get, app):
    company_id = make_company("标签企业有限公司", flags=[("head", None)])
    with app.app_context():
        fortune = item(DictKind.company_flag, "fortune_global")
    client_for("alice").post(f"/companies/{company_id}/edit", data=edit_form(
        get, company_id, flags=[fortune], list_year="2024"))
    assert get(sa.select(CompanyFlag.flag_id, CompanyFlag.list_year)) == [(fortune, 2024)]


def test_it_answers_a_second_edit_of_the_same_version_with_409(client_for, make_company, get):
    company_id = make_company("并发企业有限公司", origin="北京市")
    first, second = client_for("alice"), client_for("bob")
    stale = edit_form(get, company_id)
    assert first.post(f"/companies/{company_id}/edit",
                      data={**stale, "origin": "上海市"}).status_code == 302
    response = second.post(f"/companies/{company_id}/edit", data={**stale, "origin": "广州市"})
    page = text(response)
    assert response.status_code == 409 and "该记录已被他人修改" in page
    assert "李爱丽" in page and "上海市" in page and "广州市" in page  # who, theirs, mine
    assert get(sa.select(Company.origin)) == ["上海市"]


def test_it_refuses_an_edit_without_a_version(client_for, make_company, get):
    company_id = make_company("无版本企业有限公司")
    data = edit_form(get, company_id, origin="天津市")
    del data["version"]
    page = text(client_for("alice").post(f"/companies/{company_id}/edit", data=data))
    assert "该记录已被他人修改" in page and get(sa.select(Company.origin)) == [""]


def test_it_warns_when_a_rename_matches_another_company(client_for, make_company, get):
    make_company("中国建筑集团有限公司")
    company_id = make_company("改名企业有限公司")
    page = text(client_for("alice").post(f"/companies/{company_id}/edit",
                                         data=edit_form(get, company_id, name="中国建筑")))
    assert "可能重复的企业" in page and "仍然保存" in page
    assert get(sa.select(Company.name).where(Company.id == company_id)) == ["改名企业有限公司"]


def test_it_forbids_a_liaison_and_answers_404_for_a_missing_company(client_for, make_company,
                                                                   get, app):
    company_id = make_company("只读企业有限公司")
    charlie = client_for("charlie")
    assert charlie.get(f"/companies/{company_id}/edit").status_code == 403
    assert charlie.post(f"/companies/{company_id}/edit",
                        data=edit_form(get, company_id, origin="x")).status_code == 403
    assert client_for("alice").get("/companies/999999/edit").status_code == 404
    with app.app_context():
        assert db.session.get(Company, company_id).origin == ""


def test_it_records_a_flag_change_in_the_history(client_for, make_company, get, app):
    company_id = make_company("标签历史有限公司", flags=[("head", None)])
    with app.app_context():
        chain = item(DictKind.company_flag, "chain_leader")
    client_for("alice").post(f"/companies/{company_id}/edit",
                             data=edit_form(get, company_id, flags=[chain]))
    assert get(sa.select(AuditLog.new).where(AuditLog.action == "flags")) == [
        "标签：头部企业 → 链主企业"]
    assert "标签：头部企业 → 链主企业" in text(client_for("admin").get(f"/companies/{company_id}"))


def test_listed_is_asked_once_as_the_tag_and_the_column_follows_it(client_for, make_company,
                                                                    get, app):
    company_id = make_company("测试股份有限公司")
    client = client_for("alice")
    page = text(client.get(f"/companies/{company_id}/edit"))
    assert page.count("上市") == 1 and "上市公司" in page  # the tag; no second checkbox
    with app.app_context():
        listed = item(DictKind.company_flag, "listed")
    client.post(f"/companies/{company_id}/edit", data=edit_form(get, company_id, flags=[listed]))
    assert get(sa.select(Company.listed)) == [True]
    client.post(f"/companies/{company_id}/edit", data=edit_form(get, company_id, flags=[]))
    assert get(sa.select(Company.listed)) == [False]
