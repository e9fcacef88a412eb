"""Agreements: record, correct or void one (an 投资协议 moves the project to 签约), serve its
attachment."""

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from crm import uploads
from crm.access import can_write, get_project, roles_required
from crm.agreements import bp
from crm.agreements.correcting import (
    already_voided,
    flush_or_conflict,
    mark_voided,
    render_edit,
    row_on,
    submitted_current,
)
from crm.agreements.forms import AGREEMENT_CONFLICT, AgreementEditForm, AgreementForm, VoidForm
from crm.domain.stages import AgreementKind, Stage
from crm.extensions import db
from crm.forms import commit_or_conflict
from crm.models import Agreement, Role
from crm.projects import lifecycle
from crm.projects.forms import project_dates

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


def _after_correction(project, message: str) -> None:
    """Flash what was done. A correction never moves the stage back: when no live 投资协议 is
    left under a signed project, the user is asked to look at the stage."""
    flash(message, "success")
    if project.stage.rank >= Stage.signed.rank and \
            not lifecycle.project_facts(project).has_investment_agreement:
        flash("该项目已无有效投资协议，请核对项目阶段", "warning")


def _initial(agreement: Agreement) -> dict:
    return dict(kind=agreement.kind.value, signed_on=agreement.signed_on,
                title="" if agreement.title == agreement.kind.label else agreement.title,
                amount=agreement.amount, agreed_start_date=agreement.agreed_start_date,
                activity_id=agreement.activity_id or 0, note=agreement.note,
                version=agreement.version)


def _edit_page(project, agreement, form=None, void_form=None):
    form = form or AgreementEditForm(formdata=None, keep_activity=agreement.activity_id,
                                     lead_on=project_dates(project).lead_on,
                                     data=_initial(agreement))
    void_form = void_form or VoidForm(formdata=None, void_version=agreement.version)
    return render_edit("agreements/form.html", project, agreement, form, void_form)


def _to_project(project):
    return redirect(url_for("projects.detail", project_id=project.id, _anchor="agreements"))


@bp.route(f"/{ID}/agreements/new", methods=["GET", "POST"])
@login_required
def new(project_id: int):
    project = get_project(project_id, may=can_write)
    form = AgreementForm(lead_on=project_dates(project).lead_on)
    if form.validate_on_submit():
        agreement = Agreement(project_id=project.id, created_by_id=current_user.id)
        _apply(form, agreement)
        db.session.add(agreement)
        db.session.flush()
        moved = _follow_signing(project)
        db.session.commit()
        flash(f"已录入{agreement.kind.label}{moved}", "success")
        return _to_project(project)
    return render_template("agreements/form.html", project=project, form=form, row=None), \
        422 if form.errors else 200


@bp.route(f"/{ID}/agreements/<id:agreement_id>/edit", methods=["GET", "POST"])
@login_required
def edit(project_id: int, agreement_id: int):
    project = get_project(project_id, may=can_write)
    agreement = row_on(project, Agreement, agreement_id)
    if agreement.voided_at is not None:
        return already_voided(project, "协议", "agreements")
    if request.method == "GET":
        return _edit_page(project, agreement)
    form = AgreementEditForm(keep_activity=agreement.activity_id,
                             lead_on=project_dates(project).lead_on)
    if submitted_current(form, form.version, agreement, AGREEMENT_CONFLICT):
        _apply(form, agreement)
        if flush_or_conflict(form, AGREEMENT_CONFLICT):
            moved = _follow_signing(project)  # the date or kind may have changed
            if commit_or_conflict(form, AGREEMENT_CONFLICT):
                _after_correction(project, f"已更正{agreement.kind.label}{moved}")
                return _to_project(project)
    return _edit_page(project, agreement, form=form)


@bp.post(f"/{ID}/agreements/<id:agreement_id>/void")
@login_required
def void(project_id: int, agreement_id: int):
    project = get_project(project_id, may=can_write)
    agreement = row_on(project, Agreement, agreement_id)
    if agreement.voided_at is not None:
        return already_voided(project, "协议", "agreements")
    form = VoidForm()
    if submitted_current(form, form.void_version, agreement, AGREEMENT_CONFLICT):
        mark_voided(agreement, form.void_reason.data)
        if flush_or_conflict(form, AGREEMENT_CONFLICT):
            lifecycle.follow_signing(project, by=current_user)  # 签约日期 without this one
            if commit_or_conflict(form, AGREEMENT_CONFLICT):
                _after_correction(project, f"已作废{agreement.kind.label}")
                return _to_project(project)
    return _edit_page(project, agreement, void_form=form)


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
