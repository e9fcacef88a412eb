"""Real scheduler processes against one database and a real SMTP server (proofs 1 and 3).

Each process is `flask --app crm scheduler` (APScheduler as the clock) on a clock that starts at
a working-day morning; the SMTP sink counts deliveries by Message-ID as a mailbox would.
"""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm.extensions import db
from crm.models import MailStatus, OutboxMessage
from tests.reminders.conftest import local
from tests.reminders.test_delivery import due_projects

CHECKOUT = Path(__file__).resolve().parents[2]
COUNT = 1000
DEADLINE = 240  # seconds; a run takes 15-40 s here


@pytest.fixture
def epoch() -> str:
    """The real moment the test's shared fake clock reads 08:05, taken as the test starts: the
    processes of one test agree on it, and it is not read at collection, which under a loaded
    run came over 25 minutes before the test, so the clock had passed 08:30 and each user's
    daily digest came in with the reminders (1,001 messages, not 1,000)."""
    return str(time.time())


def start_scheduler(app, smtp, log: Path, epoch: str) -> subprocess.Popen:
    env = {**os.environ, "FAKE_EPOCH": epoch, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SECRET_KEY": app.config["SECRET_KEY"], "HTTPS": "false",
           "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port),
           "OUTBOX_LEASE_SECONDS": "3", "FAKE_NOW": local(2026, 11, 4, 8, 5).isoformat()}
    return subprocess.Popen(
        [sys.executable, str(CHECKOUT / "tests/reminders/run_with_clock.py"), "scheduler",
         "--tick", "0.3"],
        cwd=CHECKOUT, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT)


def sent_count(app) -> int:
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
            OutboxMessage.status == MailStatus.sent))
        db.session.remove()
        return count


def wait_for_all(app, smtp, processes, log: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while sent_count(app) < COUNT or len(set(smtp.message_ids())) < COUNT:
        for process in processes:
            assert process.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.5)


def stop(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_two_scheduler_processes_deliver_each_reminder_once(app, smtp, users, holidays,
                                                            tmp_path, epoch):
    due_projects(app, users, COUNT)
    log = tmp_path / "scheduler.log"
    processes = [start_scheduler(app, smtp, log, epoch) for _ in range(2)]
    try:
        wait_for_all(app, smtp, processes, log)
        time.sleep(1.5)  # a late duplicate would arrive now
    finally:
        stop(processes)
    ids = smtp.message_ids()
    print(f"\ntwo schedulers: {len(set(ids))} delivered, {len(ids) - len(set(ids))} duplicates")
    assert len(ids) == len(set(ids)) == COUNT
    assert [p.returncode for p in processes] == [0, 0]  # SIGTERM stops them cleanly


def test_a_sender_killed_mid_batch_loses_nothing(app, smtp, users, holidays, tmp_path,
                                                 epoch):
    due_projects(app, users, COUNT)
    smtp.delay = 0.004  # a slower server keeps batches in flight when the kill comes
    log = tmp_path / "scheduler.log"
    rng = random.Random(7)
    kills = 0
    process = start_scheduler(app, smtp, log, epoch)
    try:
        # Killed once deliveries pass each mark, a few milliseconds later: always mid-send,
        # however fast this machine is.
        for mark in (100, 300, 500, 700):
            deadline = time.monotonic() + DEADLINE
            while len(set(smtp.message_ids())) < mark:
                assert process.poll() is None, log.read_text()[-3000:]
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.05))
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
            process = start_scheduler(app, smtp, log, epoch)
        wait_for_all(app, smtp, [process], log)
        time.sleep(1.5)
    finally:
        stop([process])
    ids = smtp.message_ids()
    lost, duplicates = COUNT - len(set(ids)), len(ids) - len(set(ids))
    print(f"\nSIGKILL x{kills}: {len(set(ids))} delivered, {lost} lost, {duplicates} duplicates")
    assert kills == 4 and lost == 0
    # Only the message between the server's 250 and our commit can be sent twice: one a kill.
    assert duplicates <= kills
