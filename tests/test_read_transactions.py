"""Page views are reads: on SQLite they never take (or wait for) the write lock, so two
workers serve them side by side; a GET's one write (the session's last-seen time) runs in a
short transaction of its own."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from crm.extensions import SQLITE_CACHE_KB, WriteInReadTransaction, db, write_transaction
from crm.models import Org, OrgKind, UserSession


def _hold_write_lock(app):
    """An open transaction that has written (on SQLite: holds the database's write lock)."""
    connection = db.engine.connect()
    connection.execute(sa.update(Org).values(sort_order=Org.sort_order + 0))
    return connection


def test_a_page_view_is_served_while_another_transaction_holds_the_write_lock(
        app, client_for):
    client = client_for("alice")
    answers = []
    with app.app_context():
        writer = _hold_write_lock(app)
        try:
            reader = threading.Thread(
                target=lambda: answers.append(client.get("/projects").status_code))
            reader.start()
            # A read that waited for the lock would still be waiting (busy_timeout is 30 s).
            reader.join(timeout=20)
            finished_while_locked = not reader.is_alive()
        finally:
            writer.rollback()
            writer.close()
        reader.join()
    assert finished_while_locked
    assert answers == [200]


def test_the_last_seen_time_is_written_on_a_page_view(app, client_for, rows, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 1, 0, tzinfo=UTC), tick=False)
    client = client_for("alice")
    time_machine.shift(timedelta(minutes=5))
    assert client.get("/").status_code == 200
    assert rows(sa.select(UserSession.last_seen_at)) == [datetime(2026, 3, 2, 1, 5)]


def test_a_write_inside_a_read_request_needs_write_transaction(app):
    with app.app_context(), app.test_request_context("/", method="GET"):
        org = Org(name="测试单位", kind=OrgKind.bureau)
        if db.engine.dialect.name == "sqlite":
            # Deferred: without the lock this write could fail under load, so it always fails.
            db.session.add(org)
            with pytest.raises(WriteInReadTransaction):
                db.session.flush()
            db.session.rollback()
        with write_transaction():
            db.session.add(Org(name="测试单位", kind=OrgKind.bureau))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Org)
                                 .where(Org.name == "测试单位")) == 1


def test_each_database_runs_with_its_tuned_session_settings(app):
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            assert db.session.scalar(sa.text("SHOW jit")) == "off"
        else:
            assert db.session.scalar(sa.text("PRAGMA journal_mode")) == "wal"
            assert db.session.scalar(sa.text("PRAGMA cache_size")) == -SQLITE_CACHE_KB
