"""The nightly housekeeping (crm/reminders/housekeeping.py) deletes ledger uploads nobody
confirmed within IMPORT_UPLOAD_DAYS: the file goes, the batch says 已过期, and a file no batch
waits for goes too. Committed batches are not touched."""

import os
import time
from datetime import timedelta

import sqlalchemy as sa

from crm.extensions import db
from crm.imports import batches
from crm.models import ImportBatch, utcnow
from crm.reminders import housekeeping
from tests.conftest import text
from tests.imports.conftest import batch_id_of, ledger_workbook, run_import, upload


def _age(app, batch_id: int, days: int) -> None:
    with app.app_context():
        db.session.get(ImportBatch, batch_id).created_at = utcnow() - timedelta(days=days)
        db.session.commit()


def _file(app, batch_id: int):
    with app.app_context():
        return batches.folder() / db.session.get(ImportBatch, batch_id).stored_name


def test_an_unconfirmed_upload_expires_after_the_set_days(app, users, client_for):
    alice = client_for("alice")
    old = batch_id_of(upload(alice, ledger_workbook(), "2025年台账.xlsx"))
    fresh = batch_id_of(upload(alice, ledger_workbook(), "2026年台账.xlsx"))
    old_file, fresh_file = _file(app, old), _file(app, fresh)
    _age(app, old, 8)
    _age(app, fresh, 6)
    with app.app_context():
        assert housekeeping.run()["import_uploads_expired"] == 1
        states = dict(db.session.execute(sa.select(ImportBatch.id, ImportBatch.state)).all())
    assert states == {old: "expired", fresh: "uploaded"}
    assert not old_file.exists() and fresh_file.exists()
    # The list says so, and the batch's pages say what to do next.
    listing = text(alice.get("/imports/"))
    assert "已过期" in listing and "7天内未确认的上传文件将被删除" in listing
    answer = alice.get(f"/imports/{old}/mapping", follow_redirects=True)
    assert answer.status_code == 200
    assert "「2025年台账.xlsx」上传后7天未确认导入，文件已删除；如需导入，请重新上传" \
        in text(answer)
    assert alice.post(f"/imports/{old}/commit").status_code == 302
    with app.app_context():
        assert db.session.get(ImportBatch, old).state == "expired"


def test_the_period_is_a_setting_and_committed_batches_stay(app, users, client_for):
    alice = client_for("alice")
    done = run_import(alice, ledger_workbook())
    waiting = batch_id_of(upload(alice, ledger_workbook()))
    _age(app, done, 400)
    _age(app, waiting, 2)
    app.config["IMPORT_UPLOAD_DAYS"] = 1
    with app.app_context():
        assert batches.expire_abandoned() == 1
        db.session.commit()
        states = dict(db.session.execute(sa.select(ImportBatch.id, ImportBatch.state)).all())
    assert states == {done: "committed", waiting: "expired"}
    assert "已导入" in text(alice.get(f"/imports/{done}"))


def test_a_file_no_batch_waits_for_goes_after_a_day(app, users, client_for):
    alice = client_for("alice")
    kept = batch_id_of(upload(alice, ledger_workbook()))
    with app.app_context():
        stray, recent = batches.folder() / "stray.xlsx", batches.folder() / "just-written.xlsx"
    for path in (stray, recent):
        path.write_bytes(b"PK")
    day_old = time.time() - timedelta(days=1, minutes=5).total_seconds()
    os.utime(stray, (day_old, day_old))
    with app.app_context():
        batches.expire_abandoned()
    assert not stray.exists() and recent.exists() and _file(app, kept).exists()
