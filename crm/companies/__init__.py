"""Investor companies and their contacts: /companies."""

from flask import Blueprint

bp = Blueprint("companies", __name__, url_prefix="/companies")

# The route modules register on bp, so they are imported once it exists.
from crm.companies import (  # noqa: E402,F401
    contacts,
    merge,
    views,
)
