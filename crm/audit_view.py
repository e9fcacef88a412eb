"""The audit log as people read it: Chinese field names, names for ids, formatted values.

crm/audit.py stores each change as text, one row per field. This module is the one place that
turns those rows into what the project page, the company history and the edit-conflict list
show, so a new column gets its label here and all three pages read it the same way.
"""

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from itertools import groupby

import sqlalchemy as sa

from crm.access import readable_clause
from crm.audit_labels import ENTITY_LABELS, LABELS, MODELS
from crm.domain.stages import PipelineClass, Screening, Stage, Status
from crm.extensions import db
from crm.forms import MAX_ID, parse_int
from crm.localtime import SHANGHAI
from crm.models import (
    Activity,
    Company,
    Contact,
    DictItem,
    DictKind,
    Org,
    Project,
    User,
)
from crm.settings import RULES

_SETTING_LABELS = {rule.name: rule.label for rule in RULES}

# Never a line of their own: internal (storage path, MIME type, size), the page's own project,
# the same moment as the row's time, or folded into the 作废 headline.
_NOT_SHOWN = {"version", "project_id", "attachment_path", "attachment_mime", "attachment_size",
              "added_at", "voided_at", "voided_by_id"}
_NOT_SHOWN_BY_TABLE = {"contacts": {"company_id"}}
_MASKED = {"password_hash"}
_CORRECTED = {"agreements", "fund_arrivals"}  # rows corrected in place (更正) or voided (作废)
_LINKS = {"project_investors", "project_members"}  # added to and removed from a project
_USD = {"foreign_investment_usd"}
_UNITS = {"jobs": " 人", "land_mu": " 亩"}
_SOURCES = {"chinesecalendar": "国家节假日安排", "admin": "管理员录入"}
_VERBS = {"create": "新建", "update": "修改", "delete": "删除"}
_EVENTS = {"merge": "合并企业", "flags": "修改企业标签", "handover": "移交项目",
           "password_reset": "重置密码", "password_change": "修改密码"}
# The record an entry is about, named from these columns (its current row, or the deleted one's).
_SUBJECT = {"agreements": ("kind", "signed_on"), "fund_arrivals": ("arrived_on", "amount"),
            "followups": ("contact_date", "kind_id"), "project_investors": ("company_id",),
            "project_members": ("user_id",), "contacts": ("name",), "users": ("name",),
            "orgs": ("name",), "dict_items": ("label",)}
# Enums whose labels an admin may rename (系统管理 → 字典): shown as renamed, like the lists.
_EDITABLE = {Stage: DictKind.stage, Status: DictKind.status, Screening: DictKind.screening}
_NAMES = {"users": User.name, "orgs": Org.name, "dict_items": DictItem.label,
          "companies": Company.name, "activities": Activity.title, "contacts": Contact.name}

EMPTY = "（空）"
GONE = "（已删除）"
HIDDEN_PROJECT = "一个保密项目"
OTHER_PROJECT = "一个项目"


@dataclass
class Change:
    label: str
    old: str
    new: str

    @property
    def value(self) -> str:
        """What a new record was given, or what a deleted one had."""
        return self.old if self.new == EMPTY else self.new


@dataclass
class Entry:
    """One save of one record: the flush hook writes a row per changed field."""

    at: datetime
    who: str
    title: str  # 新建协议, 修改项目, 协议作废（原因：…）, 合并企业 ...
    subject: str = ""  # which record: 投资协议 2026-03-01
    detail: str = ""  # an event's own text (merge, flags, hand-over)
    changes: list[Change] = field(default_factory=list)
    diff: bool = False  # an update shows old → new; a new or deleted record its values


def label(entity: str, name: str) -> str:
    if entity == "settings":
        return _SETTING_LABELS.get(name, name)
    return LABELS.get(MODELS.get(entity), {}).get(name, name)


def _column(entity: str, name: str):
    model = MODELS.get(entity)
    return None if model is None else model.__table__.c.get(name)


def _target(column) -> str | None:
    """The table a foreign-key column points at."""
    for key in column.foreign_keys if column is not None else ():
        return key.column.table.name
    return None


def _parse(entity: str, name: str, text: str):
    """A stored text back into the column's value; the text itself when it does not parse."""
    column = _column(entity, name)
    if not text or column is None or name in _MASKED:
        return text or None
    kind = column.type
    try:
        if isinstance(kind, sa.Enum) and kind.enum_class is not None:
            return kind.enum_class(text)
        if isinstance(kind, sa.Boolean):
            return {"是": True, "否": False}.get(text, text)
        if isinstance(kind, sa.DateTime):
            return datetime.fromisoformat(text)
        if isinstance(kind, sa.Date):
            return date.fromisoformat(text)
        if isinstance(kind, sa.Numeric):
            return Decimal(text)
        if isinstance(kind, sa.Integer):
            number = parse_int(text)
            return text if number is None else number
    except (ValueError, InvalidOperation):
        pass
    return text


def wan(amount: int, unit: str = "万元") -> str:
    """万元 as the ledgers show it (1,200.00万元), with more decimals only where two would round:
    an audit entry must never show a change as two equal numbers."""
    if amount % 100 == 0:
        return f"{Decimal(amount).scaleb(-4):,.2f}{unit}"
    sign = "-" if amount < 0 else ""
    whole, rest = divmod(abs(amount), 10_000)
    return f"{sign}{whole:,}.{rest:04d}".rstrip("0") + unit


def _show(entity: str, name: str, value, names: dict) -> str:
    if value is None or value == "":
        return EMPTY
    if name in _MASKED:
        return "（不显示）"
    column = _column(entity, name)
    target = _target(column)
    if target is not None and isinstance(value, int):
        return names.get((target, value), GONE)
    if isinstance(value, PipelineClass):
        return f"{value.value}类 {value.label}"  # as the project page shows it
    if isinstance(value, enum.Enum):
        edited = names.get((_EDITABLE.get(type(value)), value.value))
        return edited or getattr(value, "label", value.value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and isinstance(column.type, sa.BigInteger):
        return wan(value, "万美元" if name in _USD else "万元")
    if isinstance(value, Decimal):  # 用地: Numeric(12, 2), shown as the project page does
        value = f"{value:.2f}"
    if entity == "holidays" and name == "source":
        return _SOURCES.get(value, value)
    return f"{value}{_UNITS.get(name, '')}"


class _Names:
    """(table, id) -> name for the ids that rows mention, one query per table. A project is
    named only where the viewer may read it; a hidden confidential one is 一个保密项目."""

    def __init__(self, viewer: User | None, known: dict | None):
        self.viewer, self.names, self.wanted = viewer, dict(known or {}), {}

    def want(self, entity: str, name: str, value) -> None:
        if type(value) in _EDITABLE:
            self.wanted.setdefault("labels", set()).add(_EDITABLE[type(value)])
            return
        target = _target(_column(entity, name))
        if (target is not None and isinstance(value, int) and 0 < value <= MAX_ID
                and (target, value) not in self.names):
            self.wanted.setdefault(target, set()).add(value)

    def load(self) -> dict:
        """The wanted names, all tables in one UNION ALL query."""
        parts = [self._part(target, ids) for target, ids in self.wanted.items()
                 if target in ("labels", "projects") or target in _NAMES]
        self.wanted = {}
        if not parts:
            return self.names
        for target, key, kind, code, name, secret, can in db.session.execute(
                sa.union_all(*parts)).tuples():
            if target == "labels":
                self.names[(kind, code)] = name
            elif target == "projects":
                self.names[("projects", key)] = (name if can else HIDDEN_PROJECT if secret
                                                 else OTHER_PROJECT)
            else:
                self.names[(target, key)] = name
        return self.names

    def _part(self, target: str, ids: set):
        """(target, id, dictionary kind, code, name, confidential, readable) rows."""
        text, none = sa.String, sa.null()
        if target == "labels":
            return (sa.select(sa.literal(target), sa.cast(none, sa.Integer),
                              sa.cast(DictItem.kind, text), sa.cast(DictItem.code, text),
                              sa.cast(DictItem.label, text), sa.false(), sa.true())
                    .where(DictItem.kind.in_(ids)))
        if target == "projects":
            readable = readable_clause(self.viewer) if self.viewer is not None else sa.false()
            return (sa.select(sa.literal(target), Project.id, sa.cast(none, text),
                              sa.cast(none, text), sa.cast(Project.name, text),
                              Project.confidential, readable)
                    .where(Project.id.in_(ids)))
        column = _NAMES[target]
        key = column.class_.id
        return (sa.select(sa.literal(target), key, sa.cast(none, text), sa.cast(none, text),
                          sa.cast(column, text), sa.false(), sa.true())
                .where(key.in_(ids)))


def _who(row) -> str:
    return row.user.name if row.user is not None else "系统"


def _shown(row) -> bool:
    if not row.field or row.field in _NOT_SHOWN:
        return False
    return row.field not in _NOT_SHOWN_BY_TABLE.get(row.entity, ())


def field_changes(rows, viewer: User | None) -> list[tuple[object, Change]]:
    """(row, change) for each shown field row, for lists of single field changes (the edit
    conflict): the same labels and values as the grouped entries."""
    names = _Names(viewer, None)
    parsed = [(row, _parse(row.entity, row.field, row.old), _parse(row.entity, row.field, row.new))
              for row in rows if _shown(row)]
    for row, old, new in parsed:
        names.want(row.entity, row.field, old)
        names.want(row.entity, row.field, new)
    found = names.load()
    return [(row, Change(label(row.entity, row.field), _show(row.entity, row.field, old, found),
                         _show(row.entity, row.field, new, found)))
            for row, old, new in parsed]


def _save(row) -> tuple:
    return row.at, row.user_id, row.entity, row.entity_id, row.action


def entries(rows, viewer: User | None = None, known: dict | None = None) -> list[Entry]:
    """The rows (newest first) as one entry per save. `known` names some (table, id) already,
    e.g. the dictionary labels a page has loaded anyway."""
    groups = [list(group) for _key, group in groupby(rows, key=_save)]
    names = _Names(viewer, known)
    values = [{row.field: (_parse(row.entity, row.field, row.old),
                           _parse(row.entity, row.field, row.new)) for row in group if row.field}
              for group in groups]
    current = _current_subjects(groups)
    for group, fields in zip(groups, values, strict=True):
        entity = group[0].entity
        for name, pair in fields.items():
            for value in pair:
                names.want(entity, name, value)
        for name, value in current.get((entity, group[0].entity_id), {}).items():
            names.want(entity, name, value)
    found = names.load()
    return [_entry(group, fields, current, found)
            for group, fields in zip(groups, values, strict=True)]


def _current_subjects(groups) -> dict:
    """The naming columns of the records that entries about changes refer to, as they are now."""
    wanted: dict[str, set[int]] = {}
    for group in groups:
        first = group[0]
        if first.entity in _SUBJECT and first.action not in ("create", "delete"):
            wanted.setdefault(first.entity, set()).add(first.entity_id)
    found = {}
    for entity, ids in wanted.items():
        model, columns = MODELS[entity], _SUBJECT[entity]
        query = sa.select(model.id, *(getattr(model, c) for c in columns)).where(
            model.id.in_(ids))
        for key, *row in db.session.execute(query).tuples():
            found[(entity, key)] = dict(zip(columns, row, strict=True))
    return found


def _subject(first, fields: dict, current: dict, names: dict) -> str:
    entity = first.entity
    if entity == "holidays":
        day = str(first.entity_id)
        return f"{day[:4]}-{day[4:6]}-{day[6:]}"
    if entity not in _SUBJECT:
        return ""
    if first.action in ("create", "delete"):
        side = 1 if first.action == "create" else 0
        own = {name: pair[side] for name, pair in fields.items()}
    else:
        own = current.get((entity, first.entity_id), {})
    parts = [_show(entity, name, own.get(name), names) for name in _SUBJECT[entity]
             if own.get(name) not in (None, "")]
    return " ".join(parts)


def _title(first, fields: dict) -> str:
    entity = ENTITY_LABELS.get(first.entity, first.entity)
    action = first.action
    if action not in _VERBS:
        return _EVENTS.get(action, action)
    if "voided_at" in fields:
        if not fields["voided_at"][1]:
            return f"{entity}撤销作废"
        reason = fields.get("void_reason", (None, None))[1]
        return f"{entity}作废（原因：{reason}）" if reason else f"{entity}作废"
    if first.entity in _CORRECTED and action == "update":
        return f"更正{entity}"
    if first.entity in _LINKS:
        return {"create": "添加", "update": "修改", "delete": "移除"}[action] + entity
    return _VERBS[action] + entity


def _entry(group, fields: dict, current: dict, names: dict) -> Entry:
    first = group[0]
    entity, action = first.entity, first.action
    title = _title(first, fields)
    skip = set()
    if action in ("create", "delete"):
        skip.update(_SUBJECT.get(entity, ()))  # the subject names the record already
    if "voided_at" in fields:
        skip.add("void_reason")  # in the title
    order = list(LABELS.get(MODELS.get(entity), {}))
    rows = sorted((row for row in group if _shown(row) and row.field not in skip
                   and not _by_actor(row, fields)),
                  key=lambda row: order.index(row.field) if row.field in order else len(order))
    changes = []
    for row in rows:
        old, new = fields[row.field]
        changes.append(Change(label(entity, row.field), _show(entity, row.field, old, names),
                              _show(entity, row.field, new, names)))
    return Entry(at=first.at, who=_who(first), title=title,
                 subject=_subject(first, fields, current, names),
                 detail=first.new if action not in _VERBS else "",
                 changes=changes, diff=action not in ("create", "delete"))


def _by_actor(row, fields: dict) -> bool:
    """录入人/添加人/记录人 on a new record is whoever saved it: the entry says so already."""
    if row.action != "create" or row.field not in ("created_by_id", "added_by_id", "author_id"):
        return False
    return row.user_id is not None and fields[row.field][1] == row.user_id
