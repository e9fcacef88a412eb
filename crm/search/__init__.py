"""One search box across projects, companies and contacts: /search."""

from flask import Blueprint

bp = Blueprint("search", __name__)
