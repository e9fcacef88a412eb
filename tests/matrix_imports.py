"""Ledger imports in the authorization matrix: staff and admins import; a batch is its
importer's own (another person's batch may name their projects), so the admin gets 404 for
alice's batches; leaders, liaisons and reporters 403 for every import page.

Two batches of alice's: one uploaded (its file stored, waiting for the mapping and the
preview) and one committed (its page and its revert)."""

import json

from crm.extensions import db
from crm.imports import batches
from crm.models import ImportBatch, User, utcnow
from tests.matrix import Route

IMPORTERS = frozenset({"staff", "admin"})
NOT_THEIRS = {"admin": 404}

ENDPOINTS = {
    "imports.index": Route(roles=IMPORTERS),
    "imports.mapping": Route(roles=IMPORTERS, answers=NOT_THEIRS),
    "imports.preview": Route(roles=IMPORTERS, answers=NOT_THEIRS),
    "imports.commit": Route(post_only=True, writers=IMPORTERS, answers=NOT_THEIRS),
    "imports.detail": Route(roles=IMPORTERS, answers=NOT_THEIRS),
    "imports.revert": Route(post_only=True, writers=IMPORTERS, answers=NOT_THEIRS),
}

ARGUMENTS = {
    "batch_id": "import_batch",
    "imports.detail:batch_id": "committed_batch",
    "imports.revert:batch_id": "committed_batch",
}

MISSING = 999_999
HEADER = ["项目名称", "投资方", "总投资（万元）"]


def _workbook() -> bytes:
    from tests.imports.conftest import ledger_workbook
    return ledger_workbook(rows=[[1, "矩阵测试项目", "矩阵测试有限公司"]], extra_sheet=False)


def make_records(users, orgs, records):
    alice = db.session.get(User, users["alice"])
    uploaded = batches.start(alice, "台账.xlsx", _workbook())
    committed = ImportBatch(user_id=alice.id, file_name="已导入台账.xlsx", state="committed",
                            sheet="2026年台账", headers=json.dumps(HEADER),
                            committed_at=utcnow())
    db.session.add(committed)
    db.session.commit()
    return {"import_batch": {"own": uploaded.id, "missing": MISSING},
            "committed_batch": {"own": committed.id, "missing": MISSING}}
