"""Chinese names of project fields, and audit-log values made readable."""

import sqlalchemy as sa

from crm.access import readable_clause
from crm.domain.money import format_exact
from crm.domain.stages import AgreementKind, PipelineClass, Screening, Stage, Status
from crm.extensions import db
from crm.forms import MAX_ID, parse_int
from crm.models import DictItem, Org, Project, User

FIELD_LABELS = {
    "name": "项目名称", "description": "项目简介", "confidential": "保密项目", "code_name": "代号",
    "channel_id": "招商渠道", "activity_id": "来源活动", "cluster_id": "产业集群",
    "key_level_id": "重点项目级别", "stage": "阶段", "stage_date": "阶段日期", "status": "状态",
    "status_reason": "状态原因", "status_date": "状态日期", "screening": "研判结果",
    "screening_reason": "研判说明", "duplicate_of_id": "重复于", "pipeline_class": "项目分类",
    "total_investment": "总投资", "fixed_asset_investment": "固定资产投资",
    "foreign_investment_usd": "利用外资（美元）", "expected_annual_output": "预计年产值",
    "expected_annual_tax": "预计年税收", "jobs": "预计就业", "land_mu": "用地（亩）",
    "leader_id": "包联领导", "org_id": "责任单位", "owner_id": "负责人",
    "first_contact_by_id": "首谈人", "first_contact_note": "首谈说明",
    "reported_by_id": "报送人", "signed_on": "签约日期", "registered_on": "注册（落地）日期",
    "started_on": "开工日期", "producing_on": "投产日期", "operating_on": "达效日期",
    "last_contact_at": "最近对接", "next_followup_at": "下次跟进", "last_progress_at": "最近进展",
    "created_by_id": "录入人", "user_id": "成员", "added_by_id": "添加人", "added_at": "添加时间",
    "project_id": "项目", "kind": "协议类型", "title": "协议标题", "amount": "协议金额",
    "agreed_start_date": "约定开工日期", "note": "备注", "attachment_name": "附件",
}
ENTITY_LABELS = {"projects": "项目", "project_members": "团队成员", "agreements": "协议"}
_MONEY = {"amount", "total_investment", "fixed_asset_investment", "expected_annual_output",
          "expected_annual_tax"}
_ENUMS = {"stage": Stage, "status": Status, "screening": Screening,
          "pipeline_class": PipelineClass, "kind": AgreementKind}


_REFERENCES = {
    **dict.fromkeys(("leader_id", "owner_id", "first_contact_by_id", "user_id", "added_by_id",
                     "created_by_id", "reported_by_id"), User),
    "org_id": Org, **dict.fromkeys(("channel_id", "cluster_id", "key_level_id"), DictItem),
    "duplicate_of_id": Project,
}
HIDDEN_PROJECT = "一个保密项目"


def reference_names(rows, viewer: User) -> dict:
    """(model, id) -> name for the ids that audit rows mention, in one query per model.
    A project is named only where the viewer may read it (a duplicate lead's 重复于)."""
    wanted: dict = {}
    for row in rows:
        model = _REFERENCES.get(row.field)
        for value in (row.old, row.new):
            number = parse_int(value, minimum=0, maximum=MAX_ID)
            if model is not None and number is not None:
                wanted.setdefault(model, set()).add(number)
    names = {}
    for model, ids in wanted.items():
        if model is Project:
            names.update(_project_names(ids, viewer))
            continue
        label = DictItem.label if model is DictItem else model.name
        for key, name in db.session.execute(sa.select(model.id, label).where(model.id.in_(ids))):
            names[(model, key)] = name
    return names


def _project_names(ids: set[int], viewer: User) -> dict:
    rows = db.session.execute(
        sa.select(Project.id, Project.name, Project.confidential,
                  readable_clause(viewer).label("readable")).where(Project.id.in_(ids)))
    return {(Project, key): name if readable else HIDDEN_PROJECT if secret else "一个项目"
            for key, name, secret, readable in rows}


def audit_value(field: str, value: str, names: dict | None = None) -> str:
    """The stored text of an audit value, shown as a reader expects it (万元, names, labels)."""
    if not value:
        return "（空）"
    model = _REFERENCES.get(field)
    number = parse_int(value)
    if model is not None and names is not None and number is not None:
        return names.get((model, number), value)
    if field in _MONEY and number is not None:
        return format_exact(number)
    if field in _ENUMS and value in _ENUMS[field].__members__:
        return _ENUMS[field](value).label
    return value
