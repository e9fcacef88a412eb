"""A ledger too large for one web request (more than IMPORT_INLINE_ROWS data rows) is imported by
the scheduler process (crm/imports/queue.py): the confirm queues it and writes nothing; the job
imports it as the confirm would have, as its importer; what cannot be imported goes back to
待确认 with the reason; a scheduler stopped midway leaves the batch whole or not at all."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from crm.extensions import db
from crm.imports import batches, queue
from crm.models import AuditLog, ImportBatch, ImportRow, Project, User, utcnow
from tests.conftest import text
from tests.imports.conftest import (
    EXPECTED,
    batch,
    ledger_workbook,
    project_named,
    run_import,
    snapshot,
)

CHECKOUT = Path(__file__).resolve().parents[2]


def _queued(app, client, data: bytes) -> int:
    app.config["IMPORT_INLINE_ROWS"] = 3
    batch_id = run_import(client, data)
    assert batch(app, batch_id).state == "queued"
    return batch_id


def _stored_file(app, batch_id: int) -> Path:
    with app.app_context():
        return batches.folder() / db.session.get(ImportBatch, batch_id).stored_name


def test_a_large_ledger_is_queued_and_the_scheduler_imports_it_as_the_confirm_would(
        app, ledger_world, client_for, users):
    alice = client_for("alice")
    before = snapshot(app)
    batch_id = _queued(app, alice, ledger_workbook())
    assert snapshot(app) == before  # the confirm wrote nothing
    page = alice.get(f"/imports/{batch_id}")
    assert page.status_code == 200
    assert "正在后台导入" in text(page) and "共 9 行" in text(page)
    assert '<meta http-equiv="refresh"' in text(page)
    assert "正在后台导入" in text(alice.get("/imports/"))

    with app.app_context():
        assert queue.run_queued() == 1
        assert queue.run_queued() == 0  # nothing left: a batch is imported once
    found = batch(app, batch_id)
    assert found.state == "committed" and found.failure == ""
    assert (found.new_count, found.update_count, found.unchanged_count, found.error_count) == (
        EXPECTED["new"], EXPECTED["update"], EXPECTED["unchanged"], EXPECTED["error"])
    assert found.skipped_rows == 5
    solar = project_named(app, "光伏组件项目")
    assert solar.stage.value == "started" and solar.started_on.isoformat() == "2022-05-10"
    with app.app_context():
        # Audited as the importer's, as the confirm in her request would have been.
        actors = set(db.session.scalars(sa.select(AuditLog.user_id).where(
            AuditLog.project_id == solar.id)))
        assert actors == {users["alice"]}
        # A confidential project she may not read was refused here too.
        refused = db.session.scalars(sa.select(ImportRow.messages).where(
            ImportRow.batch_id == batch_id, ImportRow.action == "error")).all()
        assert any("请咨询局领导" in m for m in refused)
    assert not _stored_file(app, batch_id).exists()
    page = text(alice.get(f"/imports/{batch_id}"))
    assert "已导入" in page and "新增 4" in page and "refresh" not in page


def test_a_queued_ledger_that_cannot_be_imported_goes_back_with_the_reason(
        app, ledger_world, client_for):
    alice = client_for("alice")
    before = snapshot(app)
    batch_id = _queued(app, alice, ledger_workbook())
    _stored_file(app, batch_id).unlink()
    with app.app_context():
        assert queue.run_queued() == 0
    found = batch(app, batch_id)
    assert found.state == "uploaded"
    assert found.failure == "未导入：上传的文件已不在服务器上，请重新上传"
    assert snapshot(app) == before
    page = alice.get(f"/imports/{batch_id}", follow_redirects=True)
    assert "未导入：上传的文件已不在服务器上，请重新上传" in text(page)
    assert "后台导入未完成" in text(alice.get("/imports/"))


def test_a_queued_import_is_refused_when_its_importer_was_disabled(
        app, ledger_world, client_for, users):
    alice = client_for("alice")
    before = snapshot(app)
    batch_id = _queued(app, alice, ledger_workbook())
    with app.app_context():
        db.session.get(User, users["alice"]).active = False
        db.session.commit()
        assert queue.run_queued() == 0
    assert batch(app, batch_id).failure == queue.MSG_NO_IMPORTER
    after = snapshot(app)
    after.pop("users"), before.pop("users")
    assert after == before


def test_the_nightly_housekeeping_keeps_a_queued_ledgers_file(app, ledger_world, client_for):
    batch_id = _queued(app, client_for("alice"), ledger_workbook())
    stored = _stored_file(app, batch_id)
    two_days_ago = time.time() - 2 * 86400
    os.utime(stored, (two_days_ago, two_days_ago))
    with app.app_context():
        batches.expire_abandoned(utcnow())
    assert stored.exists() and batch(app, batch_id).state == "queued"


def _many_rows(count: int) -> list[list]:
    return [[n, f"排队导入项目{n:04d}", f"排队导入企业{n:04d}有限公司", None, "民营", "精细化工",
             1000 + n, None, None, None, "洽谈中", None, None, None, None, "初次接洽"]
            for n in range(1, count + 1)]


def _scheduler(app, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SECRET_KEY": app.config["SECRET_KEY"], "HTTPS": "false",
           "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"], "SMTP_PORT": "9"}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "crm", "scheduler",
                             "--tick", "0.3"],
                            cwd=CHECKOUT, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT)


def _wait_for(process: subprocess.Popen, log: Path, line: str) -> None:
    deadline = time.monotonic() + 120
    while line not in log.read_text():
        assert process.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.05)


def _state(app, batch_id: int) -> str:
    with app.app_context():
        state = db.session.scalar(sa.select(ImportBatch.state).where(ImportBatch.id == batch_id))
        db.session.remove()
        return state


def _imported(app) -> tuple[int, int]:
    with app.app_context():
        projects = db.session.scalar(sa.select(sa.func.count(Project.id)).where(
            Project.name.like("排队导入项目%")))
        rows = db.session.scalar(sa.select(sa.func.count(ImportRow.id)))
        db.session.remove()
        return projects, rows


def test_a_scheduler_stopped_midway_leaves_the_batch_whole_or_queued(
        app, users, client_for, tmp_path):
    """Killed (SIGKILL, no clean-up) while it writes: nothing of the batch is kept, and the next
    scheduler imports it whole, once."""
    size = 600
    batch_id = _queued(app, client_for("alice"), ledger_workbook(_many_rows(size)))
    log = tmp_path / "scheduler.log"
    first = _scheduler(app, log)
    _wait_for(first, log, f"importing batch {batch_id}")
    time.sleep(random.uniform(0.0, 1.5))  # somewhere in the import (some seconds long)
    first.send_signal(signal.SIGKILL)
    first.wait()
    state = _state(app, batch_id)
    assert state in ("queued", "committed"), log.read_text()[-3000:]
    assert _imported(app) == ((size, size) if state == "committed" else (0, 0))

    second = _scheduler(app, log)
    try:
        deadline = time.monotonic() + 180
        while _state(app, batch_id) != "committed":
            assert second.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.5)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    assert _imported(app) == (size, size)
    found = batch(app, batch_id)
    assert (found.new_count, found.error_count) == (size, 0)
