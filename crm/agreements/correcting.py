"""What correcting (更正) and voiding (作废) an agreement or a fund arrival have in common.

A wrong row is never deleted: it is corrected in place, or voided with a reason and kept,
struck through, out of every total and rule. Both go through the row's version, so a stale
form gets a conflict message instead of overwriting someone else's correction.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from crm.extensions import db
from crm.models import utcnow


def row_on(project, model, row_id: int):
    """The agreement or fund arrival `row_id` of this project, else 404."""
    row = db.session.get(model, row_id)
    if row is None or row.project_id != project.id:
        abort(404)
    return row


def already_voided(project, what: str, anchor: str):
    flash(f"该{what}已作废，不能再更正或作废", "warning")
    return redirect(url_for("projects.detail", project_id=project.id, _anchor=anchor))


def submitted_current(form, version, row, conflict: str) -> bool:
    """A valid POST started from the row's current version. A stale or missing version adds
    the conflict message (and nothing is saved)."""
    if not form.is_submitted():
        return False
    valid = form.validate()
    if version.data != row.version:
        form.form_errors.append(conflict)
        return False
    return valid


def mark_voided(row, reason: str) -> None:
    row.voided_at, row.voided_by_id, row.void_reason = utcnow(), current_user.id, reason


def flush_or_conflict(form, conflict: str) -> bool:
    """Write the row now (its version checked), before what follows reads the totals."""
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        form.form_errors.append(conflict)
        return False
    return True


def render_edit(template: str, project, row, form, void_form):
    conflict = bool(form.form_errors or void_form.form_errors)
    status = 409 if conflict else 422 if form.errors or void_form.errors else 200
    return render_template(template, project=project, row=row, form=form,
                           void_form=void_form), status
