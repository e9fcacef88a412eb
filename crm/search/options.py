"""GET /search/options/companies?q= and /search/options/people?q=&role=: the options a
type-ahead picker offers as the user types.

companies: through the search index, as the navbar search finds them (Chinese substring, former
names, pinyin initials, a partial credit code), with the credit code as the hint. Company names
are master data every signed-in staff role sees, so no project is revealed by them.
people: active users of the requested roles whose name, pinyin initials or e-mail contain the
term, with their unit as the hint. The users of a county (hundreds at a city's scale) are read
once and filtered here: the pinyin initials are not stored for users, and are cached per name.
"""

from functools import lru_cache

import sqlalchemy as sa
from flask import abort, jsonify, request

from crm.access import roles_required
from crm.extensions import db
from crm.models import Org, Role, User
from crm.names import pinyin_initials
from crm.search.blueprint import bp
from crm.search.query import LIMIT, company_select
from crm.search.text import key, query_runs

MAX_TERM = 50


@lru_cache(maxsize=4096)
def _initials(name: str) -> str:
    return pinyin_initials(name)


def _companies(term: str) -> list[dict]:
    runs = query_runs(term)
    if not runs:
        return []
    rows = db.session.execute(company_select(runs)).all()
    return [{"value": row.id, "text": row.name, "hint": row.uscc or ""} for row in rows]


def _roles(text: str | None) -> list[Role]:
    if not text:
        return list(Role)
    try:
        return [Role(value) for value in text.split(",")]
    except ValueError:
        abort(400)


def _people(term: str, roles: list[Role]) -> list[dict]:
    wanted = key(term)
    if not wanted:
        return []
    rows = db.session.execute(
        sa.select(User.id, User.name, User.email, Org.name.label("org_name"))
        .outerjoin(Org, Org.id == User.org_id)
        .where(User.active.is_(True), User.role.in_(roles))
        .order_by(sa.func.length(User.name), User.name, User.id)).all()
    found = [row for row in rows
             if wanted in key(row.name) or wanted in _initials(row.name)
             or wanted in key(row.email)]
    return [{"value": row.id, "text": row.name, "hint": row.org_name or ""}
            for row in found[:LIMIT]]


@bp.get("/search/options/companies")
@roles_required(Role.leader, Role.staff, Role.liaison, Role.admin)
def company_options():
    return jsonify(_companies(_term()))


@bp.get("/search/options/people")
@roles_required(Role.leader, Role.staff, Role.liaison, Role.admin)
def people_options():
    return jsonify(_people(_term(), _roles(request.args.get("role"))))


def _term() -> str:
    return (request.args.get("q") or "")[:MAX_TERM]
