"""The pipeline board (看板): /projects/board, one column per stage, cards moved by drag and drop.

A move goes through the stage route (crm/projects/moves.py), so its rules, permissions and
StageChange record are the same as on the project page.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from crm import reference_data
from crm.access import can_write, readable_clause, roles_required
from crm.domain.stages import Stage, Status
from crm.extensions import db
from crm.localtime import today
from crm.models import Project, ProjectInvestor
from crm.projects import health
from crm.projects.blueprint import bp
from crm.projects.pipeline import in_pipeline
from crm.projects.views import LIST_ROLES

CARDS_PER_COLUMN = 100  # beyond this a column links to the filtered list


@dataclass
class Column:
    stage: Stage
    label: str
    count: int = 0
    total: int = 0
    cards: list = field(default_factory=list)


def board_clauses(user) -> list:
    return [readable_clause(user), Project.status == Status.normal, in_pipeline()]


def column_sums(clauses: list) -> dict[Stage, tuple[int, int]]:
    """Stage -> (count, total investment in 元): one GROUP BY query."""
    rows = db.session.execute(
        sa.select(Project.stage, sa.func.count(Project.id),
                  sa.func.coalesce(sa.func.sum(Project.total_investment), 0))
        .where(*clauses).group_by(Project.stage)).all()
    return {stage: (count, int(total)) for stage, count, total in rows}


def board_cards(clauses: list) -> list[Project]:
    """The cards, at most CARDS_PER_COLUMN a column, latest stage change first: one query
    (plus the eager loads of owners, members and investors)."""
    ranked = sa.select(
        Project.id,
        sa.func.row_number().over(
            partition_by=Project.stage,
            order_by=(sa.nulls_last(Project.stage_date.desc()), Project.id.desc())).label("rn"),
    ).where(*clauses).subquery()
    query = (sa.select(Project).join(ranked, ranked.c.id == Project.id)
             .where(ranked.c.rn <= CARDS_PER_COLUMN).order_by(ranked.c.rn)
             .options(joinedload(Project.owner), selectinload(Project.members),
                      selectinload(Project.investors).joinedload(ProjectInvestor.company)))
    return list(db.session.scalars(query).unique())


@bp.get("/board")
@roles_required(*LIST_ROLES)
def board():
    day, clauses = today(), board_clauses(current_user)
    columns = {stage: Column(stage, reference_data.stage_label(stage)) for stage in Stage}
    for stage, (count, total) in column_sums(clauses).items():
        columns[stage].count, columns[stage].total = count, total
    writable, colours = set(), {}
    for project in board_cards(clauses):
        columns[project.stage].cards.append(project)
        colours[project.id] = health.colour_of(project, day)
        if can_write(current_user, project):
            writable.add(project.id)
    return render_template("projects/board.html", columns=list(columns.values()),
                           writable=writable, health=colours, today=day,
                           stages=[(c.stage.value, c.label) for c in columns.values()])
