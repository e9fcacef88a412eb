"""Administration: users, units, dictionaries, holiday calendar, hand-over."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from crm.admin import users  # noqa: E402,F401  (routes register on bp)
