"""到位资金 (fund arrivals): record, correct or void one; and the 落地/开工/投产 dates."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from crm.access import can_record_progress, get_project
from crm.agreements import bp, queries
from crm.agreements.correcting import (
    already_voided,
    mark_voided,
    render_edit,
    row_on,
    submitted_current,
)
from crm.agreements.forms import FUND_CONFLICT, FundEditForm, FundForm, VoidForm
from crm.extensions import db
from crm.forms import commit_or_conflict
from crm.models import FundArrival
from crm.projects.forms import DatesForm, project_dates
from crm.projects.views import render_detail

ID = "<project:project_id>"
MILESTONES = ("registered_on", "started_on", "producing_on", "operating_on")


def _limits(project, fund=None) -> dict:
    """What an amount is checked against: the 协议金额 and the other live arrivals."""
    return {"agreed": queries.agreed_amount(project.id),
            "recorded": queries.funds_total(project.id, excluding=fund.id if fund else None)}


def _apply(form: FundForm, fund: FundArrival) -> None:
    fund.arrived_on, fund.amount = form.arrived_on.data, form.amount.amount
    fund.source, fund.note = form.source.data or "", form.note.data or ""


def _to_project(project):
    return redirect(url_for("projects.detail", project_id=project.id, _anchor="funds"))


def _edit_page(project, fund, form=None, void_form=None):
    form = form or FundEditForm(formdata=None, data=dict(
        arrived_on=fund.arrived_on, amount=fund.amount, source=fund.source, note=fund.note,
        version=fund.version), **_limits(project, fund))
    void_form = void_form or VoidForm(formdata=None, void_version=fund.version)
    return render_edit("agreements/fund_form.html", project, fund, form, void_form)


@bp.route(f"/{ID}/funds/new", methods=["GET", "POST"])
@login_required
def fund_new(project_id: int):
    project = get_project(project_id, may=can_record_progress)
    form = FundForm(**_limits(project))
    if form.validate_on_submit():
        fund = FundArrival(project_id=project.id, created_by_id=current_user.id)
        _apply(form, fund)
        db.session.add(fund)
        db.session.commit()
        flash("到位资金已录入", "success")
        return _to_project(project)
    return render_template("agreements/fund_form.html", project=project, form=form, row=None), \
        422 if form.errors else 200


@bp.route(f"/{ID}/funds/<id:fund_id>/edit", methods=["GET", "POST"])
@login_required
def fund_edit(project_id: int, fund_id: int):
    project = get_project(project_id, may=can_record_progress)
    fund = row_on(project, FundArrival, fund_id)
    if fund.voided_at is not None:
        return already_voided(project, "到位资金", "funds")
    if request.method == "GET":
        return _edit_page(project, fund)
    form = FundEditForm(**_limits(project, fund))
    if submitted_current(form, form.version, fund, FUND_CONFLICT):
        _apply(form, fund)
        if commit_or_conflict(form, FUND_CONFLICT):
            flash("到位资金已更正", "success")
            return _to_project(project)
    return _edit_page(project, fund, form=form)


@bp.post(f"/{ID}/funds/<id:fund_id>/void")
@login_required
def fund_void(project_id: int, fund_id: int):
    project = get_project(project_id, may=can_record_progress)
    fund = row_on(project, FundArrival, fund_id)
    if fund.voided_at is not None:
        return already_voided(project, "到位资金", "funds")
    form = VoidForm()
    if submitted_current(form, form.void_version, fund, FUND_CONFLICT):
        mark_voided(fund, form.void_reason.data)
        if commit_or_conflict(form, FUND_CONFLICT):
            flash("已作废该笔到位资金，不再计入合计", "success")
            return _to_project(project)
    return _edit_page(project, fund, void_form=form)


@bp.post(f"/{ID}/milestones")
@login_required
def milestones(project_id: int):
    """Record the dates only; the stage moves through the stage form, which then finds its gate
    met (a move carries its own effective date and note). A blank date leaves the stored one,
    and the dates are checked in order against the stored ones (crm/domain/chronology.py)."""
    project = get_project(project_id, may=can_record_progress)
    form = DatesForm(context=project_dates(project), blank_keeps_stored=True)
    if form.validate_on_submit():
        for name in MILESTONES:
            value = getattr(form, name).data
            if value is not None:
                setattr(project, name, value)
        db.session.commit()
        flash("项目节点日期已保存", "success")
        return redirect(url_for("projects.detail", project_id=project.id, _anchor="milestones"))
    g.milestone_form = form
    return render_detail(project, 422)
