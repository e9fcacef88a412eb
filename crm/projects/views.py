"""The project list (/projects) and the project page (/projects/<id>)."""

from decimal import Decimal

import sqlalchemy as sa
from flask import render_template, request
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from crm import audit_view, pagination, reference_data
from crm.access import (
    can_comment,
    can_manage_team,
    can_record_progress,
    can_write,
    get_project,
    roles_required,
)
from crm.domain.stages import Health, PipelineClass, Stage, Status
from crm.extensions import db
from crm.forms import picker
from crm.localtime import today
from crm.models import Activity, AuditLog, Role
from crm.projects import health, queries
from crm.projects.blueprint import bp
from crm.projects.forms import CommentForm, OwnerForm, StageForm, StatusForm, TeamAddForm

LIST_ROLES = (Role.leader, Role.staff, Role.liaison, Role.admin)


@bp.get("")
@roles_required(*LIST_ROLES)
def index():
    day = today()
    f = queries.Filters.from_args(request.args)
    clauses = queries.where_clauses(current_user, f, day)
    totals = queries.count_and_total(current_user, clauses, f)
    shown = pagination.page(f.page, totals.listed, queries.PER_PAGE)
    f.page = shown.number
    rows = queries.page_of_projects(clauses, f, shown.offset)
    choices, labels = _filter_choices(queries.filter_options(owner=f.owner))
    reference_data.keep_stage_labels(labels["stage"])
    return render_template(
        "projects/index.html", rows=rows, f=f, totals=totals, pages=shown.pages,
        choices=choices, labels=labels, any_confidential=totals.any_confidential,
        health={p.id: health.colour_of(p, day) for p in rows},
        may_create=current_user.role in (Role.staff, Role.leader),
        pickers={"owner": picker("people", Role.staff)["data-picker"]})


def _filter_choices(found: dict) -> tuple[dict, dict]:
    """The filters' (value, label) lists; stage and status use the admin-edited labels."""
    labels = {"stage": dict(found.get("d_stage", [])), "status": dict(found.get("d_status", []))}
    choices = {
        "stage": [(s.value, labels["stage"].get(s.value, s.label)) for s in Stage],
        "status": [(s.value, labels["status"].get(s.value, s.label)) for s in Status],
        "class": [(c.value, f"{c.value}类 {c.label}") for c in PipelineClass],
        "health": [(h.value, h.label) for h in Health],
        "cluster": found.get("d_cluster", []), "leader": found.get("u_leader", []),
        "org": found.get("org", []), "owner": found.get("u_staff", []),
        "sort": [(key, label) for key, (label, _column) in queries.SORTS.items()],
    }
    return choices, labels


@bp.get("/<project:project_id>")
@login_required
def detail(project_id: int):
    return render_detail(get_project(project_id))


def render_detail(project, status: int = 200, **forms):
    """The project page; a failed stage, status, team or 批示 form is shown with its errors."""
    members = sorted(project.members, key=lambda member: (member.added_at, member.id))
    audit = []
    if current_user.role in (Role.leader, Role.admin):
        audit = audit_view.entries(db.session.scalars(
            sa.select(AuditLog).where(AuditLog.project_id == project.id)
            .options(joinedload(AuditLog.user)).order_by(AuditLog.id.desc()).limit(500)).all(),
            current_user)
    writer = can_write(current_user, project)
    manages_team = can_manage_team(current_user, project)
    return render_template(
        "projects/detail.html", project=project, members=members, audit=audit,
        events=queries.timeline(project), health=health.colour_of(project, today()),
        writer=writer, manages_team=manages_team, failed=status != 200,
        commenter=can_comment(current_user, project),
        stage_form=forms.get("stage_form") or StageForm(
            formdata=None, to_stage=_next_stage(project.stage).value, effective_date=today()),
        status_form=forms.get("status_form") or StatusForm(
            formdata=None, to_status=project.status.value, effective_date=today()),
        team_form=forms.get("team_form") or (TeamAddForm(formdata=None) if manages_team
                                             else None),
        owner_form=forms.get("owner_form") or (OwnerForm(formdata=None) if manages_team
                                               else None),
        dates_editor=can_record_progress(current_user, project),
        comment_form=forms.get("comment_form") or CommentForm(formdata=None),
        usd=format_usd,
        activity=db.session.get(Activity, project.activity_id) if project.activity_id else None
    ), status


def format_usd(dollars: int) -> str:
    """Foreign capital in 万美元, kept apart from the RMB figures."""
    return f"{Decimal(dollars).scaleb(-4):,.2f}万美元"


def _next_stage(stage: Stage) -> Stage:
    order = list(Stage)
    return order[min(stage.rank + 1, len(order) - 1)]
