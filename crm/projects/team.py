"""The project team: the owner (or a leader) adds and removes members."""

import sqlalchemy as sa
from flask import abort, flash, redirect, url_for
from flask_login import current_user, login_required

from crm.access import get_project
from crm.extensions import db
from crm.models import ProjectMember, Role, User
from crm.projects import bp
from crm.projects.forms import TeamAddForm
from crm.projects.views import render_detail


def _get_managed_project(project_id: int):
    """The project, if the current user manages its team: its owner, or a leader."""
    project = get_project(project_id)
    if current_user.role != Role.leader and current_user.id != project.owner_id:
        abort(403)
    return project


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
