"""Create and edit a project: role-whitelisted fields, optimistic locking, a readable conflict."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from crm import audit_view
from crm.access import can_record_progress, can_write, get_project, roles_required
from crm.domain.stages import PipelineClass
from crm.extensions import db
from crm.forms import MAX_ID, commit_or_conflict, parse_int
from crm.localtime import today
from crm.models import AuditLog, Company, Project, ProjectInvestor, Role, utcnow
from crm.projects import lifecycle
from crm.projects.blueprint import bp
from crm.projects.forms import (
    CONFLICT,
    DatesEditForm,
    DatesForm,
    NewProjectForm,
    ProjectEditForm,
    ProjectForm,
    project_dates,
    sole_investor,
)

# Plain columns a writer may set from the full form (owner and investors are handled apart).
TEXT_FIELDS = ("name", "description", "first_contact_note", "code_name", "jobs", "land_mu")


def _initial(project: Project, form_class) -> dict:
    data = {name: getattr(project, name) for name in DatesForm.DATE_FIELDS}
    data.update(version=project.version, audit_mark=db.session.scalar(
        sa.select(sa.func.max(AuditLog.id)).where(AuditLog.project_id == project.id)) or 0)
    if form_class is ProjectEditForm:
        data.update({name: getattr(project, name) for name in TEXT_FIELDS})
        data.update({name: getattr(project, name) or 0 for name in ProjectForm.CHOICE_FIELDS})
        data.update({name: getattr(project, name) for name in ProjectForm.MONEY_FIELDS})
        data.update(owner_id=project.owner_id or 0, confidential=project.confidential,
                    pipeline_class=project.pipeline_class.value if project.pipeline_class else "",
                    investors=[i.company_id for i in project.investors],
                    lead_investor=next((i.company_id for i in project.investors if i.is_lead), 0))
    return data


def _assign(project: Project, form) -> None:
    """Copy the whitelisted fields of this form, and nothing else, onto the project."""
    for name in DatesForm.DATE_FIELDS:
        setattr(project, name, getattr(form, name).data)
    project.updated_at = utcnow()  # every save bumps the version, investors-only ones too
    if not isinstance(form, ProjectForm):
        return
    for name in TEXT_FIELDS:
        setattr(project, name, getattr(form, name).data)
    for name in ProjectForm.CHOICE_FIELDS:
        setattr(project, name, getattr(form, name).data or None)
    for name in ProjectForm.MONEY_FIELDS:
        setattr(project, name, getattr(form, name).amount)
    project.pipeline_class = PipelineClass(form.pipeline_class.data) \
        if form.pipeline_class.data else None
    project.confidential = form.confidential.data
    if form.owner_id is not None:
        project.owner_id = form.owner_id.data
    _set_investors(project, form.investors.data or [], form.lead_investor.data)


def _set_investors(project: Project, company_ids: list[int], lead: int) -> None:
    company_ids = list(dict.fromkeys(company_ids))
    lead = lead or sole_investor(company_ids)
    kept = {i.company_id: i for i in project.investors if i.company_id in company_ids}
    project.investors = [kept.get(cid) or ProjectInvestor(company_id=cid)
                         for cid in company_ids]
    for investor in project.investors:
        investor.is_lead = investor.company_id == lead


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.staff, Role.leader)
def new():
    leader = current_user.role == Role.leader
    # 新建项目 on a company's page comes with that company as the (lead) investor.
    company = parse_int(request.args.get("company"), minimum=1, maximum=MAX_ID)
    company = company if company and db.session.get(Company, company) else None
    investor = {"investors": [company], "lead_investor": company} if company else {}
    form = NewProjectForm(can_set_owner=leader, org_id=current_user.org_id or 0,
                          lead_on=today(), **investor)
    if form.validate_on_submit():
        project = Project(owner_id=current_user.id)
        _assign(project, form)
        lifecycle.create(project, by=current_user, lead_on=form.lead_on.data)
        db.session.commit()
        flash(f"已创建项目「{project.name}」", "success")
        return redirect(url_for("projects.detail", project_id=project.id))
    return render_template("projects/form.html", form=form, project=None)


@bp.route("/<project:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit(project_id: int):
    # A liaison records the milestone dates of their unit's projects, nothing else.
    project = get_project(project_id, may=can_record_progress)
    form_class = ProjectEditForm if can_write(current_user, project) else DatesEditForm
    kwargs = {} if form_class is DatesEditForm else {
        "can_set_owner": current_user.id == project.owner_id, "stage": project.stage}
    form = form_class(**kwargs, context=project_dates(project), **_initial(project, form_class))
    if form.validate_on_submit() and form.version.data == project.version:
        _assign(project, form)
        if commit_or_conflict(form, CONFLICT):
            flash(f"已保存项目「{project.name}」", "success")
            return redirect(url_for("projects.detail", project_id=project.id))
    elif form.is_submitted() and (form.version.errors or form.version.data != project.version):
        form.form_errors.append(CONFLICT)  # stale, or posted without its version
    conflict = CONFLICT in form.form_errors
    return render_template(
        "projects/form.html", form=form, project=project,
        others=_changes_since(project.id, form.audit_mark.data) if conflict else []
    ), 409 if conflict else 200


def _changes_since(project_id: int, mark: int | None) -> list[dict]:
    """Field changes saved on the project since the user opened the form: the other change."""
    mark = min(max(mark or 0, 0), 2**31 - 1)  # a hidden field, so anything may come back
    rows = db.session.scalars(
        sa.select(AuditLog).where(AuditLog.project_id == project_id,
                                  AuditLog.entity == "projects", AuditLog.id > mark)
        .options(joinedload(AuditLog.user)).order_by(AuditLog.id)).all()
    return [{"who": row.user.name if row.user else "系统", "at": row.at, "field": change.label,
             "old": change.old, "new": change.new}
            for row, change in audit_view.field_changes(rows, current_user)]
