import sqlalchemy as sa
from flask import render_template

from crm.access import roles_required
from crm.admin import bp
from crm.extensions import db
from crm.models import Role, User


@bp.get("/users")
@roles_required(Role.admin)
def users():
    rows = db.session.scalars(sa.select(User).order_by(User.role, User.name)).all()
    return render_template("admin/users.html", users=rows)
