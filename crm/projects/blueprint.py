"""The projects blueprint; its routes are in the area's modules, imported by the package."""

from flask import Blueprint

bp = Blueprint("projects", __name__, url_prefix="/projects")
