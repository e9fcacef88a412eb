"""Ledger imports (issue 13): each uploaded file is a batch; its data rows are kept with what
the import did to them, so the batch can be listed, previewed again and reverted as a whole.

JSON goes into Text columns (json.dumps), the same on SQLite and PostgreSQL.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models._base import utcnow
from crm.models.people import User


class ImportBatch(db.Model):
    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    file_name: Mapped[str] = mapped_column(sa.String(200), default="")
    kind: Mapped[str] = mapped_column(sa.String(10), default="xlsx")  # xlsx or csv
    stored_name: Mapped[str] = mapped_column(sa.String(100), default="")  # random, on disk
    sheets: Mapped[str] = mapped_column(sa.Text, default="[]")  # JSON list of sheet names
    sheet: Mapped[str] = mapped_column(sa.String(100), default="")
    header_row: Mapped[int | None]  # 1-based, as Excel numbers rows
    headers: Mapped[str] = mapped_column(sa.Text, default="[]")  # JSON list
    fingerprint: Mapped[str] = mapped_column(sa.String(40), default="")
    mapping: Mapped[str] = mapped_column(sa.Text, default="[]")  # JSON: field key per column
    units: Mapped[str] = mapped_column(sa.Text, default="[]")  # JSON: money unit per column
    # uploaded -> committed -> reverted; a batch is written to the projects only at commit.
    # A ledger too large for one web request goes uploaded -> queued -> committed: the
    # scheduler process imports it (crm/imports/queue.py), or sends it back to uploaded with
    # `failure` saying why.
    state: Mapped[str] = mapped_column(sa.String(20), default="uploaded", index=True)
    queued_at: Mapped[datetime | None]
    # The scheduler importing it holds it until then (renewed with every chunk it commits): a
    # second scheduler leaves it alone, and takes it over only from one that has stopped.
    lease_until: Mapped[datetime | None]
    failure: Mapped[str] = mapped_column(sa.Text, default="")
    data_rows: Mapped[int] = mapped_column(default=0)
    skipped_rows: Mapped[int] = mapped_column(default=0)  # blank, 合计/小计 and section rows
    new_count: Mapped[int] = mapped_column(default=0)
    update_count: Mapped[int] = mapped_column(default=0)
    unchanged_count: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    committed_at: Mapped[datetime | None]
    # The last audit_log id once committed: any audited write after it on the batch's
    # records is a change since the import, which blocks a revert.
    audit_mark: Mapped[int] = mapped_column(default=0)
    reverted_at: Mapped[datetime | None]
    reverted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    reverted_by: Mapped[User | None] = relationship(foreign_keys=[reverted_by_id])


class ImportRow(db.Model):
    """One data row of a batch: its cells as read, what the preview or the commit made of it,
    and for a committed row the records it created and the before-image of those it changed
    (the project's and company's columns, with the versions they had after the import, by
    which a revert sees whether anyone changed them since)."""

    __tablename__ = "import_rows"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(sa.ForeignKey("import_batches.id"))
    row_number: Mapped[int]  # 1-based sheet row
    cells: Mapped[str] = mapped_column(sa.Text, default="[]")  # JSON, as read
    action: Mapped[str] = mapped_column(sa.String(20), default="")  # new/update/unchanged/error
    messages: Mapped[str] = mapped_column(sa.Text, default="[]")  # JSON: [field label, text]
    # Plain ids, not foreign keys: a reverted batch deletes what it created, and its rows
    # still say which project and company they were.
    project_id: Mapped[int | None] = mapped_column(index=True)
    company_id: Mapped[int | None] = mapped_column(index=True)
    created: Mapped[str] = mapped_column(sa.Text, default="{}")  # JSON: table -> ids created
    before: Mapped[str] = mapped_column(sa.Text, default="{}")  # JSON: table -> column values
    project_version: Mapped[int | None]
    company_version: Mapped[int | None]
    # The last audit_log id once the row's chunk was written: an audited write after it on
    # the row's project or company is a change since the import (a scheduler's import commits
    # chunk by chunk, so the batch's first rows can be edited while its last are written).
    audit_mark: Mapped[int] = mapped_column(default=0)

    __table_args__ = (sa.Index("ix_import_rows_batch_row", "batch_id", "row_number"),)


class ImportMapping(db.Model):
    """The column mapping last confirmed for a header set, keyed by its fingerprint, offered
    again for the next file with the same headers (next month's ledger)."""

    __tablename__ = "import_mappings"
    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(sa.String(40), unique=True)
    headers: Mapped[str] = mapped_column(sa.Text, default="[]")
    mapping: Mapped[str] = mapped_column(sa.Text, default="[]")
    units: Mapped[str] = mapped_column(sa.Text, default="[]")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
