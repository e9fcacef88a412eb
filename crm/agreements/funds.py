"""到位资金 (fund arrivals), the 落地/开工/投产 dates, and what the project page shows of them."""

import sqlalchemy as sa
from flask import flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from crm.access import can_record_progress, can_write, get_project
from crm.agreements import bp
from crm.agreements.forms import FundForm
from crm.extensions import db
from crm.models import Agreement, FundArrival
from crm.projects.forms import DatesForm
from crm.projects.views import render_detail

ID = "<project:project_id>"
MILESTONES = ("registered_on", "started_on", "producing_on", "operating_on")


@bp.route(f"/{ID}/funds/new", methods=["GET", "POST"])
@login_required
def fund_new(project_id: int):
    project = get_project(project_id, may=can_record_progress)
    form = FundForm()
    if form.validate_on_submit():
        db.session.add(FundArrival(project_id=project.id, arrived_on=form.arrived_on.data,
                                   amount=form.amount.amount, source=form.source.data or "",
                                   note=form.note.data or "", created_by_id=current_user.id))
        db.session.commit()
        flash("到位资金已录入", "success")
        return redirect(url_for("projects.detail", project_id=project.id, _anchor="funds"))
    return render_template("agreements/fund_form.html", project=project, form=form), \
        422 if form.errors else 200


@bp.post(f"/{ID}/milestones")
@login_required
def milestones(project_id: int):
    """Record the dates only; the stage moves through the stage form, which then finds its gate
    met (a move carries its own effective date and note). A blank date leaves the stored one."""
    project = get_project(project_id, may=can_record_progress)
    form = DatesForm()
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


@bp.app_template_global()
def agreement_panel(project) -> dict:
    """Agreements, fund arrivals with their total, and the milestone form for the project page."""
    agreements = db.session.scalars(sa.select(Agreement).where(Agreement.project_id == project.id)
                                    .order_by(Agreement.signed_on, Agreement.id)).all()
    funds = db.session.scalars(sa.select(FundArrival).where(FundArrival.project_id == project.id)
                               .order_by(FundArrival.arrived_on, FundArrival.id)).all()
    progress = can_record_progress(current_user, project)
    form = g.get("milestone_form") or (DatesForm(formdata=None, obj=project) if progress else None)
    return {"agreements": agreements, "funds": funds, "dates_form": form,
            "writer": can_write(current_user, project), "records_funds": progress,
            "funds_total": sum(f.amount for f in funds)}
