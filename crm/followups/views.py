"""Log a follow-up from the project page (htmx fragment, or redirect without JS); edit one's own."""

import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from crm.access import can_log_followup, get_project, roles_required
from crm.extensions import db
from crm.followups import dates
from crm.followups.blueprint import bp
from crm.followups.forms import CONFLICT, FollowUpEditForm, FollowUpForm
from crm.forms import commit_or_conflict
from crm.localtime import today
from crm.models import Contact, FollowUp, Role, User
from crm.projects import health
from crm.projects.views import render_detail

ID = "<project:project_id>"


def new_form(project, formdata=None) -> FollowUpForm:
    return FollowUpForm(formdata=formdata, project_id=project.id, contact_date=today(),
                        staff=[current_user.id])


def _apply(form: FollowUpForm, followup: FollowUp) -> None:
    followup.kind_id, followup.contact_date = form.kind_id.data, form.contact_date.data
    followup.summary, followup.next_step = form.summary.data, form.next_step.data or ""
    followup.next_due_date = form.next_due_date.data
    followup.other_participants = form.other_participants.data or ""
    followup.contacts = [db.session.get(Contact, i) for i in form.contacts.data or []]
    followup.staff = [db.session.get(User, i) for i in form.staff.data or []]


@bp.post(f"/{ID}/followups")
@login_required
def create(project_id: int):
    project = get_project(project_id, may=can_log_followup)
    form = FollowUpForm(project_id=project.id)
    htmx = request.headers.get("HX-Request") == "true"
    if form.validate_on_submit():
        followup = FollowUp(project_id=project.id, author_id=current_user.id)
        _apply(form, followup)
        db.session.add(followup)
        db.session.flush()
        dates.refresh(project)
        db.session.commit()
        if htmx:
            return render_template("followups/_created.html", project=project, entry=followup,
                                   form=new_form(project),
                                   health=health.colour_of(project, today()))
        flash("对接记录已保存", "success")
        return redirect(url_for("projects.detail", project_id=project.id, _anchor="timeline"))
    if htmx:
        return render_template("followups/_form.html", project=project, form=form)
    g.followup_form = form
    return render_detail(project, 422)


@bp.route(f"/{ID}/followups/<id:followup_id>/edit", methods=["GET", "POST"])
@roles_required(Role.staff, Role.liaison, Role.leader)
def edit(project_id: int, followup_id: int):
    project = get_project(project_id, may=can_log_followup)  # off the team: read-only now
    followup = db.session.get(FollowUp, followup_id)
    if followup is None or followup.project_id != project.id:
        abort(404)
    if followup.author_id != current_user.id:
        abort(403)  # everyone edits only what they wrote themselves
    form = FollowUpEditForm(project_id=project.id, data=None if request.method == "POST" else dict(
        kind_id=followup.kind_id, contact_date=followup.contact_date, summary=followup.summary,
        next_step=followup.next_step, next_due_date=followup.next_due_date,
        other_participants=followup.other_participants, version=followup.version,
        contacts=[c.id for c in followup.contacts], staff=[u.id for u in followup.staff]))
    if form.validate_on_submit() and form.version.data == followup.version:
        _apply(form, followup)
        db.session.flush()
        dates.refresh(project)
        if commit_or_conflict(form, CONFLICT):
            flash("对接记录已修改", "success")
            return redirect(url_for("projects.detail", project_id=project.id,
                                    _anchor="my-followups"))
    elif form.is_submitted() and not form.version.errors and form.version.data != followup.version:
        form.form_errors.append(CONFLICT)
    return render_template("followups/edit.html", project=project, followup=followup,
                           form=form), 422 if form.errors or form.form_errors else 200


@bp.app_template_global()
def followup_panel(project) -> dict:
    """What the project page's follow-up card needs: the form (with errors after a failed
    plain POST) and the reader's own recent follow-ups, with edit links."""
    if not can_log_followup(current_user, project):
        return {"form": None, "mine": []}
    mine = db.session.scalars(
        sa.select(FollowUp).where(FollowUp.project_id == project.id,
                                  FollowUp.author_id == current_user.id)
        .order_by(FollowUp.contact_date.desc(), FollowUp.id.desc()).limit(10)
        .options(joinedload(FollowUp.kind))).all()
    return {"form": g.get("followup_form") or new_form(project), "mine": mine}
