"""The imports blueprint; its routes are in crm/imports/views.py."""

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/imports")
