"""The signed-in home page and the health check."""

import sqlalchemy as sa
from flask import Blueprint, jsonify, render_template
from flask_login import current_user, login_required

from crm.admin.holidays import holiday_warnings
from crm.extensions import db
from crm.models import Role

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
    # Admins are told when a year's holiday calendar still has to be entered.
    warnings = holiday_warnings() if current_user.role == Role.admin else []
    return render_template("home.html", holiday_warnings=warnings)
