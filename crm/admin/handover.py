"""Hand-over: every project a person owns, and their team places, move to a colleague at once.

Only non-confidential projects (DESIGN.md access table): an admin may not make themselves or
anyone else the owner of a confidential project no leader gave them. Those are left for a
leader (or their own owner) to hand over on the project page. The page reads the same whatever
confidential projects exist; only the hand-over itself tells the admin how many of that
person's were left, as a bare count."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from crm.access import readable_clause, roles_required
from crm.admin.blueprint import bp
from crm.admin.forms import HandoverForm
from crm.audit import record_event
from crm.extensions import db
from crm.forms import commit_or_conflict, options
from crm.models import Project, ProjectMember, Role, User

RECEIVERS = (Role.staff, Role.leader, Role.admin)
LEFT_FOR_LEADER = "另有{}个保密项目需由县领导或项目负责人移交"


def movable(viewer: User) -> sa.Select:
    """The ids of the projects the viewer may hand over: readable and not confidential."""
    return sa.select(Project.id).where(readable_clause(viewer), Project.confidential.is_(False))


def workload(viewer: User) -> dict[int, tuple[int, int]]:
    """user id -> (projects owned, team places) over what the viewer may hand over, for users
    who have any."""
    owned = dict(db.session.execute(
        sa.select(Project.owner_id, sa.func.count())
        .where(Project.owner_id.is_not(None), Project.id.in_(movable(viewer)))
        .group_by(Project.owner_id)).all())
    member = dict(db.session.execute(
        sa.select(ProjectMember.user_id, sa.func.count())
        .where(ProjectMember.project_id.in_(movable(viewer)))
        .group_by(ProjectMember.user_id)).all())
    return {uid: (owned.get(uid, 0), member.get(uid, 0)) for uid in owned.keys() | member.keys()}


def confidential_left(giver: User) -> int:
    """How many confidential projects the giver owns or is on the team of (not which)."""
    secret = Project.confidential.is_(True)
    held = sa.union(
        sa.select(Project.id).where(Project.owner_id == giver.id, secret),
        sa.select(ProjectMember.project_id).where(
            ProjectMember.user_id == giver.id,
            ProjectMember.project_id.in_(sa.select(Project.id).where(secret)))).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(held)) or 0


def _choices(form: HandoverForm, load: dict[int, tuple[int, int]]) -> list[User]:
    people = db.session.scalars(sa.select(User).order_by(User.active.desc(), User.name)).all()
    # Whoever holds projects can hand them over, including a disabled account (someone who left).
    givers = [u for u in people if u.id in load]
    form.from_user.choices = options([(0, "请选择"), *[
        (u.id, f"{u.name}（{u.email}{'，已停用' if not u.active else ''}）"
               f"：负责{load[u.id][0]}个项目，参与{load[u.id][1]}个团队") for u in givers]])
    form.to_user.choices = options([(0, "请选择"), *[
        (u.id, f"{u.name}（{u.role.label}，{u.email}）") for u in people
        if u.active and u.role in RECEIVERS]])
    return givers


def hand_over(giver: User, receiver: User, viewer: User) -> tuple[int, int]:
    """Move ownership and team places of the projects the viewer may hand over (never a
    confidential one); returns (projects, memberships). The caller commits."""
    allowed = movable(viewer)
    projects = db.session.scalars(sa.select(Project).where(
        Project.owner_id == giver.id, Project.id.in_(allowed))).all()
    for project in projects:
        project.owner_id = receiver.id  # through the ORM, so the audit hook records each one
    places = db.session.scalars(
        sa.select(ProjectMember).where(ProjectMember.user_id == giver.id,
                                       ProjectMember.project_id.in_(allowed))).all()
    already = set(db.session.scalars(
        sa.select(ProjectMember.project_id).where(ProjectMember.user_id == receiver.id)))
    for place in places:
        if place.project_id in already:
            db.session.delete(place)
        else:
            place.user_id = receiver.id
    record_event(current_user, "users", giver.id, "handover",
                 detail=f"{len(projects)}个项目移交给 {receiver.name}")
    return len(projects), len(places)


@bp.route("/handover", methods=["GET", "POST"])
@roles_required(Role.admin)
def handover():
    form = HandoverForm()
    load = workload(current_user)
    givers = _choices(form, load)
    if form.validate_on_submit():
        giver, receiver = db.session.get(User, form.from_user.data), \
            db.session.get(User, form.to_user.data)
        moved, places = hand_over(giver, receiver, current_user)
        if commit_or_conflict(form, "有项目正被他人修改，未移交任何项目，请重试"):
            left = confidential_left(giver)
            flash(f"已将「{giver.name}」的{moved}个项目移交给「{receiver.name}」"
                  f"（团队成员身份{places}项）"
                  + (f"；{LEFT_FOR_LEADER.format(left)}" if left else ""), "success")
            return redirect(url_for("admin.handover"))
    return render_template("admin/handover.html", form=form, givers=givers, load=load)
