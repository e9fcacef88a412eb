"""The signed-in home page (我的工作台) and the health check."""

import sqlalchemy as sa
from flask import Blueprint, jsonify, render_template
from flask_login import current_user, login_required

from crm import workbench
from crm.admin.holidays import holiday_warnings
from crm.extensions import db
from crm.localtime import today
from crm.models import Role
from crm.projects import health

bp = Blueprint("main", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/")
@login_required
def home():
    user, day = current_user, today()
    role = user.role
    sections = {}
    if role in (Role.staff, Role.liaison, Role.leader):
        sections.update(due=workbench.due_followups(user, day),
                        changes=workbench.recent_changes(user, day))
    if role in (Role.staff, Role.liaison):
        sections["health"] = workbench.health_summary(user, day)
    if role == Role.leader:
        led = workbench.led_projects(user)
        sections.update(led=led, latest=workbench.latest_followups([p.id for p in led]),
                        led_health={p.id: health.colour_of(p, day) for p in led})
    if role == Role.reporter:
        sections["submissions"] = workbench.submissions(user)
    # Admins are told when a year's holiday calendar still has to be entered.
    warnings = holiday_warnings() if role == Role.admin else []
    return render_template("home.html", holiday_warnings=warnings, today=day, **sections)
