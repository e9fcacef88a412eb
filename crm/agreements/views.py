"""Agreements: record one (an 投资协议 moves the project to 签约), serve its attachment."""

from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from crm import uploads
from crm.access import can_write, get_project, roles_required
from crm.agreements import bp
from crm.agreements.forms import AgreementForm
from crm.domain.stages import AgreementKind
from crm.extensions import db
from crm.models import Agreement, Role
from crm.projects import lifecycle

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


def _follow_signing(project) -> str:
    """An 投资协议 makes the project 签约 (crm/projects/lifecycle.py); a note for the user."""
    before = project.stage
    errors = lifecycle.follow_signing(project, by=current_user)
    if errors:
        return "；项目阶段未变：" + "；".join(errors)
    return "，项目已移至「签约」阶段" if project.stage != before else ""


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
        moved = _follow_signing(project)
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
