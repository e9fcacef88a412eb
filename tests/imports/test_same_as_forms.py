"""An imported project is the project the forms make: its fields, derived names and pinyin,
search entries, stage history and audit rows. The ledger row is imported, described, reverted;
then the same project is entered through the company, project, agreement, stage and fund forms
and described again."""

import sqlalchemy as sa

from crm.domain.stages import Stage
from crm.extensions import db
from crm.localtime import today
from crm.models import (
    Agreement,
    AuditLog,
    Company,
    DictItem,
    DictKind,
    FundArrival,
    Org,
    Project,
    SearchEntry,
    StageChange,
    User,
)
from tests.conftest import ref
from tests.imports.conftest import GOOD_USCC, ledger_workbook, run_import
from tests.projects.conftest import new_form

ROW = [1, "光伏组件项目", "河北晶澳光伏有限公司", GOOD_USCC, "民营", "精细化工", "2.35亿", 1.2,
       5000, "2022.3.2", "已开工", "2022年5月10日", "刘县长", "招商一科", "王博", "厂房主体完工"]
# Written differently on purpose by each path: provenance notes, and the ids and clocks.
_PROVENANCE = {"note", "source", "title", "created_by_id", "user_id", "id", "project_id",
               "company_id", "entity_id", "version", "created_at", "updated_at", "entered_at",
               "at"}


def describe(name: str, since: int = 0) -> dict:
    """The project and its lead company as rows say them; audit rows after `since` only (a
    reverted import's rows stay in the log, and SQLite gives the next company the same id)."""
    project = db.session.scalar(sa.select(Project).where(Project.name == name))
    company = project.lead_investor
    def columns(row):
        return {c.key: getattr(row, c.key) for c in sa.inspect(row).mapper.column_attrs
                if c.key not in _PROVENANCE}
    def entry(entity, entity_id):
        found = db.session.scalar(sa.select(SearchEntry).where(
            SearchEntry.entity == entity, SearchEntry.entity_id == entity_id))
        return (found.text, found.initials, found.grams)
    ids = {"projects": project.id, "companies": company.id}
    audit = sorted(
        (a.entity, a.action, a.field, a.new)
        for a in db.session.scalars(sa.select(AuditLog).where(AuditLog.id > since, sa.or_(
            AuditLog.project_id == project.id,
            sa.and_(AuditLog.entity == "companies", AuditLog.entity_id == company.id))))
        if a.field not in _PROVENANCE)
    return {
        "project": columns(project), "company": columns(company),
        "agreements": [columns(a) for a in db.session.scalars(
            sa.select(Agreement).where(Agreement.project_id == ids["projects"]))],
        "funds": [columns(f) for f in db.session.scalars(
            sa.select(FundArrival).where(FundArrival.project_id == ids["projects"]))],
        "stages": [(s.from_stage, s.to_stage, s.effective_date) for s in db.session.scalars(
            sa.select(StageChange).where(StageChange.project_id == ids["projects"])
            .order_by(StageChange.id))],
        "search": (entry("project", project.id), entry("company", company.id)),
        "audit": audit,
    }


def _by_label(kind: DictKind, label: str) -> int:
    return db.session.scalar(sa.select(DictItem.id).where(DictItem.kind == kind,
                                                           DictItem.label == label))


def _through_the_forms(app, alice, users, orgs) -> None:
    with app.app_context():
        nature = _by_label(DictKind.nature, "民营")
        cluster = _by_label(DictKind.cluster, "精细化工")
        bob = db.session.scalar(sa.select(User.id).where(User.name == "王博"))
    response = alice.post("/companies/new", data={
        "name": "河北晶澳光伏有限公司", "uscc": GOOD_USCC, "uscc_override_reason": "",
        "nature_id": nature, "cluster_id": cluster, "industry_code": "", "origin": "",
        "parent_group": "", "website": "", "note": "", "list_year": ""})
    assert response.status_code == 302
    with app.app_context():
        company = db.session.scalar(sa.select(Company.id).where(Company.uscc == GOOD_USCC))
    response = alice.post("/projects/new", data=new_form(
        name="光伏组件项目", description="厂房主体完工", cluster_id=cluster,
        total_investment="23500", leader_id=users["leader"], org_id=orgs["bureau"],
        first_contact_by_id=bob, investors=[company], lead_investor=company,
        lead_on="2022-03-02", started_on="2022-05-10"))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        project = db.session.scalar(sa.select(Project.id).where(Project.name == "光伏组件项目"))
        token = ref(project)
    response = alice.post(f"/projects/{token}/agreements/new", data={
        "kind": "investment", "title": "", "signed_on": "2022-03-02", "amount": "12000",
        "agreed_start_date": "", "activity_id": 0, "note": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    response = alice.post(f"/projects/{token}/stage", data={
        "to_stage": "started", "effective_date": "2022-05-10", "registered_on": "", "note": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    response = alice.post(f"/projects/{token}/funds/new", data={
        "arrived_on": today().isoformat(), "amount": "5000", "source": "", "note": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def test_an_imported_project_is_the_project_the_forms_make(app, users, orgs, client_for):
    with app.app_context():  # the leader is 刘县长 in the fixtures; the unit 招商一科
        assert db.session.get(User, users["leader"]).name == "刘县长"
        assert db.session.get(Org, orgs["bureau"]).name == "招商一科"
    alice = client_for("alice")
    batch_id = run_import(alice, ledger_workbook(rows=[ROW]))
    with app.app_context():
        imported = describe("光伏组件项目")
    assert imported["project"]["stage"] == Stage.started
    assert alice.post(f"/imports/{batch_id}/revert").status_code == 302
    with app.app_context():
        mark = db.session.scalar(sa.select(sa.func.max(AuditLog.id)))
    _through_the_forms(app, alice, users, orgs)
    with app.app_context():
        entered = describe("光伏组件项目", since=mark)
    for part in entered:
        assert imported[part] == entered[part], part
