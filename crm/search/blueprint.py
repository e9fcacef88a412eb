"""The search blueprint; its routes are in the area's modules, imported by the package."""

from flask import Blueprint

bp = Blueprint("search", __name__)
