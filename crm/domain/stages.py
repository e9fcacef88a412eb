"""Project lifecycle: stage, status, screening and class enums, move rules and health colour.

The enum values are the codes stored in the database; the labels here are the defaults that an
admin may rename. Stage and status are separate: status says whether a project is being worked on,
stage says how far it has got.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS[type(self)][self.value]


class Stage(_Labelled):
    # Declaration order is the pipeline order; compare with .rank, never with < on the values
    # (they are strings, so "lead" < "contact" would compare alphabetically).
    lead = "lead"
    screening = "screening"
    contact = "contact"
    inspection = "inspection"
    negotiation = "negotiation"
    signed = "signed"
    registered = "registered"
    started = "started"
    producing = "producing"
    operating = "operating"

    @property
    def rank(self) -> int:
        return _STAGE_ORDER.index(self)


class Status(_Labelled):
    normal = "normal"
    paused = "paused"
    terminated = "terminated"
    lost = "lost"  # went to another region
    removed = "removed"


class Screening(_Labelled):
    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"
    duplicate = "duplicate"


class PipelineClass(_Labelled):
    A = "A"
    B = "B"
    C = "C"


class AgreementKind(_Labelled):
    framework = "framework"
    investment = "investment"
    supplement = "supplement"


class Health(_Labelled):
    green = "green"
    yellow = "yellow"
    red = "red"


_STAGE_ORDER = list(Stage)

# Keyed by enum class first: StrEnum members hash and compare as their string values, so one
# flat dict would silently merge two enums that ever shared a code.
_LABELS: dict[type, dict[str, str]] = {
    Stage: {
        "lead": "线索",
        "screening": "研判",
        "contact": "接洽",
        "inspection": "考察",
        "negotiation": "在谈",
        "signed": "签约",
        "registered": "落地",
        "started": "开工",
        "producing": "投产",
        "operating": "达效",
    },
    Status: {
        "normal": "正常",
        "paused": "暂缓",
        "terminated": "终止",
        "lost": "流失",
        "removed": "移出库",
    },
    Screening: {
        "pending": "待研判",
        "accepted": "已受理",
        "rejected": "不予受理",
        "duplicate": "重复",
    },
    PipelineClass: {"A": "重点推动", "B": "一般跟进", "C": "储备对接"},
    AgreementKind: {"framework": "框架协议", "investment": "投资协议", "supplement": "补充协议"},
    Health: {"green": "绿", "yellow": "黄", "red": "红"},
}

# 在谈项目数 counts projects at these stages with status 正常 at the end of the period.
IN_TALKS = frozenset({Stage.contact, Stage.inspection, Stage.negotiation})

# Statuses under which a project is out of play until someone reactivates it.
INACTIVE = frozenset({Status.terminated, Status.lost, Status.removed})


@dataclass(frozen=True)
class ProjectFacts:
    """What the stage gates look at, gathered by the caller from the project and its agreements."""

    has_investment_agreement: bool = False
    registered_on: date | None = None
    started_on: date | None = None
    producing_on: date | None = None
    operating_on: date | None = None
    has_lead_investor: bool = False  # a 主投资方: whom the bureau is talking to


def is_qualifying_agreement(
    kind: AgreementKind, amount: int | None, signed_on: date | None
) -> bool:
    """Only a formal 投资协议 with an amount and a signing date makes a project 签约."""
    return (
        kind == AgreementKind.investment
        and amount is not None
        and amount > 0
        and signed_on is not None
    )


# Each gated stage: whether the facts allow it, and what must be entered first.
_GATES = {
    # From 接洽 on the bureau is talking to someone: the breakdowns by nature and origin, the
    # duplicate check and the key-investor figures all read the lead investor.
    Stage.contact: (lambda f: f.has_lead_investor,
                    "选定主投资方（在“修改项目信息”中选择投资方企业）"),
    Stage.signed: (lambda f: f.has_investment_agreement, "录入投资协议（金额和签约日期）"),
    Stage.registered: (lambda f: f.registered_on is not None, "填写注册（落地）日期"),
    Stage.started: (lambda f: f.started_on is not None, "填写开工日期"),
    Stage.producing: (lambda f: f.producing_on is not None, "填写投产日期"),
    Stage.operating: (lambda f: f.operating_on is not None, "填写达效日期"),
}


def check_stage_move(
    current: Stage,
    target: Stage,
    facts: ProjectFacts,
    reason: str = "",
    status: Status = Status.normal,
) -> list[str]:
    """Return what prevents the move (empty list: allowed).

    Rule: a project may stand at a stage only when the gates of that stage and of every gated
    stage before it are met, because a project cannot be 开工 without having been 签约. The
    one exception is 落地: a local company expanding starts work without registering anew, so
    its 注册 date is asked for (the stage form offers it) but required only to stand at 落地. So a
    forward move may skip stages if those facts are recorded, and the same check applies to a
    backward move (landing on 签约 still needs the agreement). A backward move also needs a
    reason. 暂缓 projects may move (a paused project can still be corrected); 终止/流失/移出库
    ones must be reactivated first.
    """
    if status in INACTIVE:
        return [f"项目当前状态为「{status.label}」，请先重新激活（恢复为「正常」）后再调整阶段"]
    if target == current:
        return [f"项目已处于「{target.label}」阶段"]

    errors = []
    if target.rank < current.rank and not reason.strip():
        errors.append(f"退回到「{target.label}」需填写原因")
    for stage in _STAGE_ORDER[: target.rank + 1]:
        if stage == Stage.registered and target != Stage.registered:
            continue  # an existing local company expanding starts work with no new 注册 date
        if stage in _GATES:
            passes, requirement = _GATES[stage]
            if not passes(facts):
                errors.append(f"移至「{target.label}」需先{requirement}")
    return errors


def check_status_change(current: Status, target: Status, reason: str) -> list[str]:
    """Every change needs a reason, including a return to 正常 (why it is revived)."""
    if target == current:
        return [f"项目状态已是「{target.label}」"]
    if not reason.strip():
        if target == Status.normal:
            return ["请填写重新激活原因"]
        return [f"改为「{target.label}」需填写原因"]
    return []


def add_months(d: date, months: int) -> date:
    """Calendar-month arithmetic, clamping to the month's end: 3月31日 - 1个月 = 2月28/29日."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def health_applies(status: Status) -> bool:
    """Health colour is meaningful only for pipeline projects being worked on (status 正常).

    A paused project is paused on purpose and an inactive one is out of play, so colouring them
    would only add noise; screening leads (待研判) have not entered the pipeline at all.
    """
    return status == Status.normal


def _since(last_progress: date | None, created: date) -> date:
    # A project nobody has touched since it was entered has made no progress since then.
    return last_progress or created


def health_colour(last_progress: date | None, today: date, created: date) -> Health:
    """绿 normal; 黄 after 2 calendar months without progress; 红 after 3.

    Progress is a follow-up or a stage change. Exactly two months (1月15日 → 3月15日) is 黄.
    """
    since = _since(last_progress, created)
    if since <= add_months(today, -3):
        return Health.red
    if since <= add_months(today, -2):
        return Health.yellow
    return Health.green


def proposed_for_removal(last_progress: date | None, today: date, created: date) -> bool:
    """After 6 calendar months without progress a project is proposed for 移出库 (not moved)."""
    return _since(last_progress, created) <= add_months(today, -6)
