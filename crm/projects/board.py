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
from crm.projects import health, tallies
from crm.projects.blueprint import bp
from crm.projects.pipeline import in_pipeline
from crm.projects.views import LIST_ROLES

# A column shows its latest cards, as many as a person looks at; its head keeps the exact count
# and sum of all its projects, and a link opens the rest in the list.
CARDS_PER_COLUMN = 20


@dataclass
class Column:
    stage: Stage
    label: str
    count: int = 0
    total: int = 0
    cards: list = field(default_factory=list)


def board_clauses(user) -> list:
    return [readable_clause(user), Project.status == Status.normal, in_pipeline()]


def column_sums(user, clauses: list) -> dict[Stage, tuple[int, int]]:
    """Stage -> (count, total investment in 元): from the tallies where they answer for this
    user, else one GROUP BY query over the projects."""
    if tallies.answers(user, {}):
        return tallies.by_stage(user, Status.normal)
    rows = db.session.execute(
        sa.select(Project.stage, sa.func.count(Project.id),
                  sa.func.coalesce(sa.func.sum(Project.total_investment), 0))
        .where(*clauses).group_by(Project.stage)).all()
    return {stage: (count, int(total)) for stage, count, total in rows}


def board_cards(clauses: list) -> list[Project]:
    """The cards, at most CARDS_PER_COLUMN a column, latest stage change first: one query.
    Each column's cards are a LIMIT over ix_projects_stage_board (stage, latest change), so
    the board reads about as many rows as it shows, however many projects a stage holds."""
    order = (sa.nulls_last(Project.stage_date.desc()), Project.id.desc())
    latest = [sa.select(Project.id).where(*clauses, Project.stage == stage).order_by(*order)
              .limit(CARDS_PER_COLUMN).subquery() for stage in Stage]
    shown = sa.union_all(*[sa.select(column.c.id) for column in latest])
    query = (sa.select(Project).where(Project.id.in_(shown)).order_by(*order)
             .options(joinedload(Project.owner), selectinload(Project.members),
                      selectinload(Project.investors).joinedload(ProjectInvestor.company)))
    return list(db.session.scalars(query).unique())


@bp.get("/board")
@roles_required(*LIST_ROLES)
def board():
    day, clauses = today(), board_clauses(current_user)
    columns = {stage: Column(stage, reference_data.stage_label(stage)) for stage in Stage}
    for stage, (count, total) in column_sums(current_user, clauses).items():
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
