"""Writing a planned batch, and taking it back.

Commit goes through the same writers as the forms: a new project is added by
lifecycle.create (线索 as of its ledger date), its 投资协议 as an Agreement followed by
lifecycle.follow_signing (签约 as of the agreement's date, the cockpit's signing facts), a later
stage by lifecycle.move_stage dated by the ledger's milestone date; the flush hooks keep derived
names, pinyin, the search index and the audit log. Each row keeps the before-image of what it
changed and the ids of what it created.

Revert undoes a batch while none of its records has changed since: the audit log tells
(every audited write on a row's project or company after the last audit row of that row's
chunk); what changed is named and the batch is kept.
"""

import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import inspect

from crm.audit import record_event
from crm.domain.stages import AgreementKind
from crm.extensions import db
from crm.imports.plan import NEW, STAGE_DATES, UPDATE, Row
from crm.localtime import today
from crm.models import (
    Agreement,
    AuditLog,
    Comment,
    Company,
    FollowUp,
    FundArrival,
    ImportBatch,
    ImportRow,
    Project,
    ProjectInvestor,
    StageChange,
    User,
    utcnow,
)
from crm.projects import lifecycle
from crm.search import index as search_index

NOTE = "台账导入"


class CommitError(RuntimeError):
    """A row the plan let through was refused by the lifecycle; nothing is kept."""


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def _image(obj) -> dict:
    mapper = inspect(obj).mapper
    return {attr.key: _plain(getattr(obj, attr.key)) for attr in mapper.column_attrs}


CHUNK = 500  # rows written per flush; the session is emptied after each chunk


def commit(batch: ImportBatch, rows: list[Row], user: User,
           each_chunk: Callable[[], None] | None = None) -> dict[str, int]:
    """Write the new and update rows; returns the counts. The caller commits.

    Rows go a chunk at a time: each step of the chunk (companies, projects, agreements, the
    signing and stage moves, funds) is one flush for the whole chunk instead of one per row,
    and the session is emptied after it, so neither the flushes nor the session grow with the
    size of the ledger. Each row meets the same writers it would alone.

    `each_chunk` (the scheduler's import, crm/imports/queue.py) runs once a chunk and its
    rows' records are written: it commits, so a ledger of minutes never holds SQLite's write
    lock (or its rows' locks) for more than a chunk. Rows that a run stopped midway already
    wrote are recorded, and skipped when the batch is run again."""
    batch_id, user_id = batch.id, user.id
    written_before = set(db.session.scalars(
        sa.select(ImportRow.row_number).where(ImportRow.batch_id == batch_id)))
    rows = [row for row in rows if row.number not in written_before]
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        stage_mark = _last_id(StageChange)
        written = [row for row in chunk if row.action in (NEW, UPDATE)]
        done = _write_chunk(written, user) if written else {}
        records = [_record(batch_id, row, done.get(row.number), stage_mark) for row in chunk]
        mark = _last_id(AuditLog)
        db.session.execute(sa.insert(ImportRow), [{**r, "audit_mark": mark} for r in records])
        if each_chunk is not None:
            each_chunk()
        db.session.expunge_all()  # what the next chunk needs, it reads again
        user = db.session.get(User, user_id)
    return finish(batch_id)


def finish(batch_id: int) -> dict[str, int]:
    """The batch committed, with the counts of its recorded rows."""
    batch = db.session.get(ImportBatch, batch_id)
    counts = {action: 0 for action in ("new", "update", "unchanged", "error")}
    counts.update(db.session.execute(
        sa.select(ImportRow.action, sa.func.count()).where(ImportRow.batch_id == batch_id)
        .group_by(ImportRow.action)).tuples().all())
    batch.new_count, batch.update_count = counts["new"], counts["update"]
    batch.unchanged_count, batch.error_count = counts["unchanged"], counts["error"]
    batch.state, batch.committed_at = "committed", utcnow()
    db.session.flush()
    batch.audit_mark = _last_id(AuditLog)
    return counts


def _last_id(model) -> int:
    return db.session.scalar(sa.select(sa.func.max(model.id))) or 0


def _record(batch_id: int, row: Row, done: dict | None, stage_mark: int) -> dict:
    record = {"batch_id": batch_id, "row_number": row.number, "action": row.action,
              "cells": json.dumps(row.cells, ensure_ascii=False, default=str),
              "messages": json.dumps(row.messages, ensure_ascii=False),
              "project_id": _id(row.project), "company_id": _id(row.company),
              "created": "{}", "before": "{}", "project_version": None,
              "company_version": None}
    if done is not None:
        created = done["created"]
        if row.action == UPDATE and (row.target or row.agreement):
            created["stage_changes"] = list(db.session.scalars(sa.select(StageChange.id).where(
                StageChange.project_id == done["project_id"], StageChange.id > stage_mark)))
        record.update(created=json.dumps(created), before=json.dumps(done["before"]),
                      project_id=done["project_id"], company_id=done["company_id"],
                      project_version=done["project_version"],
                      company_version=done["company_version"])
    return record


def _write_chunk(rows: list[Row], user: User) -> dict[int, dict]:
    """Write a chunk's rows; returns per row number what it created and the before-images."""
    done = {row.number: {"created": {}, "before": {}} for row in rows}
    _reattach(rows)
    _companies(rows, done)
    _projects(rows, done, user)
    _agreements(rows, done, user)
    # The ledger's stage, dated by its milestone date, through the stage rules.
    moving = [row for row in rows if row.target is not None
              and row.target.rank > row.project.stage.rank]
    if moving:
        facts = lifecycle.facts_of([row.project for row in moving])
        for row in moving:
            on = row.values.get(STAGE_DATES.get(row.target, ""), None) or row.lead_on \
                or row.project.stage_date
            _refused(row, lifecycle.move_stage(row.project, row.target, on=on, by=user,
                                               note=NOTE, facts=facts[row.project.id]))
    # 到位资金: the difference between the ledger's total and what is recorded.
    funded = []
    for row in rows:
        if row.funds:
            row.new_fund = FundArrival(
                project_id=row.project.id, arrived_on=_funds_day(row), amount=row.funds,
                source=NOTE, note="台账累计到位资金与系统已录入之差", created_by_id=user.id)
            db.session.add(row.new_fund)
            funded.append(row)
    db.session.flush()
    for row in funded:
        done[row.number]["created"]["fund_arrivals"] = [row.new_fund.id]
    for row in rows:
        done[row.number].update(
            project_id=row.project.id, project_version=row.project.version,
            company_id=row.company.id if row.company else None,
            company_version=row.company.version if row.company else None)
    return done


def _reattach(rows: list[Row]) -> None:
    """The plan's matches, loaded again into this chunk's session (an earlier chunk emptied
    it), in one query per model."""
    for model, attr in ((Project, "project"), (Company, "company")):
        ids = {_id(getattr(row, attr)) for row in rows if getattr(row, attr) is not None}
        if not ids:
            continue
        loaded = {obj.id: obj for obj in db.session.scalars(
            sa.select(model).where(model.id.in_(ids)))}
        for row in rows:
            if getattr(row, attr) is not None:
                setattr(row, attr, loaded[_id(getattr(row, attr))])


def _id(obj) -> int | None:
    """The id of a planned match, loaded or not: the chunks of a queued import after the first
    meet matches that the earlier chunks' commits expired, then emptied out of the session."""
    if obj is None:
        return None
    identity = inspect(obj).identity
    return identity[0] if identity else obj.id


def _companies(rows: list[Row], done: dict) -> None:
    """New companies added, matched ones completed (credit code, nature, cluster)."""
    fresh = []
    for row in rows:
        if row.company is None and row.company_set:
            row.company = Company(**row.company_set)
            db.session.add(row.company)
            fresh.append(row)
        elif row.company is not None and row.company_set:
            done[row.number]["before"]["companies"] = _image(row.company)
            for column, value in row.company_set.items():
                setattr(row.company, column, value)
    db.session.flush()
    for row in fresh:
        done[row.number]["created"]["companies"] = [row.company.id]


def _projects(rows: list[Row], done: dict, user: User) -> None:
    """New projects through lifecycle.create_many, matched ones updated."""
    new = []
    for row in rows:
        if row.project is None:
            project = Project(**row.project_set)
            if row.company is not None:
                project.investors = [ProjectInvestor(company_id=row.company.id, is_lead=True)]
            row.project = project
            new.append(row)
        else:
            done[row.number]["before"]["projects"] = _image(row.project)
            for column, value in row.project_set.items():
                setattr(row.project, column, value)
            row.project.updated_at = utcnow()
    lifecycle.create_many([(row.project, row.lead_on) for row in new], by=user, note=NOTE)
    for row in new:
        done[row.number]["created"]["projects"] = [row.project.id]


def _agreements(rows: list[Row], done: dict, user: User) -> None:
    """投资协议 as the agreement form records them, then the signing facts and 签约."""
    signed = []
    for row in rows:
        if row.agreement is not None:
            signed_on, amount = row.agreement
            row.new_agreement = Agreement(
                project_id=row.project.id, kind=AgreementKind.investment,
                title=AgreementKind.investment.label, signed_on=signed_on, amount=amount,
                note=NOTE, created_by_id=user.id)
            db.session.add(row.new_agreement)
            signed.append(row)
    if signed:
        refused = lifecycle.follow_signing_many([row.project for row in signed], by=user)
        for row in signed:
            _refused(row, refused[row.project.id])
            done[row.number]["created"]["agreements"] = [row.new_agreement.id]


def _funds_day(_row: Row) -> date:
    """The ledger gives a cumulative total, not dates: the difference arrives as of today."""
    return today()


def _refused(row: Row, errors: list[str]) -> None:
    if errors:
        raise CommitError(f"第{row.number}行：" + "；".join(errors))


# --- Revert ---------------------------------------------------------------------------------

def changed_since(batch: ImportBatch) -> list[dict]:
    """Audited writes on the batch's projects and companies after the batch: who, when, what.

    Each row is compared with the mark of its own chunk (a queued import commits chunk by
    chunk), through a join on the batch's rows: a batch of 100,000 rows would not fit in one
    statement's parameters as id lists (PostgreSQL takes 65,535)."""
    written = sa.and_(ImportRow.batch_id == batch.id, ImportRow.action.in_((NEW, UPDATE)))
    found: dict[int, tuple] = {}
    for link in (ImportRow.project_id == AuditLog.project_id,
                 sa.and_(AuditLog.entity == "companies",
                         ImportRow.company_id == AuditLog.entity_id)):
        for audit, name in db.session.execute(
                sa.select(AuditLog, User.name)
                .join(ImportRow, sa.and_(written, link, AuditLog.id > ImportRow.audit_mark))
                .outerjoin(User, User.id == AuditLog.user_id)
                .order_by(AuditLog.id).limit(50)).all():
            found[audit.id] = (audit, name)
    changes = [{"entity": a.entity, "entity_id": a.entity_id, "project_id": a.project_id,
                "field": a.field, "who": name or "系统", "at": a.at}
               for _id, (a, name) in sorted(found.items())[:50]]
    # A company the batch created, since linked to another project.
    created = [c for r in db.session.scalars(sa.select(ImportRow.created).where(
        ImportRow.batch_id == batch.id, ImportRow.action == NEW))
        for c in json.loads(r).get("companies", [])]
    ours = sa.select(ImportRow.project_id).where(
        written, ImportRow.project_id.is_not(None)).scalar_subquery()
    for start in range(0, len(created), CHUNK):
        for pid, company_id in db.session.execute(
                sa.select(ProjectInvestor.project_id, ProjectInvestor.company_id).where(
                    ProjectInvestor.company_id.in_(created[start:start + CHUNK]),
                    ProjectInvestor.project_id.not_in(ours))):
            changes.append({"entity": "project_investors", "entity_id": company_id,
                            "project_id": pid, "field": "", "who": "", "at": None})
    # Comments and follow-ups are kept apart from the audited columns of the project itself.
    since = batch.queued_at or batch.committed_at  # a queued batch's first chunk came after
    for model, what in ((Comment, "批示"), (FollowUp, "对接记录")):
        stamp = model.created_at
        for pid, at in db.session.execute(
                sa.select(model.project_id, stamp)
                .join(ImportRow, sa.and_(written, ImportRow.project_id == model.project_id))
                .where(stamp > since).limit(20)):
            changes.append({"entity": what, "entity_id": pid, "project_id": pid, "field": "",
                            "who": "", "at": at})
    return changes


def revert(batch: ImportBatch, user: User) -> None:
    """Undo the batch (the caller has checked changed_since is empty, and commits)."""
    rows = db.session.scalars(sa.select(ImportRow).where(
        ImportRow.batch_id == batch.id, ImportRow.action.in_((NEW, UPDATE)))
        .order_by(ImportRow.row_number.desc())).all()
    restore: list[tuple[type, dict]] = []
    gone_projects: list[int] = []
    gone_companies: list[int] = []
    for row in rows:
        created, before = json.loads(row.created), json.loads(row.before)
        for model, table in ((FundArrival, "fund_arrivals"), (Agreement, "agreements")):
            for record_id in created.get(table, []):
                db.session.delete(db.session.get(model, record_id))
        for change_id in created.get("stage_changes", []):
            db.session.execute(sa.delete(StageChange).where(StageChange.id == change_id))
        if row.project_id and "projects" in before:
            _undo_update(row, before["projects"])
            restore.append((Project, before["projects"]))
        if "companies" in before:
            company = db.session.get(Company, row.company_id)
            for column in ("uscc", "nature_id", "cluster_id"):
                setattr(company, column, before["companies"][column])
            restore.append((Company, before["companies"]))
        gone_projects += created.get("projects", [])
        gone_companies += created.get("companies", [])
    db.session.flush()
    _delete_created(batch, user, gone_projects, gone_companies)
    db.session.flush()
    # The versions and update stamps as they were, so the rows are exactly the old ones.
    for model, image in restore:
        db.session.execute(sa.update(model).where(model.id == image["id"]).values(
            version=image["version"], updated_at=datetime.fromisoformat(image["updated_at"])))
    db.session.expire_all()
    batch.state, batch.reverted_at, batch.reverted_by_id = "reverted", utcnow(), user.id


def _delete_created(batch: ImportBatch, user: User, projects: list[int],
                    companies: list[int]) -> None:
    """Delete the projects and companies the batch created. With SQL, not the ORM: their audit
    rows point at them (audit_log.project_id), so those links are cleared first and one audit
    event per record says that the revert deleted it; the search index is refreshed."""
    for start in range(0, len(projects), CHUNK):  # ids per statement: a batch can be 100,000
        chunk = projects[start:start + CHUNK]
        db.session.execute(sa.update(AuditLog).where(AuditLog.project_id.in_(chunk))
                           .values(project_id=None))
        for model in (StageChange, ProjectInvestor):
            db.session.execute(sa.delete(model).where(model.project_id.in_(chunk)))
        db.session.execute(sa.delete(Project).where(Project.id.in_(chunk)))
    for start in range(0, len(companies), CHUNK):
        db.session.execute(sa.delete(Company).where(Company.id.in_(companies[start:start + CHUNK])))
    search_index.refresh(db.session.connection(),
                         {("project", i) for i in projects} | {("company", i) for i in companies})
    detail = f"撤销导入批次 #{batch.id}"
    for entity, ids in (("projects", projects), ("companies", companies)):
        for record_id in ids:
            record_event(user, entity, record_id, "delete", detail)


def _undo_update(row: ImportRow, image: dict) -> None:
    project = db.session.get(Project, row.project_id)
    column_types = {attr.key: attr for attr in inspect(Project).column_attrs}
    for key, value in image.items():
        if key in ("id", "version", "updated_at", "created_at"):
            continue
        setattr(project, key, _typed(column_types[key], value))


def _typed(attr, value):
    if value is None:
        return None
    column = attr.columns[0]
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        python_type = None
    enum_class = getattr(column.type, "enum_class", None)
    if enum_class is not None:
        return enum_class(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(value)
    return value


__all__ = ["CommitError", "changed_since", "commit", "finish", "revert"]
