"""The companies blueprint; its routes are in the area's modules, imported by the package."""

from flask import Blueprint

bp = Blueprint("companies", __name__, url_prefix="/companies")
