"""The intake blueprint; its routes are in the area's modules, imported by the package."""

from flask import Blueprint

bp = Blueprint("intake", __name__)
