"""Agreements: record one (an 投资协议 moves the project to 签约), serve its attachment."""

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from crm import uploads
from crm.access import can_write, get_project, roles_required
from crm.agreements import bp
from crm.agreements.forms import AgreementForm
from crm.domain.stages import AgreementKind, Stage, check_stage_move
from crm.extensions import db
from crm.models import Agreement, Role, StageChange
from crm.projects.queries import project_facts

ID = "<project:project_id>"
READERS = (Role.leader, Role.staff, Role.liaison, Role.admin)


def _apply(form: AgreementForm, agreement: Agreement) -> None:
    agreement.kind = AgreementKind(form.kind.data)
    agreement.title = form.title.data or agreement.kind.label
    agreement.signed_on, agreement.amount = form.signed_on.data, form.amount.amount
    agreement.agreed_start_date = form.agreed_start_date.data
    agreement.activity_id = form.activity_id.data or None
    agreement.note = form.note.data or ""
    if form.checked is not None:
        agreement.attachment_path = uploads.store(form.checked,
                                                  current_app.config["UPLOAD_FOLDER"])
        agreement.attachment_name = form.checked.original_name
        agreement.attachment_mime = form.checked.mime
        agreement.attachment_size = len(form.checked.data)


def _follow_signing(project, agreement: Agreement) -> str:
    """An 投资协议 makes the project 签约 (through the stage rules); returns a note for the user."""
    if agreement.kind != AgreementKind.investment:
        return ""
    project.signed_on = db.session.scalar(
        sa.select(sa.func.min(Agreement.signed_on)).where(
            Agreement.project_id == project.id, Agreement.kind == AgreementKind.investment))
    if project.stage.rank >= Stage.signed.rank:
        return ""
    errors = check_stage_move(project.stage, Stage.signed, project_facts(project), "",
                              project.status)
    if errors:
        return "；项目阶段未变：" + "；".join(errors)
    day = agreement.signed_on
    db.session.add(StageChange(project_id=project.id, from_stage=project.stage,
                               to_stage=Stage.signed, effective_date=day,
                               user_id=current_user.id, note="签订投资协议"))
    project.stage, project.stage_date = Stage.signed, day
    project.last_progress_at = max(filter(None, (project.last_progress_at, day)))
    return "，项目已移至「签约」阶段"


@bp.route(f"/{ID}/agreements/new", methods=["GET", "POST"])
@login_required
def new(project_id: int):
    project = get_project(project_id, may=can_write)
    form = AgreementForm()
    if form.validate_on_submit():
        agreement = Agreement(project_id=project.id, created_by_id=current_user.id)
        _apply(form, agreement)
        db.session.add(agreement)
        db.session.flush()
        moved = _follow_signing(project, agreement)
        db.session.commit()
        flash(f"已录入{agreement.kind.label}{moved}", "success")
        return redirect(url_for("projects.detail", project_id=project.id, _anchor="agreements"))
    return render_template("agreements/form.html", project=project, form=form), \
        422 if form.errors else 200


@bp.get(f"/{ID}/agreements/<id:agreement_id>/attachment")
@roles_required(*READERS)  # reporters see what became of a lead, not its contract
def attachment(project_id: int, agreement_id: int):
    project = get_project(project_id)
    agreement = db.session.get(Agreement, agreement_id)
    if agreement is None or agreement.project_id != project.id or not agreement.attachment_path:
        abort(404)
    try:
        path = uploads.path_of(agreement.attachment_path, current_app.config["UPLOAD_FOLDER"])
    except FileNotFoundError:
        abort(404)
    if not path.is_file():
        abort(404)
    # Always a download, named with the extension of the type checked at upload (a PDF sent
    # as "setup.exe" comes back as "setup.pdf"); send_file adds RFC 5987 filename* for Chinese.
    mime = agreement.attachment_mime or "application/octet-stream"
    response = send_file(path, mimetype=mime, as_attachment=True,
                         download_name=uploads.download_name(agreement.attachment_name, mime))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"  # a signed contract: never cached
    return response
