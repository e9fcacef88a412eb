"""The admin blueprint; its routes are in the area's modules, imported by the package."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
