"""Store what a project's agreements decide for the figures (crm/domain/metrics.signing_facts):
each agreement's counted amount, and the project's signing date, signing activity and agreed
start date.

Stored, not computed per request, because the cockpit must sum a period's 签约金额 with one
GROUP BY: a 补充协议 counts the difference from the total before it, which SQL cannot see
without replaying the project's agreements in order. `refresh` runs whenever one project's
agreements change (lifecycle.follow_signing); `rebuild` recomputes every project (the
migration that added the columns, the demo loader and the bench generator, which bulk-insert).

The tables are declared here with only the columns this needs, so the migration can call
`rebuild` against its own schema revision.
"""

from itertools import groupby

import sqlalchemy as sa

from crm.domain.metrics import AgreementFacts, SigningFacts, signing_facts
from crm.domain.stages import AgreementKind

agreements = sa.table(
    "agreements", sa.column("id", sa.Integer), sa.column("project_id", sa.Integer),
    sa.column("kind", sa.String), sa.column("signed_on", sa.Date),
    sa.column("amount", sa.BigInteger), sa.column("agreed_start_date", sa.Date),
    sa.column("activity_id", sa.Integer), sa.column("voided_at", sa.DateTime),
    sa.column("counted_amount", sa.BigInteger))
projects = sa.table(
    "projects", sa.column("id", sa.Integer), sa.column("signed_on", sa.Date),
    sa.column("signed_activity_id", sa.Integer), sa.column("agreed_start_on", sa.Date))

_ORDER = (agreements.c.project_id, agreements.c.signed_on, agreements.c.id)


def refresh(session, project) -> None:
    """Recompute one project's signing facts from its agreements as they are now (flushed):
    the project's own columns through the ORM (its version and the audit log see them), the
    agreements' counted amounts with one UPDATE (derived, so no edit of theirs conflicts)."""
    refresh_many(session, [project])


def refresh_many(session, projects_: list, chunk: int = 500) -> None:
    """`refresh` for several projects (a ledger import's chunk): their agreements read with
    one query and their counted amounts written with one statement per chunk of ids (an IN
    list well under SQLite's bound-parameter limit)."""
    for start in range(0, len(projects_), chunk):
        part = {project.id: project for project in projects_[start:start + chunk]}
        rows = session.execute(_select().where(agreements.c.project_id.in_(part))).all()
        found = {pid: list(group) for pid, group in groupby(rows, key=lambda r: r.project_id)}
        changed_all = []
        for project_id, project in part.items():
            facts, changed = _facts(found.get(project_id, []))
            changed_all += changed
            project.signed_on, project.signed_activity_id, project.agreed_start_on = (
                facts.signed_on, facts.signed_activity_id, facts.agreed_start_on)
        if changed_all:
            session.execute(_UPDATE_COUNTED, changed_all)


def rebuild(connection, batch: int = 5000) -> int:
    """Recompute every project's facts; returns the number of projects with agreements."""
    connection.execute(projects.update().where(projects.c.signed_on.is_not(None))
                       .values(signed_on=None, signed_activity_id=None, agreed_start_on=None))
    done, pending = 0, []
    rows = connection.execute(_select()).all()
    for project_id, group in groupby(rows, key=lambda row: row.project_id):
        pending.append((project_id, list(group)))
        if len(pending) >= batch:
            done += _store(connection, pending)
            pending = []
    return done + _store(connection, pending)


def _select() -> sa.Select:
    return sa.select(agreements.c.id, agreements.c.project_id, agreements.c.kind,
                     agreements.c.signed_on, agreements.c.amount,
                     agreements.c.agreed_start_date, agreements.c.activity_id,
                     agreements.c.voided_at, agreements.c.counted_amount).order_by(*_ORDER)


_UPDATE_COUNTED = (agreements.update().where(agreements.c.id == sa.bindparam("a_id"))
                   .values(counted_amount=sa.bindparam("a_counted")))


def _facts(rows) -> tuple[SigningFacts, list[dict]]:
    """A project's facts from its agreement rows (signed order), and the counted amounts that
    differ from the stored ones (a voided agreement counts nothing: None)."""
    live = [row for row in rows if row.voided_at is None]
    facts = signing_facts([
        AgreementFacts(AgreementKind(row.kind), row.signed_on, row.amount,
                       row.agreed_start_date, row.activity_id) for row in live])
    counted = dict(zip((row.id for row in live), facts.counted, strict=True))
    return facts, [{"a_id": row.id, "a_counted": counted.get(row.id)} for row in rows
                   if row.counted_amount != counted.get(row.id)]


def _store(connection, per_project: list[tuple[int, list]]) -> int:
    agreement_rows, project_rows = [], []
    for project_id, rows in per_project:
        facts, changed = _facts(rows)
        agreement_rows += changed
        project_rows.append({"p_id": project_id, "p_signed_on": facts.signed_on,
                             "p_activity": facts.signed_activity_id,
                             "p_start": facts.agreed_start_on})
    if agreement_rows:
        connection.execute(_UPDATE_COUNTED, agreement_rows)
    if project_rows:
        connection.execute(projects.update().where(projects.c.id == sa.bindparam("p_id"))
                           .values(signed_on=sa.bindparam("p_signed_on"),
                                   signed_activity_id=sa.bindparam("p_activity"),
                                   agreed_start_on=sa.bindparam("p_start")), project_rows)
    return len(project_rows)
