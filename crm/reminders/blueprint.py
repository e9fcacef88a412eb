"""The reminders blueprint; its routes are in the area's modules, imported by the package."""

from flask import Blueprint

bp = Blueprint("reminders", __name__, url_prefix="/reminders")
