"""Demo follow-ups (对接记录) and leaders' 批示, then each project's stored contact dates."""

from datetime import date, timedelta

from crm.demo.context import Ctx
from crm.demo.projects import Plan
from crm.demo.timeline import DUE_PATTERN, spread
from crm.domain.stages import PipelineClass, Stage
from crm.extensions import db
from crm.models import Comment, DictKind, FollowUp
from crm.projects import lifecycle

S = Stage
SUMMARIES = {
    S.lead: ["电话联系{company}{title}{contact}，初步了解投资意向，对方计划年内确定选址。",
             "通过视频与{contact}{title}沟通，介绍磁县区位、交通和要素保障条件。"],
    S.screening: ["组织县发改局、县自然资源和规划局对项目进行初步研判，符合产业政策。",
                  "与{contact}{title}电话沟通，补充项目产能、用地和能耗需求资料。"],
    S.contact: ["{company}{title}{contact}一行来磁县座谈，介绍{org}承载条件和支持政策。",
                "赴{origin}拜访{company}，{title}{contact}表示将把磁县列入备选地。",
                "参加云洽谈，与{contact}{title}就合作模式交换意见。"],
    S.inspection: ["陪同{company}考察团实地踏勘{org}拟选地块，企业对水电气配套表示满意。",
                   "企业技术团队来磁县考察上下游配套企业，了解物流和用工情况。"],
    S.negotiation: ["就土地价格、投资强度和达产税收进行洽谈，主要条款基本达成一致。",
                    "与{contact}{title}视频会议，讨论投资协议文本，企业对扶持政策提出修改意见。",
                    "包联领导会见{company}{title}{contact}，双方就项目尽快签约达成共识。"],
    S.signed: ["协调办理项目立项备案，企业承诺按协议约定时间开工。",
               "与企业对接项目公司注册事宜，县行政审批局提供帮办代办服务。"],
    S.registered: ["项目公司已取得营业执照，协调县自然资源和规划局推进土地挂牌出让。",
                   "帮助企业办理环评、能评手续，明确时间节点，倒排工期。"],
    S.started: ["现场调度项目建设进度，主体工程完成约{pct}%，协调解决施工用电问题。",
                "包联领导现场办公，协调解决施工道路和临时用地问题，挂图作战推进建设。"],
    S.producing: ["走访企业了解投产后运行情况，帮助企业申报技改资金。",
                  "协调银行为企业提供流动资金贷款，解决原料采购资金需求。"],
    S.operating: ["企业已达产达效，走访了解二期扩产意向。",
                  "协助企业申报专精特新企业认定，落实达产奖励政策。"],
}
NEXT_STEPS = {
    S.lead: "发送磁县招商推介材料，约定视频会谈时间",
    S.screening: "提交县招商工作领导小组研判",
    S.contact: "邀请企业来磁县实地考察",
    S.inspection: "整理考察意见，准备项目洽谈方案",
    S.negotiation: "修改投资协议文本，报县政府常务会审议",
    S.signed: "跟进项目公司注册和立项备案",
    S.registered: "推进土地出让和施工许可办理",
    S.started: "每周调度一次建设进度，协调解决问题",
    S.producing: "跟踪产能爬坡和入统情况",
    S.operating: "对接二期扩产计划",
}
KINDS = {
    S.lead: ["phone", "video"], S.screening: ["meeting", "phone", "video"],
    S.contact: ["visit_in", "visit_out", "video", "cloud_talk"],
    S.inspection: ["inspection", "visit_in"],
    S.negotiation: ["meeting", "visit_out", "cloud_talk", "video"],
    S.signed: ["meeting", "phone", "visit_out"], S.registered: ["meeting", "phone", "other"],
    S.started: ["meeting", "visit_out", "other"], S.producing: ["visit_out", "phone"],
    S.operating: ["visit_out", "phone"],
}
PARTICIPANTS = ["", "", "县自然资源和规划局 王科长", "县发改局 项目股", "县工信局 企业服务股",
                "县行政审批局 帮办代办中心"]
INSTRUCTIONS = [
    "请{org}抓紧对接，倒排工期，力争早日签约落地。",
    "项目用地问题请县自然资源和规划局牵头协调，一周内报结果。",
    "此项目为重点项目，要挂图作战，清单化推进，确保按期开工。",
    "要强化服务意识，细化工作计划，抢抓时间节点，力促项目早日投产达效。",
    "请县工信局协助企业申报技改资金，做好要素保障。",
    "已阅。请招商局每周报送一次进展情况。",
]


def create(ctx: Ctx, plans: list[Plan]) -> tuple[int, int]:
    followups = comments = 0
    for plan in plans:
        followups += _followups(ctx, plan)
        comments += _comments(ctx, plan)
    return followups, comments


def _stage_on(plan: Plan, day: date) -> Stage:
    reached = [s for s, d in zip(Stage, plan.dates, strict=False) if d <= day]
    return reached[-1] if reached else Stage.lead


def _last_due(ctx: Ctx, plan: Plan, last: date) -> date | None:
    if not plan.working:
        return None  # paused, closed and intake leads have nothing due
    if (ctx.today - last).days > 90:
        return last + timedelta(days=ctx.rng.randint(14, 30))  # neglected: long overdue
    low, high = DUE_PATTERN[plan.due_slot % len(DUE_PATTERN)]
    return ctx.today + timedelta(days=ctx.rng.randint(low, high))


def _followups(ctx: Ctx, plan: Plan) -> int:
    project, spec, rng = plan.project, plan.spec, ctx.rng
    if not plan.followups:
        _store_dates(plan, None, None)
        return 0
    key = spec.investors[0] if spec.investors else None
    company = ctx.companies[key] if key else None
    people = ctx.contacts.get(key, [])
    team = [project.owner] + [m.user for m in project.members]
    start = min(plan.dates[0] + timedelta(days=1), plan.last_contact)
    days = spread(rng, start, plan.last_contact, plan.followups)
    last = None
    for i, day in enumerate(days):
        stage = _stage_on(plan, day)
        author = team[0] if rng.random() < 0.7 else rng.choice(team)
        if project.leader and project.pipeline_class == PipelineClass.A and rng.random() < 0.1:
            author = project.leader
        contacts = rng.sample(people, min(len(people), rng.randint(1, 2)))
        who = contacts[0] if contacts else None
        summary = rng.choice(SUMMARIES[stage]).format(
            company=company.name if company else "投资方", contact=who.name if who else "",
            title=who.title if who else "负责人", org=project.org.name,
            origin=company.origin if company else "外地", pct=rng.randrange(30, 95, 5))
        final = i == len(days) - 1
        due = _last_due(ctx, plan, day) if final else day + timedelta(days=rng.randint(7, 30))
        staff = list(dict.fromkeys([author, *rng.sample(team, rng.randint(0, len(team) - 1))]))
        last = FollowUp(
            project_id=project.id, author=author,
            kind=ctx.item(DictKind.followup_type, rng.choice(KINDS[stage])),
            contact_date=day, summary=summary, next_step=NEXT_STEPS[stage], next_due_date=due,
            other_participants=rng.choice(PARTICIPANTS), contacts=contacts, staff=staff,
            created_at=ctx.moment(day), updated_at=ctx.moment(day),
        )
        db.session.add(last)
    _store_dates(plan, last.contact_date, last.next_due_date)
    return len(days)


def _store_dates(plan: Plan, last_contact: date | None, next_due: date | None) -> None:
    # Stored on the project so lists sort and colour through an index (DESIGN.md).
    project = plan.project
    project.last_contact_at = last_contact
    project.next_followup_at = next_due
    if last_contact is not None:
        lifecycle.record_progress(project, last_contact)


def _comments(ctx: Ctx, plan: Plan) -> int:
    project, rng = plan.project, ctx.rng
    important = project.key_level is not None or project.pipeline_class == PipelineClass.A
    if project.leader is None or not important:
        return 0
    end = plan.last_contact or plan.dates[-1]
    days = spread(rng, plan.dates[0], end, rng.randint(1, 2))
    for day in days:
        db.session.add(Comment(
            project_id=project.id, author=project.leader,
            body=rng.choice(INSTRUCTIONS).format(org=project.org.name),
            created_at=ctx.moment(day),
        ))
    return len(days)
