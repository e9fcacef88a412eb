"""The project pipeline: /projects."""

from crm.projects import (  # noqa: F401  (their routes register on bp)
    board,
    comments,
    edit,
    moves,
    team,
    views,
)
from crm.projects.blueprint import bp

__all__ = ["bp"]
