"""Default dictionaries (DESIGN.md) and the holiday calendar, loaded once and then admin-edited."""

import sqlalchemy as sa
from flask import g
from sqlalchemy.orm import Session

from crm.domain import workdays
from crm.domain.stages import Screening, Stage, Status
from crm.extensions import db, listen_once
from crm.models import DictItem, DictKind, Holiday

DEFAULTS: dict[DictKind, list[tuple[str, str]]] = {
    DictKind.channel: [
        ("cloud", "云招商"), ("business", "以商招商"), ("chain", "产业链招商"),
        ("professional", "专业招商"), ("all_staff", "全员招商"), ("agency", "委托招商"),
        ("wechat", "微信公众号"), ("phone_video", "电话视频"), ("upper", "上级推送"),
    ],
    DictKind.nature: [
        ("central_soe", "央企"), ("local_soe", "地方国企"), ("private", "民营"),
        ("foreign", "外资"), ("hk_macao_tw", "港澳台"), ("other", "其他"),
    ],
    DictKind.cluster: [
        ("fine_chem", "精细化工"), ("kids_security", "童装安防"), ("tourism_health", "文旅康养"),
        ("building", "建筑建材"),
    ],
    DictKind.followup_type: [
        ("phone", "电话"), ("video", "视频"), ("cloud_talk", "云洽谈"), ("visit_in", "来访"),
        ("visit_out", "外出拜访"), ("inspection", "考察"), ("meeting", "会议"), ("other", "其他"),
    ],
    DictKind.activity_type: [
        ("cloud_promo", "云招商"), ("cloud_talk", "云洽谈"), ("cloud_sign", "云签约"),
        ("roadshow", "推介会"), ("outbound", "外出招商"), ("visit", "来访"), ("expo", "展会"),
    ],
    DictKind.platform: [
        ("video_conf", "视频会议"), ("wechat", "微信"), ("tencent_meeting", "腾讯会议"),
        ("dingtalk", "钉钉"), ("onsite", "线下"),
    ],
    DictKind.company_flag: [
        ("chain_leader", "链主企业"), ("head", "头部企业"), ("fortune_global", "世界500强"),
        ("china_500", "中国500强"), ("private_500", "民营500强"), ("listed", "上市公司"),
        ("specialized", "专精特新"),
    ],
    DictKind.key_level: [("province", "省重点"), ("city", "市重点"), ("county", "县重点")],
    DictKind.stage: [(s.value, s.label) for s in Stage],
    DictKind.status: [(s.value, s.label) for s in Status],
    DictKind.screening: [(s.value, s.label) for s in Screening],
}


def ensure_dictionaries() -> int:
    existing = set(db.session.execute(sa.select(DictItem.kind, DictItem.code)).tuples())
    added = 0
    for kind, items in DEFAULTS.items():
        for order, (code, label) in enumerate(items):
            if (kind, code) not in existing:
                db.session.add(DictItem(kind=kind, code=code, label=label, sort_order=order))
                added += 1
    return added


def ensure_holidays(years=None) -> int:
    """Copy the chinesecalendar package's years into the table; admins add later years."""
    years = workdays.SUPPORTED_YEARS if years is None else years
    covered = set(db.session.scalars(sa.select(Holiday.day)))
    rows = []
    for year in years:
        for day, (is_workday, name) in workdays.chinese_calendar_entries(year).items():
            if day not in covered:
                rows.append({"day": day, "is_workday": is_workday, "name": name,
                             "source": "chinesecalendar"})
    if rows:
        # Core insert: thousands of rows, and the calendar's own data needs no audit trail.
        db.session.execute(sa.insert(Holiday), rows)
    return len(rows)


def ensure() -> int:
    return ensure_dictionaries() + ensure_holidays()


def stage_label(stage: Stage) -> str:
    """The stage's label as the admin named it (系统管理 → 字典), else the built-in one: the one
    source for pages, lists, the board and e-mails."""
    cached = g.get("stage_labels")
    if cached is None:
        cached = g.stage_labels = labels(DictKind.stage)
    return cached.get(stage.value, stage.label)


def keep_stage_labels(found: dict[str, str]) -> None:
    """Remember stage labels a page already read with its other look-ups (the project list's
    filter options), so stage_label does not read them again."""
    g.stage_labels = found


def dictionary(kind: DictKind) -> list:
    """The items of one dictionary (id, kind, code, label, sort_order, active), in order. All
    dictionaries are read in one query once per request or app context: a page with several
    pickers and labels (the project page has five) asks the database once. Forgotten when a
    DictItem is saved (see forget_dictionaries)."""
    items = g.get("dict_items")
    if items is None:
        items = g.dict_items = {}
        for row in db.session.execute(
                sa.select(DictItem.id, DictItem.kind, DictItem.code, DictItem.label,
                          DictItem.sort_order, DictItem.active)
                .order_by(DictItem.sort_order, DictItem.id)).all():
            items.setdefault(row.kind, []).append(row)
    return items.get(kind, [])


def labels(kind: DictKind) -> dict[str, str]:
    """Code -> label for one dictionary (admin-edited labels of stages, statuses ...)."""
    return {item.code: item.label for item in dictionary(kind)}


def forget_dictionaries(session, _context) -> None:
    if any(isinstance(obj, DictItem) for obj in (*session.new, *session.dirty,
                                                  *session.deleted)):
        g.pop("dict_items", None)
        g.pop("stage_labels", None)


def init_app(_app) -> None:
    listen_once(Session, "after_flush", forget_dictionaries)
