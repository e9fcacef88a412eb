"""招商活动: 云招商 and other events, the leads raised there and their conversion (/activities)."""

from flask import Blueprint

bp = Blueprint("activities", __name__, url_prefix="/activities")

# The route modules register on bp, so they are imported once it exists.
from crm.activities import leads, views  # noqa: E402,F401
