"""Administration: users, units, dictionaries, holiday calendar, hand-over, the mail outbox
and the reminder rules."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

# The route modules register on bp, so they are imported once it exists.
from crm.admin import (  # noqa: E402,F401
    dictionaries,
    handover,
    holidays,
    orgs,
    outbox,
    rules,
    users,
)
