"""签约, 落地/开工/投产 dates and 到位资金, recorded from the project page."""

from flask import Blueprint

bp = Blueprint("agreements", __name__, url_prefix="/projects")

# The route modules register on bp, so they are imported once it exists.
from crm.agreements import funds, panel, views  # noqa: E402,F401
