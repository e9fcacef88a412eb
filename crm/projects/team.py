"""The project team: the owner (or a leader) adds and removes members."""

import sqlalchemy as sa
from flask import abort, flash, redirect, url_for
from flask_login import current_user, login_required

from crm.access import can_manage_team, get_project
from crm.extensions import db
from crm.forms import commit_or_conflict
from crm.models import ProjectMember, User
from crm.projects.blueprint import bp
from crm.projects.forms import OwnerForm, TeamAddForm
from crm.projects.views import render_detail


def _get_managed_project(project_id: int):
    """The project, if the current user manages its team: its owner, or its 包联领导."""
    return get_project(project_id, may=can_manage_team)


@bp.post("/<project:project_id>/team/add")
@login_required
def team_add(project_id: int):
    project = _get_managed_project(project_id)
    form = TeamAddForm()
    if form.validate_on_submit():
        user_id = form.user_id.data
        if user_id in (project.owner_id, project.leader_id) or any(
                m.user_id == user_id for m in project.members):
            form.user_id.errors.append("该用户已在项目团队中")
        else:
            project.members.append(ProjectMember(user_id=user_id, added_by_id=current_user.id))
            try:
                db.session.commit()
            except sa.exc.IntegrityError:  # added by someone else a moment ago
                db.session.rollback()
                form.user_id.errors.append("该用户已在项目团队中")
            else:
                flash(f"已将「{db.session.get(User, user_id).name}」加入项目团队", "success")
                return redirect(url_for("projects.detail", project_id=project_id) + "#team")
    return render_detail(get_project(project_id), 422, team_form=form)


@bp.post("/<project:project_id>/team/<id:member_id>/remove")
@login_required
def team_remove(project_id: int, member_id: int):
    project = _get_managed_project(project_id)
    member = db.session.get(ProjectMember, member_id)
    if member is None or member.project_id != project.id:
        abort(404)
    name = member.user.name
    db.session.delete(member)
    db.session.commit()
    flash(f"已将「{name}」移出项目团队", "success")
    return redirect(url_for("projects.detail", project_id=project_id) + "#team")


@bp.post("/<project:project_id>/team/owner")
@login_required
def team_owner(project_id: int):
    """Hand the project to another staff member: how a leader moves a confidential project
    whose owner has left (an admin's hand-over may not touch confidential projects)."""
    project = _get_managed_project(project_id)
    form = OwnerForm()
    if form.validate_on_submit():
        if form.owner_id.data == project.owner_id:
            form.owner_id.errors.append("该用户已是项目负责人")
        else:
            # The previous owner leaves the team (often they have left the bureau); the new
            # one holds no separate member place.
            project.owner_id = form.owner_id.data
            project.members = [m for m in project.members if m.user_id != project.owner_id]
            if commit_or_conflict(form, "项目刚被他人修改，请刷新页面后重试", field=form.owner_id):
                flash(f"已将项目移交给「{db.session.get(User, project.owner_id).name}」", "success")
                return redirect(url_for("projects.detail", project_id=project_id) + "#team")
    return render_detail(get_project(project_id), 422, owner_form=form)
