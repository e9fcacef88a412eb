"""What the project page shows of agreements and fund arrivals (agreements/_panel.html)."""

from flask import g
from flask_login import current_user

from crm.access import can_record_progress, can_write
from crm.agreements import bp, queries
from crm.extensions import db
from crm.projects.forms import DatesForm, project_dates


@bp.app_template_global()
def agreement_panel(project) -> dict:
    """Agreements and fund arrivals (voided ones struck through, in no total), the 到位资金
    total against the 协议金额, and the milestone form."""
    agreements = db.session.scalars(queries.agreements_of(project.id)).all()
    funds = db.session.scalars(queries.funds_of(project.id)).all()
    agreed = queries.agreed_total((a.kind, a.amount) for a in agreements if a.voided_at is None)
    total = sum(f.amount for f in funds if f.voided_at is None)
    progress = can_record_progress(current_user, project)
    form = g.get("milestone_form") or (DatesForm(
        formdata=None, obj=project, context=project_dates(project), blank_keeps_stored=True)
        if progress else None)
    return {"agreements": agreements, "funds": funds, "dates_form": form,
            "writer": can_write(current_user, project), "records_funds": progress,
            "agreed": agreed, "funds_total": total,
            "over_agreed": agreed is not None and agreed > 0 and total > agreed}
