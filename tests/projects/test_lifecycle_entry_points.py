"""Every entry point that creates or moves a project goes through crm/projects/lifecycle.py.

Table-driven: each row drives one entry point over HTTP, as its users do, and says what must
come out: the StageChange row it writes (from, to, real-world date, who), the progress date
(最近进展) and so the health colour. A second test reads the source: no other module writes a
stage, a status or a progress date.
"""

import ast
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

import crm
from crm.domain.stages import AgreementKind, Health, Screening, Stage, health_colour
from crm.extensions import db
from crm.localtime import today
from crm.models import Activity, DictItem, DictKind, Project, ProjectInvestor, StageChange
from tests.conftest import ref
from tests.intake.conftest import lead_data, public_data
from tests.projects.conftest import DEFAULT_INVESTOR, company_named, new_form

OLD = date(2022, 1, 10)
PAST = date(2026, 11, 20)


@dataclass
class Case:
    drive: object           # (ctx) -> project id; ctx has app, client_for, users, orgs
    change: tuple           # (from_stage, to_stage, effective date, user key or None)
    progress: object        # the expected 最近进展 (a date, or a callable of today)
    health: Health


class Ctx:
    def __init__(self, app, client_for, users, orgs):
        self.app, self.client_for, self.users, self.orgs = app, client_for, users, orgs

    def project(self, stage: Stage, owner: str | None = "alice", **columns) -> int:
        """A project that reached `stage` long ago and has had no progress since (from 接洽 on,
        with its 主投资方, as the stage rules keep it)."""
        with self.app.app_context():
            project = Project(name="光伏组件项目", stage=stage, stage_date=OLD,
                              owner_id=self.users[owner] if owner else None,
                              org_id=self.orgs["bureau"], last_progress_at=OLD, **columns)
            if stage.rank >= Stage.contact.rank:
                project.investors = [ProjectInvestor(company_id=company_named(DEFAULT_INVESTOR),
                                                     is_lead=True)]
            db.session.add(project)
            db.session.commit()
            return project.id

    def newest(self) -> int:
        with self.app.app_context():
            return db.session.scalar(sa.select(sa.func.max(Project.id)))


def new_project(ctx: Ctx) -> int:
    ctx.client_for("alice").post("/projects/new", data=new_form(
        name="往年录入的项目", lead_on=OLD.isoformat()))
    return ctx.newest()


def stage_form(ctx: Ctx) -> int:
    pid = ctx.project(Stage.contact)
    ctx.client_for("alice").post(f"/projects/{ref(pid)}/stage", data={
        "to_stage": "inspection", "effective_date": PAST.isoformat(), "note": ""})
    return pid


def board_drag(ctx: Ctx) -> int:
    pid = ctx.project(Stage.contact)
    ctx.client_for("alice").post(f"/projects/{ref(pid)}/stage", headers={
        "Accept": "application/json"}, data={"to_stage": "inspection",
                                             "effective_date": PAST.isoformat()})
    return pid


def investment_agreement(ctx: Ctx) -> int:
    pid = ctx.project(Stage.negotiation)
    ctx.client_for("alice").post(f"/projects/{ref(pid)}/agreements/new", data={
        "kind": AgreementKind.investment.value, "title": "", "signed_on": PAST.isoformat(),
        "amount": "2.35亿", "agreed_start_date": "", "activity_id": 0, "note": ""})
    return pid


def public_intake(ctx: Ctx) -> int:
    ctx.app.test_client().post("/intake", data=public_data())
    return ctx.newest()


def reported_lead(ctx: Ctx) -> int:
    ctx.client_for("reporter").post("/leads/new", data=lead_data())
    return ctx.newest()


def screening_accept(ctx: Ctx) -> int:
    pid = ctx.project(Stage.lead, owner=None, screening=Screening.pending)
    ctx.client_for("alice").post(f"/intake/{ref(pid)}/accept")
    return pid


def activity_lead(ctx: Ctx) -> int:
    with ctx.app.app_context():
        kind = db.session.scalar(sa.select(DictItem.id).where(
            DictItem.kind == DictKind.activity_type, DictItem.code == "cloud_promo"))
        activity = Activity(title="2026年童装产业云招商推介会", kind_id=kind, held_on=PAST)
        db.session.add(activity)
        db.session.commit()
        activity_id = activity.id
    ctx.client_for("alice").post(f"/activities/{activity_id}/leads", data={
        "rows-0-company": "邯郸童装制造有限公司", "rows-0-uscc": "", "rows-0-intention": "扩产",
        "rows-0-estimate": "3000", "rows-0-project_name": ""})
    return ctx.newest()


def follow_up(ctx: Ctx) -> int:
    pid = ctx.project(Stage.contact)
    with ctx.app.app_context():
        phone = db.session.scalar(sa.select(DictItem.id).where(
            DictItem.kind == DictKind.followup_type).order_by(DictItem.id).limit(1))
    ctx.client_for("alice").post(f"/projects/{ref(pid)}/followups", data={
        "kind_id": phone, "contact_date": PAST.isoformat(), "summary": "电话沟通用地",
        "next_step": "", "next_due_date": ""})
    return pid


TODAY = "today"
CASES = {
    "new project, dated in 2022": Case(new_project, (None, Stage.lead, OLD, "alice"), OLD,
                                       Health.red),
    "stage form": Case(stage_form, (Stage.contact, Stage.inspection, PAST, "alice"), PAST,
                       Health.green),
    "board drag": Case(board_drag, (Stage.contact, Stage.inspection, PAST, "alice"), PAST,
                       Health.green),
    "投资协议": Case(investment_agreement, (Stage.negotiation, Stage.signed, PAST, "alice"),
                     PAST, Health.green),
    "public intake form": Case(public_intake, (None, Stage.lead, TODAY, None), TODAY,
                               Health.green),
    "reporter's lead": Case(reported_lead, (None, Stage.lead, TODAY, "reporter"), TODAY,
                            Health.green),
    "screening accept": Case(screening_accept, (Stage.lead, Stage.screening, TODAY, "alice"),
                             TODAY, Health.green),
    "lead raised at an activity": Case(activity_lead, (None, Stage.lead, PAST, "alice"), PAST,
                                       Health.green),
    "follow-up (progress only)": Case(follow_up, None, PAST, Health.green),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_entry_point_writes_the_same_change_progress_and_colour(app, client_for, users,
                                                                     orgs, name):
    case = CASES[name]
    pid = case.drive(Ctx(app, client_for, users, orgs))
    with app.app_context():
        day = today()
        project = db.session.get(Project, pid)
        changes = db.session.execute(
            sa.select(StageChange.from_stage, StageChange.to_stage, StageChange.effective_date,
                      StageChange.user_id).where(StageChange.project_id == pid)
            .order_by(StageChange.id)).all()
        if case.change is None:
            assert changes == []
        else:
            old, new, on, who = case.change
            assert changes[-1] == (old, new, day if on == TODAY else on,
                                   users[who] if who else None)
            assert project.stage == new and project.stage_date == (day if on == TODAY else on)
        progress = day if case.progress == TODAY else case.progress
        assert project.last_progress_at == progress
        assert health_colour(project.last_progress_at, day, project.created_at.date()) == \
            case.health
        if case.health == Health.green:
            assert progress >= day - timedelta(days=60)


# Names that, assigned on a project or built as a row, write its lifecycle.
_WRITES = {"stage", "stage_date", "status", "status_date", "status_reason", "last_progress_at"}
_ROWS = {"StageChange", "StatusChange"}


def test_no_module_but_the_lifecycle_writes_a_stage_status_or_progress_date():
    root = Path(crm.__file__).parent
    writers = set()
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(("migrations/", "models/")) or relative == "projects/lifecycle.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in _ROWS:
                writers.add(f"{relative}:{node.lineno} {node.func.id}(...)")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Project":
                for keyword in node.keywords:
                    if keyword.arg in _WRITES:
                        writers.add(f"{relative}:{node.lineno} Project({keyword.arg}=...)")
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, ast.AugAssign | ast.AnnAssign) else [])
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and part.attr in _WRITES and \
                            _is_project(part.value):
                        writers.add(f"{relative}:{node.lineno} .{part.attr} =")
    assert not writers, "write these through crm/projects/lifecycle.py:\n" + "\n".join(
        sorted(writers))


def _is_project(value: ast.expr) -> bool:
    """The object written to looks like a project (not a mail message's status)."""
    name = value.id if isinstance(value, ast.Name) else getattr(value, "attr", "")
    return name in {"project", "lead", "target", "p", "row"} or name.endswith("project")
