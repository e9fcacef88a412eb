"""Demo projects: investors, team, figures, the walk through the stages and status history."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from crm.demo.catalogue import PROJECTS, P
from crm.demo.context import Ctx
from crm.demo.timeline import QUIET_PATTERN, stage_dates
from crm.domain.money import format_yi, parse_money, parse_usd_wan
from crm.domain.stages import PipelineClass, Screening, Stage, Status
from crm.models import (
    DictKind,
    Project,
    ProjectInvestor,
    ProjectMember,
    User,
)
from crm.names import pinyin_initials
from crm.projects import lifecycle

YI = 10**8
WAN = 10**4

STAGE_NOTES = {
    Stage.lead: "录入线索",
    Stage.screening: "提交研判",
    Stage.contact: "研判通过，开始接洽",
    Stage.inspection: "企业来磁县实地考察",
    Stage.negotiation: "进入实质性洽谈",
    Stage.signed: "签订投资协议",
    Stage.registered: "项目公司完成注册",
    Stage.started: "项目开工建设",
    Stage.producing: "建成投产",
    Stage.operating: "达产达效",
}
FIRST_CONTACT_NOTES = {
    "cloud": "云招商活动中对接", "business": "以商招商：在磁县投资的企业引荐",
    "chain": "产业链招商：链主企业上下游对接", "professional": "专业招商：行业协会推荐",
    "upper": "上级推送：市商务局转来线索", "wechat": "微信招商公众号留言",
    "phone_video": "电话视频对接", "agency": "委托招商：招商代理机构推荐",
    "all_staff": "全员招商报送",
}


@dataclass
class Plan:
    """How one project's history was laid out; follow-ups and agreements are built on it."""

    spec: P
    project: Project
    dates: list[date]  # effective date of each stage reached, from 线索
    followups: int  # how many follow-ups to log
    last_contact: date | None  # the last follow-up's date
    status_on: date | None
    due_slot: int | None  # for projects being worked on: which due-date pattern to use

    @property
    def working(self) -> bool:
        return self.due_slot is not None


def in_pipeline(spec: P) -> bool:
    return spec.screening in (None, Screening.accepted)


def create(ctx: Ctx) -> list[Plan]:
    plans, slot = [], 0
    for spec in PROJECTS:
        if spec.status == Status.normal and in_pipeline(spec):
            quiet = ctx.rng.randint(*QUIET_PATTERN[slot % len(QUIET_PATTERN)])
            plans.append(_plan(ctx, spec, quiet, slot))
            slot += 1
        else:
            plans.append(_plan(ctx, spec, _quiet_elsewhere(ctx, spec), None))
    for plan in plans:  # through the lifecycle module, as a bureau entering its history would
        project = plan.project
        lifecycle.create(project, by=project.reported_by or project.owner,
                         lead_on=plan.dates[0], note=STAGE_NOTES[Stage.lead],
                         entered_at=_entered(ctx, plan.dates[0]))
    for plan in plans:
        _history(ctx, plan)
    return plans


def _entered(ctx: Ctx, day: date):
    return ctx.moment(min(day + timedelta(days=ctx.rng.randint(0, 2)), ctx.today))


def _quiet_elsewhere(ctx: Ctx, spec: P) -> int:
    rng = ctx.rng
    if spec.screening == Screening.pending:
        return rng.randint(1, 6)  # fresh in the 待研判 queue
    if spec.status == Status.removed:
        return rng.randint(200, 300)
    return rng.randint(20, 120)


def _february(today: date) -> date:
    # The article's project broke ground in February; keep that, in the most recent February
    # at least two months back.
    this_year = date(today.year, 2, 18)
    return this_year if this_year <= today - timedelta(days=60) else date(today.year - 1, 2, 18)


def _plan(ctx: Ctx, spec: P, quiet: int, due_slot: int | None) -> Plan:
    rng = ctx.rng
    anchors = {}
    if spec.activity:
        held = ctx.activities[spec.activity].held_on
        anchors[Stage.lead] = held + timedelta(days=rng.randint(0, 5))
    if spec.signed_at:
        anchors[Stage.signed] = ctx.activities[spec.signed_at].held_on
    if spec.started_in_february:
        anchors[Stage.started] = _february(ctx.today)
    dates = stage_dates(rng, spec.stage, ctx.days_ago(quiet), ctx.today, anchors)

    if not in_pipeline(spec):
        count = 0
    elif spec.stage == Stage.lead:
        count = rng.randint(0, 1)
    else:
        count = min(2 + spec.stage.rank // 2 + rng.randint(0, 2), 7)
    last_contact = min(max(ctx.days_ago(quiet), dates[-1]), ctx.today) if count else None
    last = last_contact or dates[-1]

    status_on = None
    if spec.status == Status.removed:
        status_on = min(last + timedelta(days=rng.randint(185, 200)), ctx.today)
    elif spec.status != Status.normal:
        status_on = min(last + timedelta(days=rng.randint(3, 25)), ctx.today)
    elif spec.reactivated:
        # Paused and revived between reaching its stage and the last follow-up.
        status_on = dates[-1] + timedelta(days=max((last - dates[-1]).days * 2 // 3, 0))

    project = _project(ctx, spec, dates)
    ctx.projects[spec.name] = project
    return Plan(spec, project, dates, count, last_contact, status_on, due_slot)


def _pipeline_class(spec: P, total: int) -> PipelineClass | None:
    if not in_pipeline(spec):
        return None
    if spec.pipeline_class:
        return PipelineClass(spec.pipeline_class)
    return PipelineClass.A if total >= 5 * YI else PipelineClass.B if total >= YI else \
        PipelineClass.C


def _key_level(spec: P, total: int) -> str | None:
    if not in_pipeline(spec) or spec.stage.rank < Stage.negotiation.rank:
        return None
    return "province" if total >= 10 * YI else "city" if total >= 3 * YI else \
        "county" if total >= YI else None


def _owner(ctx: Ctx, spec: P) -> User | None:
    if not in_pipeline(spec):
        return None
    if spec.code_name:
        return ctx.users["staff"]
    if spec.cluster in ("kids_security", "tourism_health"):
        return ctx.users["staff3"]
    return ctx.users[ctx.rng.choice(["staff", "staff2"])]


def _leader(ctx: Ctx, cls: PipelineClass | None, total: int) -> User | None:
    if cls == PipelineClass.A or (cls and total >= 5 * YI):
        return ctx.users["leader"]
    if cls == PipelineClass.B:
        return ctx.users["leader2"]
    return None


def _round(value: int, unit: int) -> int:
    return max(unit, value // unit * unit)


def _project(ctx: Ctx, spec: P, dates: list[date]) -> Project:
    rng = ctx.rng
    amount = parse_money(spec.amount)
    total = parse_money(spec.supplement) if spec.supplement else amount
    cls = _pipeline_class(spec, total)
    owner = _owner(ctx, spec)
    reporter = ctx.users["reporter"] if spec.channel == "all_staff" else None
    first = reporter or owner
    if spec.channel == "business" and owner and rng.random() < 0.4:
        first = ctx.users["leader2"]
    creator = reporter or owner
    level = _key_level(spec, total)
    output = parse_money(spec.output) if spec.output else \
        _round(total * rng.randint(80, 220) // 100, 100 * WAN)
    manufacturing = spec.cluster != "tourism_health"
    land_tenths = total * rng.randint(150, 400 if manufacturing else 700) // YI
    lead = ctx.companies[spec.investors[0]] if spec.investors else None
    reached = {s: d for s, d in zip(Stage, dates, strict=False)}
    description = spec.description or (
        f"{lead.name if lead else '投资方'}拟投资{format_yi(total)}建设"
        f"{spec.name.removesuffix('项目')}，责任单位{spec.org}。")
    return Project(
        name=spec.name, name_initials=pinyin_initials(spec.name),
        confidential=bool(spec.code_name), code_name=spec.code_name, description=description,
        channel=ctx.item(DictKind.channel, spec.channel),
        activity_id=ctx.activities[spec.activity].id if spec.activity else None,
        cluster=ctx.item(DictKind.cluster, spec.cluster) if spec.cluster else None,
        key_level=ctx.item(DictKind.key_level, level) if level else None,
        screening=spec.screening, screening_reason=spec.screening_reason,
        pipeline_class=cls,
        total_investment=total,
        fixed_asset_investment=_round(total * rng.randint(70, 92) // 100, WAN),
        foreign_investment_usd=parse_usd_wan(spec.usd_wan) if spec.usd_wan else None,
        expected_annual_output=output,
        expected_annual_tax=_round(output * rng.randint(3, 7) // 100, WAN),
        jobs=spec.jobs or max(15, total * rng.randint(30, 90) // YI),
        land_mu=Decimal(spec.land_mu) if spec.land_mu else Decimal(max(land_tenths, 30)) / 10,
        leader=_leader(ctx, cls, total), org=ctx.orgs[spec.org], owner=owner,
        first_contact_by=first,
        first_contact_note=FIRST_CONTACT_NOTES[spec.channel] if first else "",
        reported_by=reporter,
        signed_on=reached.get(Stage.signed), registered_on=reached.get(Stage.registered),
        started_on=reached.get(Stage.started), producing_on=reached.get(Stage.producing),
        operating_on=reached.get(Stage.operating),
        created_at=ctx.moment(dates[0]), created_by_id=creator.id if creator else None,
        # Given even when empty, so reading them later does not query the database.
        investors=[ProjectInvestor(company=ctx.companies[key], is_lead=i == 0)
                   for i, key in enumerate(spec.investors)],
        members=[ProjectMember(user=user, added_by_id=owner.id, added_at=ctx.moment(dates[0]))
                 for user in _members(ctx, spec, owner)],
    )


def _members(ctx: Ctx, spec: P, owner: User | None) -> list[User]:
    if owner is None:
        return []
    users = ctx.users
    if spec.code_name:
        return [users["staff2"]] if spec.code_name == "项目K-07" else []
    members = []
    if spec.stage.rank >= Stage.registered.rank:
        members.append(users["staff4"])  # 项目服务科 serves projects once they land
    if ctx.rng.random() < 0.35:
        colleague = users["staff2"] if owner is users["staff"] else users["staff"]
        members.append(colleague)
    if spec.org in ("磁州镇", "磁县经济开发区") and ctx.rng.random() < 0.3:
        members.append(users["liaison" if spec.org == "磁州镇" else "liaison2"])
    return members


def _history(ctx: Ctx, plan: Plan) -> None:
    """Replay the project's stage and status history through the lifecycle module. The gates
    are not checked: the history is known to be right, and its agreements come later."""
    project, spec = plan.project, plan.spec
    stages = list(Stage)
    for i, day in enumerate(plan.dates[1:], start=1):
        lifecycle.move_stage(project, stages[i], on=day, by=project.owner or project.reported_by,
                             note=STAGE_NOTES[stages[i]], checked=False,
                             entered_at=_entered(ctx, day))
    if spec.duplicate_of:
        project.duplicate_of_id = ctx.projects[spec.duplicate_of].id
    if plan.status_on is None:
        return
    if spec.reactivated:
        paused_on = plan.dates[-1] + (plan.status_on - plan.dates[-1]) // 2
        _status(ctx, project, Status.paused, paused_on, "企业内部投资决策调整，暂停对接")
        _status(ctx, project, Status.normal, plan.status_on,
                spec.status_reason or "企业完成内部决策，恢复对接")
    else:
        _status(ctx, project, spec.status, plan.status_on, spec.status_reason)


def _status(ctx: Ctx, project: Project, new: Status, day: date, reason: str) -> None:
    errors = lifecycle.change_status(project, new, on=day, by=project.owner or project.leader,
                                     reason=reason, entered_at=ctx.moment(day))
    if errors:  # the demo's own data: a failure here is a bug in the catalogue
        raise RuntimeError(f"{project.name}: {errors}")
