"""GET/POST /companies/<id>/merge: everything of the duplicate moves to the kept company."""

import sqlalchemy as sa

from crm.models import (
    AuditLog,
    Company,
    CompanyFlag,
    CompanyFormerName,
    Contact,
    ProjectInvestor,
)
from tests.companies.conftest import text


def pair(make_company, projects):
    keep = make_company("中国建筑集团有限公司", flags=[("head", None)], contacts=["甲"],
                        projects=[(projects["own"], False)])
    gone = make_company("中国建筑股份有限公司", flags=[("head", None), ("china_500", 2025)],
                        contacts=["乙"], origin="北京市", uscc="91110000100000000A",
                        projects=[(projects["own"], True), (projects["confidential"], True)])
    return keep, gone


def test_it_moves_contacts_projects_names_and_flags(client_for, make_company, projects, get):
    keep, gone = pair(make_company, projects)
    response = client_for("admin").post(f"/companies/{keep}/merge", data={"merge_id": gone})
    assert response.status_code == 302
    assert get(sa.select(Company.id)) == [keep]
    assert sorted(get(sa.select(Contact.name).where(Contact.company_id == keep))) == ["乙", "甲"]
    assert sorted(get(sa.select(ProjectInvestor.project_id, ProjectInvestor.is_lead))) == sorted(
        [(projects["own"], True), (projects["confidential"], True)])
    assert get(sa.select(CompanyFormerName.name)) == ["中国建筑股份有限公司"]
    assert len(get(sa.select(CompanyFlag.id).where(CompanyFlag.company_id == keep))) == 2
    assert get(sa.select(Company.origin, Company.uscc))[0] == ("北京市", "91110000100000000A")


def test_it_writes_the_merge_to_the_audit_log(client_for, make_company, projects, get):
    keep, gone = pair(make_company, projects)
    client = client_for("admin")
    client.post(f"/companies/{keep}/merge", data={"merge_id": gone})
    assert get(sa.select(AuditLog.new).where(AuditLog.action == "merge",
                                             AuditLog.entity_id == keep)) == [
        f"合并了 中国建筑股份有限公司（ID {gone}）"]
    assert f"合并了 中国建筑股份有限公司（ID {gone}）" in text(client.get(f"/companies/{keep}"))


def test_it_offers_companies_with_the_same_name_key(client_for, make_company, projects):
    keep, gone = pair(make_company, projects)
    make_company("无关企业有限公司")
    page = text(client_for("admin").get(f"/companies/{keep}/merge"))
    assert f'<option value="{gone}">中国建筑股份有限公司' in page and "无关企业" not in page
    found = text(client_for("admin").get(f"/companies/{keep}/merge?q=无关"))
    assert "无关企业有限公司" in found


def test_it_refuses_itself_an_unknown_id_and_garbage(client_for, make_company, get):
    keep = make_company("保留企业有限公司")
    client = client_for("admin")
    for value, message in ((keep, "不能把企业合并到它自己"), (999999, "所选企业不存在"),
                           ("abc", "请选择要并入的重复企业")):
        page = text(client.post(f"/companies/{keep}/merge", data={"merge_id": value}))
        assert message in page
    assert get(sa.select(Company.id)) == [keep]


def test_it_lets_staff_merge_only_companies_they_follow(client_for, make_company, projects,
                                                       get):
    keep, gone = pair(make_company, projects)  # alice owns "own", a project of both
    bob = client_for("bob")
    assert bob.get(f"/companies/{keep}/merge").status_code == 200
    page = text(bob.post(f"/companies/{keep}/merge", data={"merge_id": gone}))
    assert "只有负责其中一家企业项目的局干部或管理员可以合并" in page
    assert sorted(get(sa.select(Company.id))) == sorted([keep, gone])
    response = client_for("alice").post(f"/companies/{keep}/merge", data={"merge_id": gone})
    assert response.status_code == 302 and get(sa.select(Company.id)) == [keep]


def test_it_forbids_leaders_liaisons_and_reporters(client_for, make_company, projects, get):
    keep, gone = pair(make_company, projects)
    for who in ("leader", "charlie", "reporter"):
        client = client_for(who)
        assert client.get(f"/companies/{keep}/merge").status_code == 403
        assert client.post(f"/companies/{keep}/merge", data={"merge_id": gone}).status_code == 403
    assert sorted(get(sa.select(Company.id))) == sorted([keep, gone])
