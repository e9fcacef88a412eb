"""Authorization matrix entries for the project pages (merged into tests/matrix.py)."""

from crm.extensions import db
from crm.models import ProjectMember
from tests.matrix import MISSING, SIGNED_IN, Route

ENDPOINTS = {
    "projects.index": Route(roles=frozenset({"leader", "staff", "liaison", "admin"})),
    "projects.detail": Route(roles=SIGNED_IN),
    "projects.new": Route(roles=frozenset({"staff", "leader"})),
    # Everyone reaches the project check: 404 where unreadable, 403 where read-only.
    "projects.edit": Route(roles=SIGNED_IN, needs="w"),
    "projects.stage": Route(post_only=True),
    "projects.status": Route(post_only=True),
    "projects.team_add": Route(post_only=True),
    "projects.team_remove": Route(post_only=True),
    "projects.comment": Route(post_only=True),
}

ARGUMENTS = {"member_id": "project_member"}


def make_records(users, orgs, records):
    """A team member row of the "team" project (bob), for the remove route."""
    member = db.session.query(ProjectMember).filter_by(
        project_id=records["project"]["team"], user_id=users["bob"]).one()
    return {"project_member": {"bob_on_team": member.id, "missing": MISSING}}
