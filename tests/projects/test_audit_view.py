"""The audit log reads in Chinese (crm/audit_view.py): labels, names, formatted values, actions.

Shown on the project page (leaders, admins), on the company history and in the edit conflict.
"""

import re
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa

from crm import audit_labels, audit_view
from crm.audit import _SKIP, AUDITED
from crm.domain.stages import AgreementKind, PipelineClass, Stage, Status
from crm.extensions import db
from crm.models import (
    Activity,
    Agreement,
    AuditLog,
    Company,
    Contact,
    DictItem,
    DictKind,
    FollowUp,
    FundArrival,
    Project,
    ProjectMember,
)
from tests.conftest import ref
from tests.projects.conftest import edit_form, text


def shown(html: str, section: str = 'id="audit"', end: str = "</section>") -> str:
    """The section's text as a reader sees it: inline spans joined, blocks apart."""
    start = html.index(section)
    part = html[start:html.index(end, start)]
    part = re.sub(r"</?span[^>]*>", "", part)
    return " ".join(re.sub(r"<[^>]+>", " ", part).split())


def audit_of(client, project_id: int) -> str:
    return shown(text(client.get(f"/projects/{ref(project_id)}")))


def item(kind: DictKind, label: str) -> int:
    return db.session.scalar(sa.select(DictItem.id).where(DictItem.kind == kind,
                                                          DictItem.label == label))


def change(app, model, row_id: int, **columns) -> None:
    with app.app_context():
        row = db.session.get(model, row_id)
        for name, value in columns.items():
            setattr(row, name, value)
        db.session.commit()


def add(app, row) -> int:
    with app.app_context():
        db.session.add(row)
        db.session.commit()
        return row.id


def test_every_audited_column_has_a_label():
    assert set(audit_labels.LABELS) == set(AUDITED)
    for model in AUDITED:
        assert model.__tablename__ in audit_labels.ENTITY_LABELS, model
        for column in model.__table__.columns:
            if column.key not in _SKIP and column.key != "id":
                assert column.key in audit_labels.LABELS[model], (model.__name__, column.key)


def test_it_words_a_new_agreement_with_labels_names_and_amounts(app, as_user, make_project,
                                                                 users):
    pid = make_project()
    with app.app_context():
        kind = item(DictKind.activity_type, "云签约")
    activity = add(app, Activity(title="2026年云签约活动", held_on=date(2026, 3, 1), kind_id=kind))
    add(app, Agreement(project_id=pid, kind=AgreementKind.investment, title="光伏投资协议",
                       signed_on=date(2026, 3, 1), amount=1_200_000_000,
                       agreed_start_date=date(2026, 6, 1), activity_id=activity, note="首期",
                       attachment_name="协议.pdf", attachment_path="ab/cd.pdf",
                       attachment_mime="application/pdf", attachment_size=1234,
                       created_by_id=users["alice"]))
    page = audit_of(as_user("leader"), pid)
    assert "新建协议 投资协议 2026-03-01" in page
    for line in ("协议名称：光伏投资协议", "协议金额：120,000.00万元", "约定开工日期：2026-06-01",
                 "签约活动：2026年云签约活动", "备注：首期", "附件：协议.pdf", "录入人：李爱丽"):
        assert line in page, line
    assert "ab/cd.pdf" not in page and "application/pdf" not in page and "amount" not in page


def test_it_calls_a_changed_agreement_a_correction_and_hides_its_version(
        app, as_user, make_project):
    pid = make_project()
    row = add(app, Agreement(project_id=pid, kind=AgreementKind.investment,
                             signed_on=date(2026, 3, 1), amount=1_200_000_000))
    change(app, Agreement, row, amount=1_000_000_049, kind=AgreementKind.supplement)
    page = audit_of(as_user("leader"), pid)
    assert "更正协议 补充协议 2026-03-01" in page
    assert "协议金额：120,000.00万元 → 100,000.0049万元" in page  # never two equal numbers
    assert "协议类型：投资协议 → 补充协议" in page
    assert "version" not in page and "版本" not in page


def test_it_words_a_voided_agreement_and_fund_arrival_with_the_reason(app, as_user,
                                                                      make_project, users):
    pid = make_project()
    agreement = add(app, Agreement(project_id=pid, kind=AgreementKind.investment,
                                   signed_on=date(2026, 3, 1), amount=10**9))
    fund = add(app, FundArrival(project_id=pid, arrived_on=date(2026, 3, 5), amount=5 * 10**6))
    at = datetime(2026, 3, 10, 2, 0)
    change(app, Agreement, agreement, voided_at=at, voided_by_id=users["alice"],
           void_reason="金额录错")
    change(app, FundArrival, fund, voided_at=at, voided_by_id=users["alice"],
           void_reason="重复录入")
    page = audit_of(as_user("leader"), pid)
    assert "协议作废（原因：金额录错） 投资协议 2026-03-01" in page
    assert "到位资金作废（原因：重复录入） 2026-03-05 500.00万元" in page
    assert "2026-03-10" not in page and "作废时间" not in page and "作废人" not in page
    assert "作废原因" not in page


def test_it_words_fund_arrivals(app, as_user, make_project):
    pid = make_project()
    fund = add(app, FundArrival(project_id=pid, arrived_on=date(2026, 3, 5), amount=5 * 10**6,
                                source="股东增资", note="首笔"))
    change(app, FundArrival, fund, amount=6 * 10**6)
    page = audit_of(as_user("leader"), pid)
    assert "新建到位资金 2026-03-05 500.00万元 资金来源：股东增资 备注：首笔" in page
    assert "更正到位资金 2026-03-05 600.00万元 到位金额：500.00万元 → 600.00万元" in page


def test_it_words_follow_ups(app, as_user, make_project, users):
    pid = make_project()
    with app.app_context():
        phone = item(DictKind.followup_type, "电话")
    add(app, FollowUp(project_id=pid, author_id=users["bob"], kind_id=phone,
                      contact_date=date(2026, 3, 2), summary="电话沟通用地需求",
                      next_step="约定考察", next_due_date=date(2026, 3, 20),
                      other_participants="县自然资源局"))
    page = audit_of(as_user("leader"), pid)
    assert "新建对接记录 2026-03-02 电话" in page
    for line in ("记录人：王博", "对接内容：电话沟通用地需求", "下一步：约定考察",
                 "下次跟进日期：2026-03-20", "其他参与人：县自然资源局"):
        assert line in page, line


def test_it_names_users_units_dictionary_items_and_activities(app, as_user, make_project,
                                                              users, orgs):
    pid = make_project()
    with app.app_context():
        kind = item(DictKind.activity_type, "云招商")
        channel, cluster = item(DictKind.channel, "云招商"), item(DictKind.cluster, "童装安防")
    activity = add(app, Activity(title="2026年童装产业云招商推介会", held_on=date(2026, 3, 1),
                                 kind_id=kind))
    change(app, Project, pid, leader_id=users["leader"], org_id=orgs["park"],
           channel_id=channel, cluster_id=cluster, activity_id=activity)
    page = audit_of(as_user("leader"), pid)
    for line in ("包联领导：（空） → 刘县长", "责任单位：招商一科 → 经济开发区",
                 "招商渠道：（空） → 云招商", "产业集群：（空） → 童装安防",
                 "来源活动：（空） → 2026年童装产业云招商推介会"):
        assert line in page, line
    assert f"→ {orgs['park']} " not in page and f"→ {channel} " not in page


def test_it_formats_money_dates_booleans_and_enums(app, as_user, make_project):
    pid = make_project()
    change(app, Project, pid, total_investment=1_000_000_049, foreign_investment_usd=5_000_000,
           confidential=True, code_name="A1", status=Status.paused, stage=Stage.contact,
           pipeline_class=PipelineClass.A, started_on=date(2026, 5, 1), jobs=300,
           land_mu=Decimal("12.5"))
    page = audit_of(as_user("leader"), pid)
    for line in ("修改项目", "总投资：（空） → 100,000.0049万元", "利用外资：（空） → 500.00万美元",
                 "保密项目：否 → 是", "状态：正常 → 暂缓", "阶段：线索 → 接洽",
                 "项目分类：（空） → A类 重点推动", "开工日期：（空） → 2026-05-01",
                 "预计就业：（空） → 300 人", "用地：（空） → 12.50 亩"):
        assert line in page, line
    assert "paused" not in page and "True" not in page


def test_it_shows_stages_and_statuses_as_the_admin_renamed_them(app, as_user, make_project):
    with app.app_context():
        db.session.execute(sa.update(DictItem).where(DictItem.kind == DictKind.stage,
                                                     DictItem.code == "contact")
                           .values(label="初步接洽"))
        db.session.commit()
    pid = make_project()
    change(app, Project, pid, stage=Stage.contact)
    assert "阶段：线索 → 初步接洽" in audit_of(as_user("leader"), pid)


def test_it_words_team_and_investor_changes(app, as_user, make_project, users):
    pid = make_project(members=("bob",), investors=("河北光伏科技有限公司",))
    with app.app_context():
        member = db.session.scalar(sa.select(ProjectMember).where(ProjectMember.project_id == pid))
        db.session.delete(member)
        db.session.commit()
    page = audit_of(as_user("leader"), pid)
    assert "添加团队成员 王博" in page and "移除团队成员 王博" in page
    assert "添加投资方 河北光伏科技有限公司 主投资方：是" in page


def test_it_hides_a_confidential_duplicate_from_an_admin_outside_its_team(as_user,
                                                                         make_project):
    target = make_project("某央企总部项目", owner="bob", confidential=True, code_name="A1")
    lead = make_project("央企投资意向", owner=None, duplicate_of_id=target)
    page = audit_of(as_user("admin"), lead)
    assert "重复于：一个保密项目" in page and "某央企总部项目" not in page
    assert "重复于：某央企总部项目" in audit_of(as_user("leader"), lead)


def test_it_words_the_other_persons_changes_in_an_edit_conflict(as_user, make_project, users):
    pid = make_project(members=("bob",))
    alice, bob = as_user("alice"), as_user("bob")
    alices, bobs = edit_form(alice, pid), edit_form(bob, pid)
    alice.post(f"/projects/{ref(pid)}/edit", data={**alices, "leader_id": users["leader"],
                                                   "total_investment": "100000"})
    page = text(bob.post(f"/projects/{ref(pid)}/edit", data={**bobs, "jobs": "5"}))
    conflict = shown(page, 'id="other-changes"', "</table>")
    assert "李爱丽" in conflict and "包联领导 （空） 刘县长" in conflict
    assert "总投资 （空） 100,000.00万元" in conflict and "version" not in conflict


def test_it_words_company_and_contact_history(app, client_for):
    with app.app_context():
        company = Company(name="中国建筑集团有限公司")
        db.session.add(company)
        db.session.commit()
        company_id, nature = company.id, item(DictKind.nature, "央企")
    change(app, Company, company_id, nature_id=nature, listed=True)
    add(app, Contact(company_id=company_id, name="钱经理", title="总经理"))
    page = shown(text(client_for("leader").get(f"/companies/{company_id}")), "修改记录", "</table>")
    assert "修改企业 企业性质：（空） → 央企 上市企业：否 → 是" in page
    assert "新建联系人 钱经理 职务：总经理" in page and "所属企业" not in page


def test_it_words_users_units_dictionaries_and_holidays(app, users, orgs):
    def row(entity, entity_id, field, old, new):
        return AuditLog(at=datetime(2026, 3, 1, 2, 0), entity=entity, entity_id=entity_id,
                        action="update", field=field, old=old, new=new)
    with app.app_context():
        cluster = item(DictKind.cluster, "童装安防")
        found = audit_view.entries([
            row("users", users["alice"], "role", "staff", "leader"),
            row("users", users["alice"], "org_id", "", str(orgs["park"])),
            row("users", users["alice"], "password_changed_at", "", "2026-03-01T02:00:00"),
            row("users", users["alice"], "password_hash", "***", "***"),
            row("orgs", orgs["park"], "kind", "bureau", "park"),
            row("dict_items", cluster, "active", "是", "否"),
            row("holidays", 20261001, "source", "chinesecalendar", "admin"),
        ])
        users_entry, org_entry, dict_entry, holiday_entry = found
    assert (users_entry.title, users_entry.subject, users_entry.who) == (
        "修改用户", "李爱丽", "系统")
    assert [(c.label, c.old, c.new) for c in users_entry.changes] == [
        ("角色", "局干部", "领导"), ("所在单位", "（空）", "经济开发区"),
        ("密码", "（不显示）", "（不显示）"), ("密码修改时间", "（空）", "2026-03-01 10:00")]
    assert (org_entry.subject, org_entry.changes[0].new) == ("经济开发区", "园区")
    assert (dict_entry.subject, dict_entry.changes[0].new) == ("童装安防", "否")
    assert (holiday_entry.subject, holiday_entry.changes[0].label,
            holiday_entry.changes[0].new) == ("2026-10-01", "来源", "管理员录入")
