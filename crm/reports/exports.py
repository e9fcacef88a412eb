"""Any list to Excel: the project list with its on-screen filters, companies, follow-ups,
agreements, fund arrivals and the cockpit's drill-down lists.

Each export reads the list's own filters and clauses (crm/projects/queries.py,
crm/companies/queries.py, the cockpit's measures), so it has exactly the list's rows, all of
them rather than one page; the rows are streamed from the database into a write-only sheet.
"""

from datetime import date

import sqlalchemy as sa
from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy.orm import aliased

from crm.access import readable_clause, roles_required
from crm.companies import queries as company_queries
from crm.dashboard import period
from crm.dashboard.measures import MEASURES, health_expression, lead_company, narrowed
from crm.dashboard.views import narrowing, scope_from_request
from crm.domain.stages import INACTIVE, AgreementKind, Health, Stage, Status
from crm.extensions import db
from crm.localtime import today
from crm.models import (
    Agreement,
    Company,
    CompanyFlag,
    DictItem,
    FollowUp,
    FundArrival,
    Org,
    Project,
    ProjectInvestor,
    Role,
    User,
)
from crm.projects import queries as project_queries
from crm.projects.pipeline import in_pipeline
from crm.reference_data import stage_label
from crm.reports import xlsx
from crm.reports.blueprint import bp
from crm.reports.ledger import shown_name
from crm.reports.record import download, now_local, record
from crm.reports.views import VIEWERS, county, real_names_ticked
from crm.reports.xlsx import Column

LIST_ROLES = (Role.leader, Role.staff, Role.liaison, Role.admin)
BATCH = 1000
SIGNING = (AgreementKind.investment, AgreementKind.supplement)


def _stream(query: sa.Select):
    return db.session.execute(query.execution_options(yield_per=BATCH))


def _send(sheet: xlsx.Sheet, kind: str, filename: str, real_names: bool):
    handle = sheet.save()
    record(kind, request.args, sheet.rows, real_names)
    return download(handle, filename, xlsx.MIME)


def _heading(title: str) -> tuple[str, tuple[str]]:
    return f"{county()}{title}", (f"导出时间：{now_local():%Y-%m-%d %H:%M}　金额单位：万元",)


def _hidden(row, real_names: bool) -> bool:
    """Free text and investors of a confidential project shown under its code name are left
    out too: they would name it."""
    return row.confidential and not real_names


# --- 项目库 -------------------------------------------------------------------------------

PROJECT_COLUMNS = [
    Column("序号", 6, "int"), Column("项目名称", 30), Column("主投资方", 26), Column("阶段", 9),
    Column("状态", 8), Column("分类", 6), Column("总投资(万元)", 13, "wan"),
    Column("包联领导", 10), Column("责任单位", 14), Column("负责人", 10),
    Column("最近对接", 11, "date"), Column("下次跟进", 11, "date"), Column("健康度", 7),
]


@bp.get("/projects.xlsx")
@roles_required(*LIST_ROLES)
def projects():
    day, real_names = today(), real_names_ticked()
    f = project_queries.Filters.from_args(request.args)
    clauses = project_queries.where_clauses(current_user, f, day)
    order = [Project.id.desc()]
    if f.sort:
        column = project_queries.SORTS[f.sort][1]
        order.insert(0, sa.nulls_last(column.desc() if f.desc else column.asc()))
    leader, owner = aliased(User), aliased(User)
    colour = sa.case((Project.status != Status.normal, None), else_=health_expression(day))
    query = (sa.select(Project.name, Project.code_name, Project.confidential, Project.stage,
                       Project.status, Project.pipeline_class, Project.total_investment,
                       leader.name.label("leader"), Org.name.label("org"),
                       owner.name.label("owner"), Project.last_contact_at,
                       Project.next_followup_at, colour.label("colour"),
                       Company.name.label("investor"))
             .select_from(Project)
             .outerjoin(Company, Company.id == lead_company())
             .outerjoin(leader, leader.id == Project.leader_id)
             .outerjoin(owner, owner.id == Project.owner_id)
             .outerjoin(Org, Org.id == Project.org_id)
             .where(*clauses).order_by(*order))
    title, notes = _heading("项目库")
    sheet = xlsx.Sheet("项目库", PROJECT_COLUMNS, title, notes)
    total = 0
    for n, row in enumerate(_stream(query), start=1):
        if f.status is not None or Status(row.status) not in INACTIVE:  # the list's headline
            total += row.total_investment or 0
        sheet.row([n, shown_name(row.name, row.code_name, row.confidential, real_names),
                   "" if _hidden(row, real_names) else row.investor, stage_label(Stage(row.stage)),
                   Status(row.status).label,
                   f"{row.pipeline_class.value}类" if row.pipeline_class else "",
                   row.total_investment, row.leader, row.org, row.owner, row.last_contact_at,
                   row.next_followup_at, Health(row.colour).label if row.colour else ""])
    sheet.row([None, f"合计（{sheet.rows}个，终止、流失、移出库的不计总投资）"
               if f.status is None else f"合计（{sheet.rows}个）", None, None, None, None,
               total, None, None, None, None, None, None], "total")
    return _send(sheet, "projects", "项目库.xlsx", real_names)


# --- 企业 ---------------------------------------------------------------------------------

COMPANY_COLUMNS = [
    Column("序号", 6, "int"), Column("企业名称", 34), Column("统一社会信用代码", 21),
    Column("企业性质", 10), Column("产业集群", 12), Column("来源地", 12), Column("标签", 24),
    Column("上级集团", 24), Column("项目数", 8, "int"),
]


@bp.get("/companies.xlsx")
@roles_required(*LIST_ROLES)
def companies():
    filters = company_queries.Filters.from_args(request.args)
    matched = company_queries.filtered(filters).subquery()
    nature, cluster, flag = aliased(DictItem), aliased(DictItem), aliased(DictItem)
    flags = (sa.select(sa.func.aggregate_strings(flag.label, "、"))
             .select_from(CompanyFlag).join(flag, flag.id == CompanyFlag.flag_id)
             .where(CompanyFlag.company_id == Company.id).correlate(Company).scalar_subquery())
    projects_read = (sa.select(sa.func.count(ProjectInvestor.project_id))
                     .join(Project, Project.id == ProjectInvestor.project_id)
                     .where(ProjectInvestor.company_id == Company.id,
                            readable_clause(current_user))
                     .correlate(Company).scalar_subquery())
    query = (sa.select(Company.name, Company.uscc, nature.label.label("nature"),
                       cluster.label.label("cluster"), Company.origin, flags.label("flags"),
                       Company.parent_group, projects_read.label("projects"))
             .select_from(Company)
             .join(matched, matched.c.id == Company.id)
             .outerjoin(nature, nature.id == Company.nature_id)
             .outerjoin(cluster, cluster.id == Company.cluster_id)
             .order_by(Company.name_initials, Company.name, Company.id))
    title, notes = _heading("企业名录")
    sheet = xlsx.Sheet("企业", COMPANY_COLUMNS, title, notes[:1])
    for n, row in enumerate(_stream(query), start=1):
        sheet.row([n, row.name, row.uscc, row.nature, row.cluster, row.origin,
                   row.flags, row.parent_group, row.projects])
    return _send(sheet, "companies", "企业名录.xlsx", False)


# --- Follow-ups, agreements, fund arrivals over a date range -----------------------------

def _range(errors: dict) -> tuple[date, date]:
    """from/to (default: this month so far); a bad date is named on its field."""
    day = today()
    days = {"from": day.replace(day=1), "to": day}
    for name, label in (("from", "开始日期"), ("to", "结束日期")):
        text = (request.args.get(name) or "").strip()
        if not text:
            continue
        try:
            days[name] = date.fromisoformat(text[:10])
        except ValueError:
            errors[name] = f"请按 2026-01-31 的格式填写{label}"
    if not errors and days["to"] < days["from"]:
        errors["to"] = "结束日期不能早于开始日期"
    if not errors and (days["to"] - days["from"]).days > period.LONGEST_DAYS:
        errors["from"] = "导出期间最长10年"
    return days["from"], days["to"]


def _range_or_page(kind: str):
    """((from, to), None), or (None, the 422 page naming each bad field)."""
    errors: dict = {}
    start, end = _range(errors)
    if errors:
        return None, (render_template("reports/invalid.html", errors=errors, kind=kind), 422)
    return (start, end), None


def _project_where(*clauses) -> list:
    return [readable_clause(current_user), in_pipeline(), *clauses]


FOLLOWUP_COLUMNS = [
    Column("序号", 6, "int"), Column("对接日期", 11, "date"), Column("项目名称", 28),
    Column("对接方式", 10), Column("记录人", 10), Column("对接内容", 50), Column("下一步", 30),
    Column("下次跟进", 11, "date"),
]


@bp.get("/followups.xlsx")
@roles_required(*VIEWERS)
def followups():
    days, failed = _range_or_page("对接记录")
    if failed:
        return failed
    real_names = real_names_ticked()
    kind = aliased(DictItem)
    query = (sa.select(FollowUp.contact_date, Project.name, Project.code_name,
                       Project.confidential, kind.label.label("kind"), User.name.label("author"),
                       FollowUp.summary, FollowUp.next_step, FollowUp.next_due_date)
             .select_from(FollowUp)
             .join(Project, Project.id == FollowUp.project_id)
             .outerjoin(kind, kind.id == FollowUp.kind_id)
             .outerjoin(User, User.id == FollowUp.author_id)
             .where(*_project_where(FollowUp.contact_date.between(*days)))
             .order_by(FollowUp.contact_date, FollowUp.id))
    title, notes = _heading(f"对接记录（{days[0]} 至 {days[1]}）")
    sheet = xlsx.Sheet("对接记录", FOLLOWUP_COLUMNS, title, notes[:1])
    for n, row in enumerate(_stream(query), start=1):
        hide = _hidden(row, real_names)
        sheet.row([n, row.contact_date,
                   shown_name(row.name, row.code_name, row.confidential, real_names), row.kind,
                   row.author, "（保密项目，内容略）" if hide else row.summary,
                   "" if hide else row.next_step, row.next_due_date])
    return _send(sheet, "followups", f"对接记录-{days[0]}-{days[1]}.xlsx", real_names)


AGREEMENT_COLUMNS = [
    Column("序号", 6, "int"), Column("签订日期", 11, "date"), Column("项目名称", 28),
    Column("协议类型", 10), Column("协议名称", 28), Column("协议金额(万元)", 14, "wan"),
    Column("计入签约金额(万元)", 15, "wan"), Column("约定开工日期", 12, "date"),
    Column("状态", 7),
]


@bp.get("/agreements.xlsx")
@roles_required(*VIEWERS)
def agreements():
    days, failed = _range_or_page("签约协议")
    if failed:
        return failed
    real_names = real_names_ticked()
    query = (sa.select(Agreement.signed_on, Agreement.kind, Agreement.title, Agreement.amount,
                       Agreement.counted_amount, Agreement.agreed_start_date,
                       Agreement.voided_at, Project.name, Project.code_name,
                       Project.confidential)
             .select_from(Agreement)
             .join(Project, Project.id == Agreement.project_id)
             .where(*_project_where(Agreement.signed_on.between(*days)))
             .order_by(Agreement.signed_on, Agreement.id))
    title, notes = _heading(f"签约协议（{days[0]} 至 {days[1]}）")
    sheet = xlsx.Sheet("签约协议", AGREEMENT_COLUMNS, title, notes[:1])
    counted = 0
    for n, row in enumerate(_stream(query), start=1):
        live = row.voided_at is None
        kind = AgreementKind(row.kind)
        if live and kind in SIGNING:
            counted += row.counted_amount or 0
        sheet.row([n, row.signed_on,
                   shown_name(row.name, row.code_name, row.confidential, real_names),
                   kind.label, "" if _hidden(row, real_names) else row.title, row.amount,
                   row.counted_amount if live and kind in SIGNING else None,
                   row.agreed_start_date, "有效" if live else "已作废"])
    sheet.row([None, None, f"签约金额合计（{sheet.rows}份协议，作废和框架协议不计）", None, None,
               None, counted, None, None], "total")
    return _send(sheet, "agreements", f"签约协议-{days[0]}-{days[1]}.xlsx", real_names)


FUND_COLUMNS = [
    Column("序号", 6, "int"), Column("到位日期", 11, "date"), Column("项目名称", 28),
    Column("到位金额(万元)", 14, "wan"), Column("资金来源", 24), Column("说明", 36),
]


@bp.get("/funds.xlsx")
@roles_required(*VIEWERS)
def funds():
    days, failed = _range_or_page("到位资金")
    if failed:
        return failed
    real_names = real_names_ticked()
    query = (sa.select(FundArrival.arrived_on, FundArrival.amount, FundArrival.source,
                       FundArrival.note, Project.name, Project.code_name, Project.confidential)
             .select_from(FundArrival)
             .join(Project, Project.id == FundArrival.project_id)
             .where(*_project_where(FundArrival.voided_at.is_(None),
                                    FundArrival.arrived_on.between(*days)))
             .order_by(FundArrival.arrived_on, FundArrival.id))
    title, notes = _heading(f"到位资金（{days[0]} 至 {days[1]}）")
    sheet = xlsx.Sheet("到位资金", FUND_COLUMNS, title, notes[:1])
    total = 0
    for n, row in enumerate(_stream(query), start=1):
        hide = _hidden(row, real_names)
        total += row.amount
        sheet.row([n, row.arrived_on,
                   shown_name(row.name, row.code_name, row.confidential, real_names),
                   row.amount, "" if hide else row.source, "" if hide else row.note])
    sheet.row([None, None, f"合计（{sheet.rows}笔，作废的不计）", total, None, None], "total")
    return _send(sheet, "funds", f"到位资金-{days[0]}-{days[1]}.xlsx", real_names)


# --- The cockpit's drill-down lists --------------------------------------------------------

@bp.get("/drill.xlsx")
@roles_required(*VIEWERS)
def drill():
    choice, scope = scope_from_request()
    if choice.errors:
        return render_template("reports/invalid.html", errors=choice.errors,
                               kind="驾驶舱清单"), 422
    key = request.args.get("measure") or "signed"
    if key not in MEASURES:
        abort(404)
    measure, real_names = MEASURES[key], real_names_ticked()
    narrow, labels = narrowing(scope)
    rows = narrowed(measure.rows(scope), scope, narrow).subquery()
    per_project = (sa.select(rows.c.pid, sa.func.sum(rows.c.value).label("value"),
                             sa.func.max(rows.c.day).label("day"))
                   .group_by(rows.c.pid).subquery())
    if measure.oldest_first:
        order = (sa.nulls_last(per_project.c.day.asc()), Project.id)
    else:
        order = (sa.nulls_last(per_project.c.value.desc()),
                 sa.nulls_last(per_project.c.day.desc()), Project.id.desc())
    leader = aliased(User)
    query = (sa.select(Project.name, Project.code_name, Project.confidential, Project.stage,
                       Project.status, Org.name.label("org"), leader.name.label("leader"),
                       Company.name.label("investor"), per_project.c.value, per_project.c.day)
             .select_from(Project)
             .join(per_project, per_project.c.pid == Project.id)
             .outerjoin(Company, Company.id == lead_company())
             .outerjoin(Org, Org.id == Project.org_id)
             .outerjoin(leader, leader.id == Project.leader_id)
             .order_by(*order))
    columns = [Column("序号", 6, "int"), Column("项目名称", 30), Column("主投资方", 26),
               Column("阶段", 9), Column("状态", 8), Column("责任单位", 14),
               Column("包联领导", 10), Column(measure.day, 12, "date")]
    if measure.amount:
        columns.append(Column(f"{measure.amount}(万元)", 15, "wan"))
    narrowed_by = "".join(f" · {dim}：{label}" for dim, label in labels)
    title, notes = _heading(f"{measure.label}（{scope.period.label}）")
    sheet = xlsx.Sheet(measure.label, columns, title, (*notes, measure.note + narrowed_by))
    total = 0
    for n, row in enumerate(_stream(query), start=1):
        values = [n, shown_name(row.name, row.code_name, row.confidential, real_names),
                  "" if _hidden(row, real_names) else row.investor,
                  stage_label(Stage(row.stage)), Status(row.status).label, row.org, row.leader,
                  xlsx.as_date(row.day)]
        if measure.amount:
            values.append(row.value or 0)
            total += row.value or 0
        sheet.row(values)
    sums = [None, f"合计（{sheet.rows}个项目）", None, None, None, None, None, None]
    sheet.row(sums + ([total] if measure.amount else []), "total")
    return _send(sheet, "drill", f"{measure.label}-{scope.period.label}.xlsx", real_names)
