"""The reports blueprint; its routes are in crm/reports/views.py and crm/reports/exports.py."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")
