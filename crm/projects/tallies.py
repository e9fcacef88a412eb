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
from crm.domain.stages import INACTIVE, Stage, Status
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
    per_status = _sums(user, stage, status, by="status")
    listed = sum(count for count, _total in per_status.values())
    counted = [sums for key, sums in per_status.items()
               if status is not None or Status(key) not in INACTIVE]
    return listed, sum(c for c, _t in counted), sum(t for _c, t in counted)


def by_stage(user: User, status: Status) -> dict[Stage, tuple[int, int]]:
    """Stage -> (count, 总投资 in 元) of the pipeline projects of one status the user may read:
    the board's column heads."""
    return {Stage(key): sums for key, sums in _sums(user, None, status, by="stage").items()}


def _sums(user: User, stage, status, by: str) -> dict[str, tuple[int, int]]:
    """Key of `by` (stage or status) -> (count, 总投资) over the tallies, plus for anyone but a
    leader the confidential projects they are on the team of, counted from projects."""
    leader = user.role == Role.leader
    where = [ProjectTally.in_pipeline.is_(True)]
    # A leader reads every project: no team look-up for them.
    mine = [] if leader else [Project.confidential.is_(True),
                              Project.id.in_(confidential_team_ids(user)), in_pipeline()]
    for column, tally_column, value in ((Project.stage, ProjectTally.stage, stage),
                                        (Project.status, ProjectTally.status, status)):
        if value is not None:
            where.append(tally_column == value)
            mine.append(column == value)
    tally_key = getattr(ProjectTally, by)
    parts = [sa.select(tally_key.label("key"), sa.func.sum(ProjectTally.projects),
                       sa.func.sum(ProjectTally.total_investment))]
    if not leader:
        where.append(ProjectTally.confidential.is_(False))
        key = getattr(Project, by)
        parts.append(sa.select(key.label("key"), sa.func.count(Project.id),
                               sa.func.coalesce(sa.func.sum(Project.total_investment), 0))
                     .where(*mine).group_by(key))
    parts[0] = parts[0].where(*where).group_by(tally_key)
    statement = sa.union_all(*parts) if len(parts) > 1 else parts[0]
    sums: dict[str, list[int]] = {}
    for key, count, total in db.session.execute(statement).all():
        found = sums.setdefault(getattr(key, "value", key), [0, 0])
        found[0] += int(count)
        found[1] += int(total)
    return {key: (count, total) for key, (count, total) in sums.items()}


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
