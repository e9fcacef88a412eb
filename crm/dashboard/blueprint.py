"""The dashboard blueprint; its routes are in crm/dashboard/views.py."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
