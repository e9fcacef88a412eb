"""The project pipeline: /projects."""

from flask import Blueprint

bp = Blueprint("projects", __name__, url_prefix="/projects")

# The route modules register on bp, so they are imported once it exists.
from crm.projects import (  # noqa: E402,F401
    board,
    comments,
    edit,
    moves,
    team,
    views,
)
