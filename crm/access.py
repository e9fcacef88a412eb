"""Who may see and change what (DESIGN.md access table), for one record and for lists.

Every route, list, count, search, export and e-mail goes through these functions.
A confidential project the user may not see does not exist for them: 404, and
absent from every list and total.
"""

from functools import wraps

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from crm.extensions import db, login_manager
from crm.models import Project, ProjectMember, Role, User


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


def _team_clause(user: User):
    member = sa.select(ProjectMember.id).where(
        ProjectMember.project_id == Project.id, ProjectMember.user_id == user.id
    ).exists()
    return sa.or_(Project.owner_id == user.id, Project.leader_id == user.id, member)


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
        in_unit = project.org_id is not None and project.org_id == user.org_id
        return in_unit or on_team(user, project)
    return role in (Role.staff, Role.admin)


def readable_clause(user: User):
    """The SQL condition equivalent to can_read, for lists, counts and totals."""
    role = user.role
    if role == Role.leader:
        return sa.true()
    if role == Role.reporter:
        return sa.and_(Project.confidential.is_(False), Project.reported_by_id == user.id)
    not_hidden = sa.or_(Project.confidential.is_(False), _team_clause(user))
    if role == Role.liaison:
        mine = _team_clause(user) if user.org_id is None else sa.or_(
            Project.org_id == user.org_id, _team_clause(user))
        return sa.and_(not_hidden, mine)
    if role in (Role.staff, Role.admin):
        return not_hidden
    return sa.false()


def can_write(user: User, project: Project) -> bool:
    """Edit the project itself and its follow-ups, agreements and fund arrivals."""
    if not can_read(user, project):
        return False
    if user.role == Role.staff:
        return on_team(user, project)
    if user.role == Role.liaison:
        # Progress, follow-ups and dates on their unit's projects.
        return project.org_id is not None and project.org_id == user.org_id
    return False


def can_comment(user: User, project: Project) -> bool:
    """领导批示: leaders only, on any project."""
    return user.role == Role.leader


def get_project(project_id: int, *, write: bool = False) -> Project:
    """The project for the current user, or 404 (may not know it exists) / 403 (read-only)."""
    project = db.session.get(Project, project_id)
    if project is None or not can_read(current_user, project):
        abort(404)
    if write and not can_write(current_user, project):
        abort(403)
    return project
