"""对接记录: follow-ups logged from the project page (htmx, or a plain POST without JS)."""

from flask import Blueprint

bp = Blueprint("followups", __name__, url_prefix="/projects")

# The route modules register on bp, so they are imported once it exists.
from crm.followups import views  # noqa: E402,F401
