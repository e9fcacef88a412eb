"""Lead intake and screening (全员招商): reporters' leads, the public 投资意向登记 form, 研判."""

from flask import Blueprint

bp = Blueprint("intake", __name__)

# The route modules register on bp, so they are imported once it exists.
from crm.intake import leads, public, screening  # noqa: E402,F401
