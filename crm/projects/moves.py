"""Stage moves and status changes, with the rules of crm.domain.stages and a real-world date."""

from flask import flash, jsonify, redirect, request, url_for
from flask_login import current_user, login_required

from crm.access import can_write, get_project
from crm.domain.stages import Stage, Status
from crm.extensions import db
from crm.forms import commit_or_conflict
from crm.projects import lifecycle
from crm.projects.blueprint import bp
from crm.projects.forms import StageForm, StatusForm
from crm.projects.views import render_detail
from crm.reference_data import stage_label

RACE = "该项目刚被他人修改，请刷新页面后重试"


def wants_json() -> bool:
    # The board's drag and drop posts with Accept: application/json; a form post asks for HTML.
    return request.accept_mimetypes.best_match(("text/html", "application/json")) == \
        "application/json"


@bp.post("/<project:project_id>/stage")
@login_required
def stage(project_id: int):
    project = get_project(project_id, may=can_write)
    form = StageForm()
    if form.validate_on_submit():
        target = Stage(form.to_stage.data)
        note = form.note.data or ""  # None when the post leaves the field out (the board's form)
        if form.registered_on.data and project.registered_on is None:
            project.registered_on = form.registered_on.data  # a milestone date, given on the way
        errors = lifecycle.move_stage(project, target, on=form.effective_date.data,
                                      by=current_user, note=note)
        if errors:
            db.session.rollback()  # nothing of a refused move stays, the 注册 date included
            form.to_stage.errors.extend(errors)
        elif commit_or_conflict(form, RACE, field=form.to_stage):
            if wants_json():
                return jsonify(ok=True, stage=target.value, label=stage_label(target))
            flash(f"「{project.name}」已移至「{stage_label(target)}」阶段", "success")
            if from_board():
                return redirect(url_for("projects.board"))
            return redirect(url_for("projects.detail", project_id=project_id))
    errors = [e for errs in form.errors.values() for e in errs]
    if wants_json():
        return jsonify(ok=False, errors=errors), 422
    if from_board():  # the card's form without JavaScript: the answer stays on the board
        flash(f"「{project.name}」未移动：" + "；".join(errors), "danger")
        return redirect(url_for("projects.board"))
    return render_detail(get_project(project_id), 422, stage_form=form)


def from_board() -> bool:
    return request.form.get("next") == "board"


@bp.post("/<project:project_id>/status")
@login_required
def status(project_id: int):
    project = get_project(project_id, may=can_write)
    form = StatusForm()
    if form.validate_on_submit():
        target = Status(form.to_status.data)
        errors = lifecycle.change_status(project, target, on=form.effective_date.data,
                                         by=current_user, reason=form.reason.data)
        if errors:
            form.to_status.errors.extend(errors)
        elif commit_or_conflict(form, RACE, field=form.to_status):
            flash(f"项目状态已改为「{target.label}」", "success")
            return redirect(url_for("projects.detail", project_id=project_id))
    return render_detail(get_project(project_id), 422, status_form=form)
