"""Field-level audit log, written by a flush hook so that no route can forget it.

Every insert, update and delete of an audited model adds rows to audit_log in the
same transaction: who (the signed-in user; in CLI and scheduler work nobody, unless the work
is done for someone: `acting_as`), when (UTC), which field, old and new value.
"""

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

import sqlalchemy as sa
from flask import g, has_request_context
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from crm.extensions import db, listen_once
from crm.models import (
    Agreement,
    AuditLog,
    Company,
    Contact,
    DictItem,
    FollowUp,
    FundArrival,
    Holiday,
    Org,
    Project,
    ProjectInvestor,
    ProjectMember,
    User,
    utcnow,
)

# Columns that change on every save or are derived: logging them is noise.
_SKIP = {"version", "created_at", "updated_at", "name_initials", "name_normalized",
         "last_seen_at", "counted_amount"}
_MASKED = {"password_hash"}  # the change is recorded, never the value
AUDITED = (Project, ProjectInvestor, ProjectMember, Company, Contact, Agreement, FollowUp,
           FundArrival, User, Org, DictItem, Holiday)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


_acting_for: ContextVar[int | None] = ContextVar("acting_for", default=None)


@contextmanager
def acting_as(user: User) -> Iterator[None]:
    """Audit the writes of this block as the user's: work the scheduler does on someone's
    behalf (a queued ledger import is its importer's), with no request to say who."""
    token = _acting_for.set(user.id)
    try:
        yield
    finally:
        _acting_for.reset(token)


def _actor_id() -> int | None:
    if _acting_for.get() is not None:
        return _acting_for.get()
    # Only read a user Flask-Login has already loaded: loading one here would
    # query (and maybe commit) in the middle of a flush.
    if has_request_context() and "_login_user" in g:
        user = g._login_user
        return getattr(user, "id", None)
    return None


def _project_id(obj) -> int | None:
    if isinstance(obj, Project):
        return obj.id
    return getattr(obj, "project_id", None)


def _entity_id(obj) -> int:
    if isinstance(obj, Holiday):
        return int(obj.day.strftime("%Y%m%d"))
    return obj.id


def _rows_for(obj, action: str, actor: int | None) -> list[dict]:
    base = {"at": utcnow(), "user_id": actor, "entity": obj.__tablename__,
            "entity_id": _entity_id(obj), "project_id": _project_id(obj), "action": action}
    state = inspect(obj)
    rows = []
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _SKIP or key == "id":
            continue
        if action == "create":  # nothing old: no history to compute (an import adds thousands)
            old, new = None, getattr(obj, key)
        elif action == "delete":
            old, new = getattr(obj, key), None
        else:
            # Only attributes set since load have a history; the rest are skipped unread.
            if key not in state.committed_state:
                continue
            history = state.attrs[key].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = getattr(obj, key)
        if action == "create" and new in (None, "", False):
            continue
        if _text(old) == _text(new):
            continue
        if key in _MASKED:
            old, new = ("***" if old else ""), "***"
        rows.append({**base, "field": key, "old": _text(old), "new": _text(new)})
    if action != "update" and not rows:
        rows.append({**base, "field": "", "old": "", "new": ""})
    return rows


def init_app(_app) -> None:
    """The field-level audit log: written by a flush hook, so no route can forget it."""
    listen_once(Session, "after_flush", _audit_after_flush)


def _audit_after_flush(session: Session, _context) -> None:
    actor = _actor_id()
    rows: list[dict] = []
    for action, objects in (("create", session.new), ("update", session.dirty),
                            ("delete", session.deleted)):
        for obj in objects:
            if isinstance(obj, AUDITED):
                rows.extend(_rows_for(obj, action, actor))
    if rows:
        session.connection().execute(sa.insert(AuditLog), rows)


def record_event(user, entity: str, entity_id: int, action: str, detail: str = "",
                 project_id: int | None = None) -> None:
    """An event that is not a field change (password change, hand-over, merge ...)."""
    db.session.add(AuditLog(user_id=getattr(user, "id", None), entity=entity,
                            entity_id=entity_id, action=action, new=detail,
                            project_id=project_id))
