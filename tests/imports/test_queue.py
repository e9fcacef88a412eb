"""A ledger too large for one web request (more than IMPORT_INLINE_ROWS data rows) is imported by
the scheduler process (crm/imports/queue.py): the confirm queues it and writes nothing; the job
imports it as the confirm would have, as its importer; what cannot be imported goes back to
待确认 with the reason; each chunk of rows is committed with its records, so a scheduler stopped
midway keeps whole chunks and the next one goes on from there."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from crm.extensions import db
from crm.imports import apply, batches, queue
from crm.imports.plan import plan
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
    assert '已处理 <span id="batch-done">0</span> 行' in text(page)
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
    assert batch(app, batch_id).failure == "未导入：" + queue.MSG_NO_IMPORTER
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
           "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"], "SMTP_PORT": "9",
           "IMPORT_LEASE_SECONDS": "3"}
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


def test_a_scheduler_stopped_midway_keeps_whole_chunks_and_the_next_goes_on_from_there(
        app, users, client_for, tmp_path):
    """Killed (SIGKILL, no clean-up) while it writes: the chunks it committed stay, each row
    with its record, the chunk it was writing is gone; once its lease has run out the next
    scheduler imports the rest, and every row is imported once."""
    size = 1100  # three chunks of at most 500 rows
    batch_id = _queued(app, client_for("alice"), ledger_workbook(_many_rows(size)))
    log = tmp_path / "scheduler.log"
    first = _scheduler(app, log)
    _wait_for(first, log, f"batch {batch_id}: a chunk of rows committed")
    time.sleep(random.uniform(0.0, 2.0))  # in the second chunk, or the third
    first.send_signal(signal.SIGKILL)
    first.wait()
    state = _state(app, batch_id)
    projects, rows = _imported(app)
    assert state in ("queued", "committed"), log.read_text()[-3000:]
    if state == "queued":  # whole chunks (1,100: killed after the last, before the finish)
        assert projects == rows and projects in (500, 1000, size)
    else:
        assert (projects, rows) == (size, size)

    second = _scheduler(app, log)
    try:
        deadline = time.monotonic() + 240
        while _state(app, batch_id) != "committed":
            assert second.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.5)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    assert _imported(app) == (size, size)
    with app.app_context():
        numbers = db.session.scalars(sa.select(ImportRow.row_number)
                                     .where(ImportRow.batch_id == batch_id)).all()
        assert len(set(numbers)) == size
    found = batch(app, batch_id)
    assert (found.new_count, found.error_count, found.failure) == (size, 0, "")


def test_an_edit_between_two_chunks_blocks_the_revert_and_is_named(app, users, client_for):
    """A queued import commits chunk by chunk: a project of its first chunk can be edited while
    the second is written, and that edit must still stop a revert of the batch."""
    alice = client_for("alice")
    batch_id = _queued(app, alice, ledger_workbook(_many_rows(700)))
    edited = []

    def edit_once_then_commit():
        db.session.commit()
        if not edited:
            with app.app_context():  # another session: a colleague saving the project
                project = db.session.scalar(sa.select(Project).where(
                    Project.name == "排队导入项目0001"))
                project.jobs = 120
                db.session.commit()
                edited.append(project.id)

    with app.app_context():
        found = db.session.get(ImportBatch, batch_id)
        user = db.session.get(User, users["alice"])
        rows, _skipped = batches.data_rows(found)
        planned = plan(rows, json.loads(found.mapping), json.loads(found.units), user)
        assert apply.commit(found, planned, user, each_chunk=edit_once_then_commit)["new"] == 700
        db.session.commit()
    assert edited
    with app.app_context():
        changes = apply.changed_since(db.session.get(ImportBatch, batch_id))
    assert [(c["project_id"], c["field"]) for c in changes] == [(edited[0], "jobs")]
    response = alice.post(f"/imports/{batch_id}/revert")
    assert response.status_code == 302
    assert batch(app, batch_id).state == "committed"
    assert project_named(app, "排队导入项目0001").jobs == 120


def test_a_queued_ledger_of_updates_past_its_first_chunk_is_imported(app, users, client_for):
    """The second import of a 700-row ledger, eleven rows changed past the first 500: the
    chunks after the first meet projects planned before the first chunk's commit."""
    alice = client_for("alice")
    rows = _many_rows(700)
    first = _queued(app, alice, ledger_workbook(rows))
    with app.app_context():
        assert queue.run_queued() == 1
    assert batch(app, first).new_count == 700
    for row in rows[549:560]:
        row[6] = 9000  # 总投资（万元）
    second = _queued(app, alice, ledger_workbook(rows))
    with app.app_context():
        assert queue.run_queued() == 1
    found = batch(app, second)
    assert (found.state, found.failure) == ("committed", "")
    assert (found.new_count, found.update_count, found.unchanged_count) == (0, 11, 689)
    assert project_named(app, "排队导入项目0555").total_investment == 90_000_000


def test_a_batch_another_scheduler_holds_is_left_alone_until_its_lease_runs_out(
        app, ledger_world, client_for):
    batch_id = _queued(app, client_for("alice"), ledger_workbook())
    with app.app_context():
        db.session.get(ImportBatch, batch_id).lease_until = utcnow() + timedelta(minutes=5)
        db.session.commit()
        assert queue.run_queued() == 0  # held: another scheduler is importing it
        assert db.session.get(ImportBatch, batch_id).state == "queued"
        db.session.get(ImportBatch, batch_id).lease_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert queue.run_queued() == 1  # its holder stopped: taken over
    assert batch(app, batch_id).state == "committed"
