"""GET /companies/<id>: fields, flags, former names, contacts, readable projects, history."""

from crm.extensions import db
from crm.models import Company, CompanyFormerName
from tests.companies.conftest import text


def linked(make_company, projects):
    return make_company("华彩童装有限公司", uscc="91330502MA2B3C4D5E", origin="浙江省湖州市",
                        flags=[("fortune_global", 2025)], contacts=["钱经理"],
                        projects=[(projects["own"], True), (projects["confidential"], True),
                                  (projects["conf_team"], False), (projects["unit"], False)])


def test_it_shows_fields_flags_and_contacts(client_for, make_company, projects, app):
    company_id = linked(make_company, projects)
    with app.app_context():
        db.session.add(CompanyFormerName(company_id=company_id, name="湖州华彩服饰有限公司"))
        db.session.commit()
    page = text(client_for("alice").get(f"/companies/{company_id}"))
    assert "91330502MA2B3C4D5E" in page and "浙江省湖州市" in page and "钱经理" in page
    assert "世界500强（2025）" in page and "湖州华彩服饰有限公司" in page


def test_it_lists_only_the_projects_the_viewer_may_read(client_for, make_company, projects):
    company_id = linked(make_company, projects)
    alice = text(client_for("alice").get(f"/companies/{company_id}"))
    bob = text(client_for("bob").get(f"/companies/{company_id}"))
    charlie = text(client_for("charlie").get(f"/companies/{company_id}"))
    assert "光伏组件项目" in alice
    assert "某央企总部项目" not in alice and "某链主企业项目" not in alice
    assert "某链主企业项目" in bob and "某央企总部项目" not in bob
    assert "磁州镇文旅康养项目" in charlie and "光伏组件项目" not in charlie


def test_it_shows_every_project_to_a_leader(client_for, make_company, projects):
    page = text(client_for("leader").get(f"/companies/{linked(make_company, projects)}"))
    assert "某央企总部项目" in page and "某链主企业项目" in page


def test_it_shows_the_history_to_leaders_and_admins_only(client_for, make_company, app):
    company_id = make_company("历史企业有限公司")
    with app.app_context():
        db.session.get(Company, company_id).origin = "北京市朝阳区"
        db.session.commit()
    for who, shown in (("leader", True), ("admin", True), ("alice", False), ("charlie", False)):
        page = text(client_for(who).get(f"/companies/{company_id}"))
        assert ("修改记录" in page and "→ 北京市朝阳区" in page) is shown, who


def test_it_answers_404_for_a_missing_company_and_403_to_a_reporter(client_for, make_company):
    company_id = make_company("某企业有限公司")
    assert client_for("alice").get("/companies/999999").status_code == 404
    assert client_for("reporter").get(f"/companies/{company_id}").status_code == 403
