"""A batch from upload to commit: the file kept on disk under a random name until it is
committed, its sheet read again for each step (nothing is written before the user confirms),
the mapping remembered per header set."""

import json
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from crm.extensions import db
from crm.imports import workbook
from crm.imports.ledger import DATA, FIELDS, MONEY_UNITS, Layout, classify, find_layout, unit_of
from crm.imports.plan import Row
from crm.models import ImportBatch, ImportMapping, User, utcnow

MSG_NO_HEADER = ("未能在前30行中找到表头：表头应包含“项目名称”“投资方”“总投资”等列名中的至少两个，"
                 "请检查所选工作表")
HEAD_ROWS = 40


def folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "imports"


def _path(batch: ImportBatch) -> Path:
    return folder() / batch.stored_name


def start(user: User, file_name: str, data: bytes) -> ImportBatch:
    """Check the file (raises workbook.LedgerFileError), keep it, read its first sheet."""
    ledger = workbook.check(data)
    name = secrets.token_hex(16) + "." + ledger.kind
    folder().mkdir(parents=True, exist_ok=True)
    (folder() / name).write_bytes(data)
    batch = ImportBatch(user_id=user.id, file_name=Path(file_name or "").name[:200] or "台账",
                        kind=ledger.kind, stored_name=name,
                        sheets=json.dumps(list(ledger.sheets), ensure_ascii=False))
    db.session.add(batch)
    choose_sheet(batch, ledger.sheets[0])
    return batch


MSG_GONE = "上传的文件已不在服务器上，请重新上传"


def ledger_of(batch: ImportBatch) -> workbook.LedgerFile:
    try:
        data = _path(batch).read_bytes()
    except OSError:
        raise workbook.LedgerFileError(MSG_GONE) from None
    return workbook.LedgerFile(data, batch.kind, tuple(json.loads(batch.sheets)))


def choose_sheet(batch: ImportBatch, sheet: str) -> None:
    """Find the sheet's header; offer the remembered mapping for these headers, else guesses.
    Raises LedgerFileError when no header is found."""
    head = []
    for index, row in enumerate(workbook.rows(ledger_of(batch), sheet)):
        head.append(row)
        if index >= HEAD_ROWS:
            break
    layout = find_layout(head)
    if layout is None:
        raise workbook.LedgerFileError(MSG_NO_HEADER)
    batch.sheet = sheet
    batch.header_row = layout.header_row + 1
    batch.headers = json.dumps(layout.headers, ensure_ascii=False)
    batch.fingerprint = layout.fingerprint
    remembered = db.session.scalar(sa.select(ImportMapping).where(
        ImportMapping.fingerprint == layout.fingerprint))
    if remembered is not None:
        batch.mapping, batch.units = remembered.mapping, remembered.units
    else:
        batch.mapping = json.dumps(layout.guesses)
        batch.units = json.dumps(default_units(layout))


def default_units(layout: Layout) -> list[str]:
    return [unit_of(header, layout.title_unit) if FIELDS.get(key, ("", ""))[1] == "money"
            else "" for header, key in zip(layout.headers, layout.guesses, strict=True)]


def remember(batch: ImportBatch, mapping: list[str], units: list[str], user: User) -> None:
    batch.mapping, batch.units = json.dumps(mapping), json.dumps(units)
    found = db.session.scalar(sa.select(ImportMapping).where(
        ImportMapping.fingerprint == batch.fingerprint))
    if found is None:
        found = ImportMapping(fingerprint=batch.fingerprint)
        db.session.add(found)
    found.headers, found.mapping, found.units = batch.headers, batch.mapping, batch.units
    found.updated_at, found.updated_by_id = utcnow(), user.id


def data_rows(batch: ImportBatch) -> tuple[list[Row], int]:
    """The sheet's data rows below the header (as Rows), and how many rows were skipped
    (blank, 合计/小计, section titles)."""
    return read_rows(workbook.rows(ledger_of(batch), batch.sheet), json.loads(batch.mapping))


def read_rows(source, mapping: list[str]) -> tuple[list[Row], int]:
    """Rows of a sheet (an iterator of cell tuples) classified below its header."""
    cells = list(source)
    layout = find_layout(cells[:HEAD_ROWS])
    if layout is None:
        raise workbook.LedgerFileError(MSG_NO_HEADER)
    name_column = mapping.index("project_name") if "project_name" in mapping else None
    rows, skipped = [], 0
    for index in range(layout.first_data_row, len(cells)):
        if classify(cells[index], name_column) != DATA:
            skipped += 1
            continue
        rows.append(Row(number=index + 1, cells=list(cells[index])))
    return rows, skipped


def discard_file(batch: ImportBatch) -> None:
    path = _path(batch)
    if batch.stored_name and path.is_file():
        path.unlink()


def expire_abandoned(now: datetime | None = None) -> int:
    """Nightly (crm/reminders/housekeeping.py): uploads left unconfirmed for IMPORT_UPLOAD_DAYS
    lose their file and become 已过期; files no batch waits for (an upload whose transaction
    failed after the file was written) go too. Returns the number of batches expired."""
    now = now or utcnow()
    cutoff = now - timedelta(days=int(current_app.config["IMPORT_UPLOAD_DAYS"]))
    stale = db.session.scalars(sa.select(ImportBatch).where(
        ImportBatch.state == "uploaded", ImportBatch.created_at < cutoff)).all()
    for batch in stale:
        discard_file(batch)
        batch.state = "expired"
    waiting = set(db.session.scalars(sa.select(ImportBatch.stored_name)
                                     .where(ImportBatch.state.in_(("uploaded", "queued")))))
    if folder().is_dir():
        # A day's grace: a file written a moment ago may belong to an upload still committing.
        orphan_cutoff = (now - timedelta(days=1)).replace(tzinfo=UTC).timestamp()  # naive UTC
        for path in folder().iterdir():
            if path.is_file() and path.name not in waiting and \
                    path.stat().st_mtime < orphan_cutoff:
                path.unlink()
    return len(stale)


def units_offered() -> tuple[str, ...]:
    return MONEY_UNITS
