"""The signed-in home page and the health check."""

import sqlalchemy as sa
from flask import Blueprint, jsonify, render_template
from flask_login import login_required

from crm.extensions import db

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
    return render_template("home.html")
