"""Ledgers too large for one web request: queued by the commit view, imported by the scheduler
process (`flask --app crm scheduler`, its "import ledgers" job).

A web worker is stopped after gunicorn's timeout (120 s in the README's deployment), and a
100,000-row ledger takes minutes to write. So a batch of more than IMPORT_INLINE_ROWS data rows
is queued, and the job imports it as the commit view would: the file read again, every row
planned again as its importer (what changed since the preview counts, and what the importer
may no longer read is refused), written in one transaction by apply.commit, audited as the
importer's. The claim is that transaction: on PostgreSQL the batch row is locked (SKIP LOCKED,
so a second scheduler takes the next batch instead of the same one), on SQLite the write lock
is held from the first statement. A process stopped midway rolls back, and the batch is still
queued for the next run. A batch that cannot be imported goes back to 待确认 with the reason.
"""

import json
import logging

import sqlalchemy as sa

from crm.audit import acting_as
from crm.extensions import db
from crm.imports import apply, batches, workbook
from crm.imports.plan import plan
from crm.models import ImportBatch, Role, utcnow

log = logging.getLogger(__name__)

IMPORTERS = (Role.staff, Role.admin)
MSG_CRASHED = "后台导入时出错，未写入任何记录：请重新预览后再确认；如再次出错，请联系管理员"
MSG_NO_IMPORTER = "导入人的账号已停用或不再有导入权限，未写入任何记录"


def enqueue(batch: ImportBatch, data_rows: int, skipped: int) -> None:
    batch.state, batch.queued_at, batch.failure = "queued", utcnow(), ""
    batch.data_rows, batch.skipped_rows = data_rows, skipped


def run_queued() -> int:
    """Import every queued batch, oldest first; returns how many were imported."""
    imported = 0
    while (batch_id := _claim()) is not None:
        imported += _import(batch_id)
    return imported


def _claim() -> int | None:
    statement = (sa.select(ImportBatch.id).where(ImportBatch.state == "queued")
                 .order_by(ImportBatch.id).limit(1))
    if db.engine.dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    return db.session.scalar(statement)


def _import(batch_id: int) -> bool:
    batch = db.session.get(ImportBatch, batch_id)
    user = batch.user
    if not user.active or user.role not in IMPORTERS:
        return _give_back(batch_id, MSG_NO_IMPORTER)
    log.info("importing batch %s (%s rows) for user %s", batch_id, batch.data_rows, user.id)
    try:
        with acting_as(user):
            rows, skipped = batches.data_rows(batch)
            planned = plan(rows, json.loads(batch.mapping), json.loads(batch.units), user)
            batch.data_rows, batch.skipped_rows = len(planned), skipped
            counts = apply.commit(batch, planned, user)
            db.session.commit()  # the flush of the last changes is audited as the importer's
    except (workbook.LedgerFileError, apply.CommitError) as error:
        return _give_back(batch_id, f"未导入：{error}")
    except Exception:
        log.exception("queued import of batch %s failed", batch_id)
        return _give_back(batch_id, MSG_CRASHED)
    batches.discard_file(db.session.get(ImportBatch, batch_id))
    log.info("imported batch %s: %s", batch_id, counts)
    return True


def _give_back(batch_id: int, why: str) -> bool:
    """Nothing of the batch was written: back to 待确认 with the reason, for its importer."""
    db.session.rollback()
    batch = db.session.get(ImportBatch, batch_id)
    if batch is not None and batch.state == "queued":
        batch.state, batch.failure = "uploaded", why
    db.session.commit()
    return False
