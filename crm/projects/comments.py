"""领导批示: a leader's instruction on a project, shown in its timeline."""

from flask import abort, flash, redirect, url_for
from flask_login import current_user, login_required

from crm.access import can_comment, get_project
from crm.extensions import db
from crm.models import Comment
from crm.projects.blueprint import bp
from crm.projects.forms import CommentForm
from crm.projects.views import render_detail


@bp.post("/<project:project_id>/comments")
@login_required
def comment(project_id: int):
    project = get_project(project_id)
    if not can_comment(current_user, project):
        abort(403)
    form = CommentForm()
    if form.validate_on_submit():
        db.session.add(Comment(project_id=project.id, author_id=current_user.id,
                               body=form.body.data))
        db.session.commit()
        flash("批示已发布", "success")
        return redirect(url_for("projects.detail", project_id=project_id) + "#timeline")
    return render_detail(project, 422, comment_form=form)
