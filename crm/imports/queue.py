"""Ledgers too large for one web request: queued by the commit view, imported by the scheduler
process (`flask --app crm scheduler`, its "import ledgers" job).

A web worker is stopped after gunicorn's timeout (120 s in the README's deployment), and a
100,000-row ledger takes minutes to write. So a batch of more than IMPORT_INLINE_ROWS data rows
is queued, and the job imports it as the commit view would: the file read again, every row
planned again as its importer (what changed since the preview counts, and what the importer
may no longer read is refused), written by apply.commit, audited as the importer's.

It commits a chunk of rows at a time, so a ledger of minutes holds SQLite's write lock (and on
PostgreSQL its rows' locks) for a chunk's seconds only, and the staff's own saves go on. Each
chunk's rows are recorded with it, so a process stopped midway keeps whole chunks, and the
next run goes on from the first row not recorded. The scheduler importing a batch holds a
lease on it (IMPORT_LEASE_SECONDS, renewed with every chunk): a second scheduler takes other
batches, and this one only once the lease has run out (its holder stopped). A batch that
cannot be imported goes back to 待确认 with the reason; one stopped by a row after some chunks
keeps those chunks.
"""

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from crm.audit import acting_as
from crm.extensions import db, read_transaction
from crm.imports import apply, batches, workbook
from crm.imports.plan import plan_batch
from crm.models import ImportBatch, ImportRow, Role, User, utcnow

log = logging.getLogger(__name__)

IMPORTERS = (Role.staff, Role.admin)
MSG_CRASHED = "后台导入时出错（已记录），请重新预览后再确认；如再次出错，请联系管理员"
MSG_NO_IMPORTER = "导入人的账号已停用或不再有导入权限，未写入任何记录"


def enqueue(batch: ImportBatch, data_rows: int, skipped: int) -> None:
    batch.state, batch.queued_at, batch.lease_until, batch.failure = "queued", utcnow(), None, ""
    batch.data_rows, batch.skipped_rows = data_rows, skipped


def run_queued() -> int:
    """Import every queued batch, oldest first; returns how many were imported."""
    imported = 0
    while (batch_id := _claim()) is not None:
        imported += _import(batch_id)
    return imported


def _lease() -> timedelta:
    return timedelta(seconds=int(current_app.config["IMPORT_LEASE_SECONDS"]))


def _claim() -> int | None:
    """The oldest queued batch no running scheduler holds, leased to this one. Looked for
    without a write lock (SQLite: every ten seconds, mostly finding nothing), then taken by
    an UPDATE that holds only if the batch is still free: of two schedulers, one wins."""
    while True:
        now = utcnow()
        free = sa.and_(ImportBatch.state == "queued",
                       sa.or_(ImportBatch.lease_until.is_(None), ImportBatch.lease_until < now))
        with read_transaction():
            batch_id = db.session.scalar(sa.select(ImportBatch.id).where(free)
                                         .order_by(ImportBatch.id).limit(1))
        if batch_id is None:
            return None
        taken = db.session.execute(sa.update(ImportBatch).where(ImportBatch.id == batch_id, free)
                                   .values(lease_until=now + _lease())).rowcount
        db.session.commit()
        if taken:
            return batch_id


def _renewing(batch_id: int):
    """Commit a chunk, and hold the batch for another lease with it."""
    def commit_chunk() -> None:
        db.session.execute(sa.update(ImportBatch).where(ImportBatch.id == batch_id)
                           .values(lease_until=utcnow() + _lease()))
        db.session.commit()
        log.info("batch %s: a chunk of rows committed", batch_id)
    return commit_chunk


def _import(batch_id: int) -> bool:
    batch = db.session.get(ImportBatch, batch_id)
    user = batch.user
    if not user.active or user.role not in IMPORTERS:
        return _stopped(batch_id, MSG_NO_IMPORTER)
    log.info("importing batch %s (%s rows) for user %s", batch_id, batch.data_rows, user.id)
    try:
        with acting_as(user):
            # Read and planned without SQLite's write lock (a 100,000-row ledger plans for
            # tens of seconds), then written chunk by chunk, no lock held longer than one.
            with read_transaction():
                rows, skipped = batches.data_rows(batch)
                planned = plan_batch(batch, rows, user)
                user_id = user.id
            batch = db.session.get(ImportBatch, batch_id)
            batch.data_rows, batch.skipped_rows = len(planned), skipped
            counts = apply.commit(batch, planned, db.session.get(User, user_id),
                                  each_chunk=_renewing(batch_id))
            db.session.commit()
    except (workbook.LedgerFileError, apply.CommitError) as error:
        return _stopped(batch_id, str(error))
    except Exception:
        log.exception("queued import of batch %s failed", batch_id)
        return _stopped(batch_id, MSG_CRASHED)
    batches.discard_file(db.session.get(ImportBatch, batch_id))
    log.info("imported batch %s: %s", batch_id, counts)
    return True


def _stopped(batch_id: int, why: str) -> bool:
    """The chunk that failed is rolled back. With nothing written yet the batch goes back to
    待确认 with the reason; else the chunks written stand as the batch (revertible as usual),
    and the reason says how the rest comes in: the same file again, where the rows already
    written are 无变化."""
    db.session.rollback()
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.state != "queued":
        db.session.commit()
        return False
    written = db.session.scalar(sa.select(sa.func.count(ImportRow.id))
                                .where(ImportRow.batch_id == batch_id))
    if not written:
        batch.state, batch.failure = "uploaded", f"未导入：{why}"
    else:
        batch.failure = (f"导入未完成：{why}。前{written}行已处理（见下方），其余的行未写入；"
                         "处理后重新上传同一文件即可导入其余的行（已写入的行将显示为无变化）")
        apply.finish(batch_id)
        batches.discard_file(batch)
    db.session.commit()
    return False
