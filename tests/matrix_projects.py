"""Authorization matrix entries for the project pages (merged into tests/matrix.py)."""

from crm.extensions import db
from crm.models import ProjectMember
from tests.matrix import MISSING, SIGNED_IN, Route

ENDPOINTS = {
    "projects.index": Route(roles=frozenset({"leader", "staff", "liaison", "admin"})),
    "projects.detail": Route(roles=SIGNED_IN),
    # Staff create projects they own; a leader hands a new one to an owner (交办).
    "projects.new": Route(roles=frozenset({"staff", "leader"})),
    # Everyone reaches the project check: 404 where unreadable, 403 where read-only. A liaison
    # gets the milestone dates only (p), the team's staff the whole project (w).
    "projects.edit": Route(roles=SIGNED_IN, needs="p"),
    "projects.stage": Route(post_only=True, writers=SIGNED_IN, writes="w"),
    "projects.status": Route(post_only=True, writers=SIGNED_IN, writes="w"),
    "projects.team_add": Route(post_only=True, writers=SIGNED_IN, writes="t"),
    "projects.team_remove": Route(post_only=True, writers=SIGNED_IN, writes="t"),
    "projects.team_owner": Route(post_only=True, writers=SIGNED_IN, writes="t"),
    "projects.comment": Route(post_only=True, writers=SIGNED_IN, writes="c"),
}

ARGUMENTS = {"member_id": "project_member", "projects.team_remove:project_id": "member_project"}


def make_records(users, orgs, records):
    """A team member row of the "team" project (bob), for the remove route."""
    member = db.session.query(ProjectMember).filter_by(
        project_id=records["project"]["team"], user_id=users["bob"]).one()
    return {"project_member": {"bob_on_team": member.id, "missing": MISSING},
            "member_project": {"team": records["project"]["team"]}}
