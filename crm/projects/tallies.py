"""The 项目库 headline from project_tallies: count and 总投资 without counting every project.

project_tallies (kept exact by database triggers, see crm.models.ProjectTally) holds the
counts per (stage, status, confidential, in the pipeline). A headline filtered at most by stage
and status is the sum of a few of its rows, plus, for staff, the confidential projects they are
on the team of, found through the owner, 包联领导 and member indexes. Any other filter (unit,
owner, class, health...) narrows the list to a part the base table counts through its own index.
The numbers are the same either way: tests/projects/test_tallies.py compares the two.
"""

import sqlalchemy as sa

from crm.access import confidential_team_ids
from crm.domain.stages import INACTIVE, Status
from crm.extensions import db
from crm.models import Project, ProjectTally, Role, User
from crm.projects.pipeline import in_pipeline

# The filters a tally row can answer; any other narrows the list.
TALLIED = frozenset({"stage", "status", "sort", "dir"})


def answers(user: User, args: dict) -> bool:
    """Whether the tallies can give this user's headline for these list parameters."""
    return user.role in (Role.leader, Role.staff, Role.admin) and set(args) <= TALLIED


def headline(user: User, stage, status) -> tuple[int, int, int]:
    """(rows listed, projects counted, their 总投资 in 元) for the list filtered by stage and
    status, as the list's own count_and_total would give them."""
    per_status: dict[Status, list[int]] = {}
    for row_status, count, total in _tallied(user, stage, status):
        sums = per_status.setdefault(row_status, [0, 0])
        sums[0] += count
        sums[1] += total
    listed = sum(count for count, _total in per_status.values())
    counted = [sums for key, sums in per_status.items()
               if status is not None or key not in INACTIVE]
    return listed, sum(c for c, _t in counted), sum(t for _c, t in counted)


def _tallied(user: User, stage, status) -> list:
    where = [ProjectTally.in_pipeline.is_(True)]
    if stage is not None:
        where.append(ProjectTally.stage == stage)
    if status is not None:
        where.append(ProjectTally.status == status)
    parts = []
    if user.role != Role.leader:
        # Confidential projects only where the user is on the team: counted from projects.
        where.append(ProjectTally.confidential.is_(False))
        mine = [Project.confidential.is_(True), Project.id.in_(confidential_team_ids(user)),
                in_pipeline()]
        if stage is not None:
            mine.append(Project.stage == stage)
        if status is not None:
            mine.append(Project.status == status)
        parts.append(sa.select(Project.status.label("status"),
                               sa.func.count(Project.id).label("n"),
                               sa.func.coalesce(sa.func.sum(Project.total_investment), 0)
                               .label("total"))
                     .where(*mine).group_by(Project.status))
    parts.insert(0, sa.select(ProjectTally.status.label("status"),
                              sa.func.sum(ProjectTally.projects).label("n"),
                              sa.func.sum(ProjectTally.total_investment).label("total"))
                 .where(*where).group_by(ProjectTally.status))
    statement = sa.union_all(*parts) if len(parts) > 1 else parts[0]
    return [(Status(status), int(n), int(total))
            for status, n, total in db.session.execute(statement).all()]


def rebuild(connection) -> None:
    """Recount every tally from the projects (after a bulk load with the triggers off, or to
    repair): the same GROUP BY as the migration's initial fill."""
    rows = sa.select(Project.stage, Project.status, Project.confidential,
                     in_pipeline().label("in_pipeline"), Project.total_investment).subquery()
    key = (rows.c.stage, rows.c.status, rows.c.confidential, rows.c.in_pipeline)
    connection.execute(sa.delete(ProjectTally))
    connection.execute(sa.insert(ProjectTally).from_select(
        ["stage", "status", "confidential", "in_pipeline", "projects", "total_investment"],
        sa.select(*key, sa.func.count(),
                  sa.func.coalesce(sa.func.sum(rows.c.total_investment), 0)).group_by(*key)))
