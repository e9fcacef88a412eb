"""Investor companies and their contacts: /companies."""

from flask import Blueprint

bp = Blueprint("companies", __name__, url_prefix="/companies")
