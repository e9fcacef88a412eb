"""What each ledger row would do, decided before anything is written: new, update, unchanged
or error, with the field-level reasons, through the rules the forms apply.

The rules are the forms' own pieces: money through crm.domain.money and the admin's amount cap,
credit codes through crm.domain.uscc, the order of dates through crm.domain.chronology, stage
moves through crm.domain.stages.check_stage_move, names' lengths as the forms cap them. Rows are
matched to existing records the way the duplicate check matches (crm/companies/queries.py): a
company by credit code first, then by normalised name (or a former name); the project among
that company's projects by name. A match the user may not read is reported only as
CONFIDENTIAL_HIT. Look-ups are made once per chunk of rows, not per row.
"""

import json
from dataclasses import replace
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.access import can_read, can_write
from crm.agreements.queries import over_agreed
from crm.companies.queries import CONFIDENTIAL_HIT
from crm.domain.chronology import ProjectDates
from crm.domain.money import format_exact
from crm.domain.stages import (
    AgreementKind,
    ProjectFacts,
    Stage,
    check_stage_move,
    is_qualifying_agreement,
)
from crm.extensions import db
from crm.imports import values as v
from crm.imports.cells import Lookups, Row, check_row, read_values
from crm.imports.ledger import FIELDS
from crm.models import (
    Agreement,
    Company,
    CompanyFormerName,
    FundArrival,
    Project,
    ProjectInvestor,
    Role,
    StageChange,
    User,
)
from crm.names import normalise_company_name

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
ACTION_LABELS = {NEW: "新增", UPDATE: "更新", UNCHANGED: "无变化", ERROR: "错误"}
CHUNK = 500
NO_RIGHT = "无权修改该项目：须由项目负责人或团队成员导入"
# Stage -> the ledger date a move there is dated by (the stages before 签约 have none: lead_on).
STAGE_DATES = {Stage.signed: "signed_on", Stage.registered: "registered_on",
               Stage.started: "started_on", Stage.producing: "producing_on"}
PROJECT_DATES = ("registered_on", "started_on", "producing_on")
# Ledger field -> project column an update may change.
PROJECT_COLUMNS = {"total_investment": "total_investment",
                   "fixed_asset_investment": "fixed_asset_investment",
                   "cluster": "cluster_id", "channel": "channel_id", "leader": "leader_id",
                   "org": "org_id", "first_contact_by": "first_contact_by_id",
                   "progress": "description", "land_mu": "land_mu", "jobs": "jobs",
                   "registered_on": "registered_on", "started_on": "started_on",
                   "producing_on": "producing_on"}
COMPANY_COLUMNS = {"uscc": "uscc", "nature": "nature_id", "cluster": "cluster_id"}


def key_of(values: dict) -> tuple[str, str]:
    """The duplicate check's key: credit code or normalised company name, and project name."""
    company = values.get("uscc") or normalise_company_name(values.get("company_name", ""))
    return company, v.fold(values.get("project_name", ""))


def plan_batch(batch, rows: list[Row], user: User) -> list[Row]:
    """`plan` with the batch's own confirmed mapping and units (preview, confirm, scheduler)."""
    return plan(rows, json.loads(batch.mapping), json.loads(batch.units), user)


def plan(rows: list[Row], mapping: list[str], units: list[str], user: User) -> list[Row]:
    """Decide every row's action. Nothing is written (the session may be rolled back after)."""
    lookups = Lookups()
    seen: dict[tuple[str, str], int] = {}
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        for row in chunk:
            read_values(row, mapping, units, lookups)
            check_row(row, lookups)
        matches = _Matches([r for r in chunk if not r.errors], user)
        for row in chunk:
            if not row.errors:
                key = key_of(row.values)
                if key in seen:
                    row.error("项目名称", f"与第{seen[key]}行是同一项目（重复行），请删除其中一行")
                else:
                    seen[key] = row.number
            if not row.errors:
                _decide(row, matches, user, lookups)
            row.action = ERROR if row.errors else row.action
    return rows


class _Matches:
    """Companies and their projects for a chunk of rows, in a few queries."""

    def __init__(self, rows: list[Row], user: User):
        usccs = {r.values["uscc"] for r in rows if r.values.get("uscc")}
        names = {normalise_company_name(r.values["company_name"])
                 for r in rows if r.values.get("company_name")}
        self.by_uscc: dict[str, Company] = {}
        self.by_name: dict[str, list[Company]] = {}
        companies: dict[int, Company] = {}
        if usccs:
            for company in db.session.scalars(sa.select(Company).where(Company.uscc.in_(usccs))):
                self.by_uscc[company.uscc] = company
                companies[company.id] = company
        if names:
            former = dict(db.session.execute(
                sa.select(CompanyFormerName.company_id, CompanyFormerName.name_normalized)
                .where(CompanyFormerName.name_normalized.in_(names))).all())
            found = db.session.scalars(sa.select(Company).where(sa.or_(
                Company.name_normalized.in_(names), Company.id.in_(former))).order_by(Company.id))
            for company in found:
                companies[company.id] = company
                for key in {company.name_normalized, former.get(company.id)} & names:
                    self.by_name.setdefault(key, []).append(company)
        self.projects: dict[int, list[Project]] = {}
        if companies:
            links = db.session.execute(
                sa.select(ProjectInvestor.company_id, Project)
                .join(Project, Project.id == ProjectInvestor.project_id)
                .where(ProjectInvestor.company_id.in_(companies))
                .options(selectinload(Project.members))).all()
            for company_id, project in links:
                self.projects.setdefault(company_id, []).append(project)
        loose = {v.fold(r.values["project_name"]) for r in rows if not r.values.get("company_name")}
        self.loose: dict[str, list[Project]] = {}
        if loose:
            alone = ~sa.exists().where(ProjectInvestor.project_id == Project.id)
            for project in db.session.scalars(sa.select(Project).where(
                    Project.name.in_(loose), alone).options(selectinload(Project.members))):
                self.loose.setdefault(v.fold(project.name), []).append(project)
        # Which candidates have a 主投资方 (the stage rule from 接洽 on asks).
        candidates = {p.id for found in (*self.projects.values(), *self.loose.values())
                      for p in found}
        self.led: set[int] = set(db.session.scalars(
            sa.select(ProjectInvestor.project_id).where(
                ProjectInvestor.project_id.in_(candidates), ProjectInvestor.is_lead))
        ) if candidates else set()

    def company(self, values: dict) -> Company | None:
        if values.get("uscc") and values["uscc"] in self.by_uscc:
            return self.by_uscc[values["uscc"]]
        if not values.get("company_name"):
            return None
        for company in self.by_name.get(normalise_company_name(values["company_name"]), []):
            # A company registered under another credit code is another company.
            if not values.get("uscc") or company.uscc is None:
                return company
        return None

    def project(self, company: Company | None, name: str) -> Project | None:
        candidates = self.projects.get(company.id, []) if company else self.loose.get(name, [])
        return next((p for p in candidates if v.fold(p.name) == name), None)


def _decide(row: Row, matches: _Matches, user: User, lookups: Lookups) -> None:
    values = row.values
    row.company = matches.company(values)
    project = matches.project(row.company, v.fold(values["project_name"]))
    if project is not None and not can_read(user, project):
        row.errors[:] = [("", CONFIDENTIAL_HIT)]
        return
    if project is not None and not can_write(user, project):
        row.error("", NO_RIGHT)
        return
    row.project = project
    if project is None:
        _plan_new(row, user, lookups)
    else:
        _plan_update(row, project, lookups, has_lead=project.id in matches.led)


def _lead_on(values: dict, lookups: Lookups) -> date:
    known = [values.get(name) for name in ("lead_on", "signed_on", *PROJECT_DATES)]
    return values.get("lead_on") or min((d for d in known if d), default=lookups.today)


def _check_dates(row: Row, dates: ProjectDates, lookups: Lookups) -> None:
    labels = {"lead_on": "线索日期", "signed_on": "签约时间", "registered_on": "注册（落地）日期",
              "started_on": "开工时间", "producing_on": "投产时间", "operating_on": "达效日期"}
    for name, message in dates.check(today=lookups.today).items():
        row.error(labels[name], message)


def _plan_new(row: Row, user: User, lookups: Lookups) -> None:
    values = row.values
    if user.role == Role.staff:
        owner = user.id  # as on the new-project form: a staff member's project is their own
    elif values.get("owner"):
        owner = values["owner"]
    else:
        row.error("负责人", "管理员导入的新项目须在“负责人”列填写局干部")
        return
    row.lead_on = _lead_on(values, lookups)
    signed = (values["signed_on"], values["agreement_amount"]) \
        if values.get("signed_on") else None
    dates = ProjectDates(lead_on=row.lead_on, signed_on=signed[0] if signed else None,
                         **{name: values.get(name) for name in PROJECT_DATES})
    _check_dates(row, dates, lookups)
    row.agreement = signed
    row.project_set = {column: values[key] for key, column in PROJECT_COLUMNS.items()
                       if key in values}
    row.project_set.update(name=values["project_name"], owner_id=owner)
    if row.company is None and values.get("company_name"):
        row.company_set = {"name": values["company_name"], "uscc": values.get("uscc"),
                           "nature_id": values.get("nature"),
                           "cluster_id": values.get("cluster")}
    # The row's company becomes the new project's 主投资方 (crm/imports/apply.py _projects).
    facts = ProjectFacts(has_investment_agreement=signed is not None,
                         has_lead_investor=row.company is not None or bool(row.company_set),
                         **{name: values.get(name) for name in PROJECT_DATES})
    _plan_stage(row, Stage.lead, facts, None)
    if values.get("funds_in_place"):
        row.funds = values["funds_in_place"]
        _funds_note(row, 0, signed[1] if signed else None)
    if not row.errors:
        row.action = NEW


def _plan_stage(row: Row, current: Stage, facts: ProjectFacts, project: Project | None) -> None:
    target = row.values.get("stage")
    signed_rank = Stage.signed.rank
    # An 投资协议 moves a project to 签约 by itself (lifecycle.follow_signing).
    reached = Stage.signed if facts.has_investment_agreement and current.rank < signed_rank \
        and (project is None or project.signed_on is None) else current
    if target is None or target.rank <= reached.rank:
        if target is not None and target.rank < current.rank:
            row.notes.append(("阶段", f"台账为「{target.label}」，系统中已是「{current.label}」："
                                      "导入不退回阶段"))
        return
    if not facts.has_lead_investor and target.rank >= Stage.contact.rank:
        # The stage rule's own words point at the project form; a ledger row is fixed here.
        row.error(FIELDS["company_name"][0], f"台账阶段为「{target.label}」：接洽及以后的项目须有"
                                             "主投资方，请填写投资方/企业名称")
        facts = replace(facts, has_lead_investor=True)
    errors = check_stage_move(reached, target, facts, "", project.status if project else
                              _normal())
    for message in errors:
        row.error("阶段", message)
    if not errors:
        row.target = target


def _normal():
    from crm.domain.stages import Status
    return Status.normal


def _plan_update(row: Row, project: Project, lookups: Lookups, has_lead: bool) -> None:
    values = row.values
    for key, column in PROJECT_COLUMNS.items():
        if key in values and getattr(project, column) != values[key]:
            row.project_set[column] = values[key]
            row.changes.append((FIELDS[key][0], lookups.shown(column, getattr(project, column)),
                                lookups.shown(column, values[key])))
    company = row.company
    if company is not None:
        for key, column in COMPANY_COLUMNS.items():
            if key in values and getattr(company, column) is None:
                row.company_set[column] = values[key]
                row.changes.append((FIELDS[key][0], "", lookups.shown(column, values[key])))
    agreements = db.session.execute(
        sa.select(Agreement.kind, Agreement.amount, Agreement.signed_on)
        .where(Agreement.project_id == project.id, Agreement.voided_at.is_(None))).all()
    has_agreement = any(is_qualifying_agreement(*a) for a in agreements)
    if values.get("signed_on") and values.get("agreement_amount"):
        same = (AgreementKind.investment, values["agreement_amount"], values["signed_on"])
        if not has_agreement:
            row.agreement = (values["signed_on"], values["agreement_amount"])
            row.changes.append(("投资协议", "", f"{values['signed_on']} "
                                f"{format_exact(values['agreement_amount'])}"))
        elif tuple(same) not in {tuple(a) for a in agreements}:
            row.notes.append(("投资协议", "系统中已有投资协议，与台账的日期或金额不同，未改动；"
                                          "如需更正请在项目页操作"))
    lead_on = db.session.scalar(sa.select(StageChange.effective_date)
                                .where(StageChange.project_id == project.id)
                                .order_by(StageChange.id).limit(1))
    merged = {name: row.project_set.get(name, getattr(project, name)) for name in PROJECT_DATES}
    signed_on = project.signed_on or (row.agreement[0] if row.agreement else None)
    _check_dates(row, ProjectDates(lead_on=lead_on, signed_on=signed_on, **merged,
                                   operating_on=project.operating_on), lookups)
    facts = ProjectFacts(has_investment_agreement=has_agreement or row.agreement is not None,
                         operating_on=project.operating_on, has_lead_investor=has_lead, **merged)
    _plan_stage(row, project.stage, facts, project)
    if row.target is not None:
        row.changes.append(("阶段", project.stage.label, row.target.label))
    if values.get("funds_in_place") is not None:
        recorded = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(FundArrival.amount),
                                                                0))
                                     .where(FundArrival.project_id == project.id,
                                            FundArrival.voided_at.is_(None)))
        if values["funds_in_place"] > recorded:
            row.funds = values["funds_in_place"] - recorded
            agreed = (row.agreement[1] if row.agreement else None) or max(
                (a.amount or 0 for a in agreements if a.kind == AgreementKind.investment),
                default=None)
            _funds_note(row, recorded, agreed)
            row.changes.append(("到位资金", format_exact(recorded),
                                format_exact(values["funds_in_place"])))
        elif values["funds_in_place"] < recorded:
            row.notes.append(("到位资金", f"台账累计{format_exact(values['funds_in_place'])}，"
                                          f"少于系统已录入的{format_exact(recorded)}：未改动"))
    if not row.errors:
        row.action = UPDATE if row.changes else UNCHANGED


def _funds_note(row: Row, recorded: int, agreed: int | None) -> None:
    """The fund form's unit-slip check (crm/agreements/queries.py over_agreed): the form asks
    to tick 确认金额无误; the preview shows it, and confirming the batch confirms it."""
    problem = over_agreed(row.funds, recorded, agreed)
    if problem:
        row.notes.append(("到位资金", problem.split("。")[0] + "，请核对单位"))
