"""Who may see and change what (DESIGN.md access table), for one record and for lists.

Every route, list, count, search, export and e-mail goes through these functions.
A confidential project the user may not see does not exist for them: 404, and
absent from every list and total.
"""

from collections.abc import Callable
from functools import wraps

import sqlalchemy as sa
from flask import abort, g, has_request_context
from flask_login import current_user
from sqlalchemy.orm import Session, joinedload, selectinload

from crm.extensions import db, listen_once, login_manager
from crm.models import Company, Project, ProjectInvestor, ProjectMember, Role, User


def roles_required(*roles: Role):
    """Route decorator: signed in and holding one of the roles, else 403."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def on_team(user: User, project: Project) -> bool:
    if user.id in (project.owner_id, project.leader_id):
        return True
    return any(member.user_id == user.id for member in project.members)


def team_ids(user: User, confidential_only: bool = False):
    """SELECT of the ids of the projects the user is on the team of (owner, 包联领导, member):
    three index seeks, where an OR over the three columns would scan every project."""
    owned = sa.select(Project.id).where(Project.owner_id == user.id)
    led = sa.select(Project.id).where(Project.leader_id == user.id)
    if confidential_only:
        # Served by the partial indexes ix_projects_confidential_owner / _leader.
        owned = owned.where(Project.confidential.is_(True))
        led = led.where(Project.confidential.is_(True))
    member = sa.select(ProjectMember.project_id).where(ProjectMember.user_id == user.id)
    return sa.union_all(owned, led, member)


def confidential_team_ids(user: User) -> list[int]:
    """Ids of the confidential projects the user is on the team of: the readable rule's second
    half. Read once per request (a few ids for most people) and inlined into every query of
    the request, where a subquery would be evaluated again in each part of each query."""
    return ids_per_request("confidential_team_ids", user, _confidential_team)


def ids_per_request(key: str, user: User, select_for) -> list[int]:
    """The ids `select_for(user)` gives, read once per request for this user and kept in
    g[key] (one of TEAM_CACHES, forgotten when a project or team place is saved). Outside a
    request (the scheduler's run, a CLI) nothing is kept: data may change between its steps.
    The statement is built only when it runs: a list page asks four times per request."""
    if not has_request_context():
        return sorted(set(db.session.scalars(select_for(user))))
    cache = g.setdefault(key, {})
    if user.id not in cache:
        cache[user.id] = sorted(set(db.session.scalars(select_for(user))))
    return cache[user.id]


def _confidential_team(user: User):
    # Driven by the team's ids (index seeks), then kept where confidential: a filter on
    # confidential first would walk every confidential project.
    team = team_ids(user, confidential_only=True).subquery()
    return (sa.select(Project.id).join(team, team.c.id == Project.id)
            .where(Project.confidential.is_(True)).distinct())


# Per-request lists of team ids: this module's, and the workbench's (crm.workbench.my_team).
TEAM_CACHES = ("confidential_team_ids", "my_team")


def _forget_confidential_teams(session, _context) -> None:
    # A saved project or team place may change who reads what in the rest of this request.
    if has_request_context() and any(key in g for key in TEAM_CACHES) and any(
            isinstance(obj, Project | ProjectMember)
            for obj in (*session.new, *session.dirty, *session.deleted)):
        for key in TEAM_CACHES:
            g.pop(key, None)


def init_app(_app) -> None:
    listen_once(Session, "after_flush", _forget_confidential_teams)


def _team_clause(user: User):
    return Project.id.in_(team_ids(user))


def can_read(user: User, project: Project) -> bool:
    role = user.role
    if role == Role.leader:
        return True
    # Without access a confidential project does not exist: this check comes before every
    # "it is mine" rule (reported, unit, team). A reporter never counts as on a team, even
    # with a place left over from an earlier role: once confidential, their lead is gone.
    if project.confidential and (role == Role.reporter or not on_team(user, project)):
        return False
    if role == Role.reporter:
        return project.reported_by_id == user.id
    if role == Role.liaison:
        # Their unit's projects, their teams, and the leads they reported themselves (全员招商).
        in_unit = project.org_id is not None and project.org_id == user.org_id
        return in_unit or on_team(user, project) or project.reported_by_id == user.id
    return role in (Role.staff, Role.admin)


def readable_clause(user: User):
    """The SQL condition equivalent to can_read, for lists, counts and totals."""
    role = user.role
    if role == Role.leader:
        return sa.true()
    if role == Role.reporter:
        return sa.and_(Project.confidential.is_(False), Project.reported_by_id == user.id)
    # Most projects are not confidential: the second half is a small id list built once.
    not_hidden = sa.or_(Project.confidential.is_(False),
                        Project.id.in_(confidential_team_ids(user)))
    if role == Role.liaison:
        mine = sa.or_(_team_clause(user), Project.reported_by_id == user.id)
        if user.org_id is not None:
            mine = sa.or_(mine, Project.org_id == user.org_id)
        return sa.and_(not_hidden, mine)
    if role in (Role.staff, Role.admin):
        return not_hidden
    return sa.false()


# --- Writes (DESIGN.md access table, "writes" column) -----------------------------------
# Each function answers one kind of change on a project the user can read; the routes and
# the page's buttons ask the same function, and tests/matrix.py encodes the same table.

def can_write(user: User, project: Project) -> bool:
    """The project itself: its fields, stage, status and agreements (staff on its team)."""
    return user.role == Role.staff and can_read(user, project) and on_team(user, project)


def _liaison_of_unit(user: User, project: Project) -> bool:
    return (user.role == Role.liaison and project.org_id is not None
            and project.org_id == user.org_id and can_read(user, project))


def can_record_progress(user: User, project: Project) -> bool:
    """Milestone dates (落地/开工/投产/达效) and 到位资金: the writers, and the liaison of the
    project's 责任单位 (who does not change status or record agreements)."""
    return can_write(user, project) or _liaison_of_unit(user, project)


def can_log_followup(user: User, project: Project) -> bool:
    """Follow-ups: those who record progress, and leaders on any project they read."""
    return can_record_progress(user, project) or (
        user.role == Role.leader and can_read(user, project))


def can_manage_team(user: User, project: Project) -> bool:
    """Members and the owner (hand-over): the owner, or the project's 包联领导. A project with
    no 包联领导 is managed by any leader, so a confidential one can always be handed over."""
    if not can_read(user, project):
        return False
    if user.role == Role.staff:
        return user.id == project.owner_id
    return user.role == Role.leader and project.leader_id in (None, user.id)


def can_comment(user: User, project: Project) -> bool:
    """领导批示: leaders only, on any project."""
    return user.role == Role.leader and can_read(user, project)


# --- Contacts' personal data (phone, e-mail, WeChat): need-to-know --------------------------

def _followed_in(company_id, user: User | None = None):
    """EXISTS: the company is an investor of a project (one `user` may read, when given).
    Correlated, so it costs an index seek per company asked about, never a list of all."""
    query = sa.select(ProjectInvestor.id).where(ProjectInvestor.company_id == company_id)
    if user is not None:
        query = query.join(Project, Project.id == ProjectInvestor.project_id).where(
            readable_clause(user))
    return query.exists()


def contact_details_clause(user: User, company_id=None):
    """SQL condition on a company id: may `user` see its contacts' phone, e-mail and WeChat?

    Leaders always; reporters never; a liaison for companies of projects they may read; staff
    and admins unless the company is followed only in confidential projects hidden from them.
    """
    company_id = Company.id if company_id is None else company_id
    role = user.role
    if role == Role.leader:
        return sa.true()
    if role == Role.liaison:
        return _followed_in(company_id, user)
    if role in (Role.staff, Role.admin):
        return sa.or_(~_followed_in(company_id), _followed_in(company_id, user))
    return sa.false()


def can_merge_companies(user: User, *companies: Company) -> bool:
    """Company merges: an admin, or a staff member who owns a project of either company."""
    if user.role == Role.admin:
        return True
    return user.role == Role.staff and bool(db.session.scalar(
        sa.select(ProjectInvestor.id).join(Project, Project.id == ProjectInvestor.project_id)
        .where(Project.owner_id == user.id,
               ProjectInvestor.company_id.in_([c.id for c in companies])).limit(1)))


def can_see_contact_details(user: User, company: Company) -> bool:
    return bool(db.session.scalar(sa.select(
        contact_details_clause(user, sa.literal(company.id)))))


PROJECT_PAGE_LOADS = (
    joinedload(Project.owner), joinedload(Project.leader), joinedload(Project.org),
    joinedload(Project.channel), joinedload(Project.cluster), joinedload(Project.key_level),
    selectinload(Project.members).joinedload(ProjectMember.user),
    selectinload(Project.investors).joinedload(ProjectInvestor.company),
)


def get_project(project_id: int, may: Callable[[User, Project], bool] | None = None) -> Project:
    """The project for the current user, or 404 (may not know it exists) / 403 when `may`
    (one of the write checks above) refuses the change."""
    # What every project route needs anyway (the team for the checks below, the investors and
    # names for the page), in one query and two IN look-ups instead of a lazy load each.
    project = db.session.get(Project, project_id, options=PROJECT_PAGE_LOADS)
    if project is None or not can_read(current_user, project):
        abort(404)
    if may is not None and not may(current_user, project):
        abort(403)
    return project
