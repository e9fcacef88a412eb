"""Extension objects and the database engine's per-dialect set-up."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask, has_request_context, request
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine

# Stable constraint names, so Alembic can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


def listen_once(target, name: str, fn) -> None:
    """Attach a SQLAlchemy hook from an init_app: once per process, however many apps the
    process creates (the tests create one per test)."""
    if not event.contains(target, name, fn):
        event.listen(target, name, fn)


SQLITE_CACHE_KB = 64 * 1024


def _sqlite_on_connect(dbapi_connection, _record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # pysqlite's own implicit BEGIN is switched off so that _sqlite_on_begin decides.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # A page cache of 64 MB per connection instead of SQLite's 2 MB: a county's database is
    # hundreds of MB to GB, and with 2 MB every heavy read fetched the same pages again from
    # the OS (the cockpit's, workbench's and board's SQL ran 1.7-2.3x faster at 100k). Grown
    # only as pages are read; a gunicorn sync worker holds one connection.
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KB}")
    cursor.close()


# Requests that only read: on SQLite their transactions are deferred (a WAL snapshot, no lock),
# so any number of workers read at once. Everything else takes the write lock up front.
READ_METHODS = ("GET", "HEAD", "OPTIONS")
_writing: ContextVar[bool] = ContextVar("writing", default=False)
_reading: ContextVar[bool] = ContextVar("reading", default=False)


class WriteInReadTransaction(RuntimeError):
    """A GET wrote inside its read transaction instead of in write_transaction()."""


def _reads_only() -> bool:
    if _reading.get():
        return True
    return has_request_context() and request.method in READ_METHODS and not _writing.get()


def _sqlite_on_begin(conn):
    # A deferred transaction that reads and then writes cannot wait for a busy writer: SQLite
    # answers SQLITE_BUSY at once ("database is locked"), busy_timeout or not, because its
    # snapshot may be stale. So a transaction that may write takes the write lock up front
    # (BEGIN IMMEDIATE, which waits in busy_timeout behind other writers), and only a
    # read-only request's transaction is deferred. A GET that must write (the session's
    # last-seen time) does so in write_transaction().
    if conn.dialect.name != "sqlite":
        return
    deferred = _reads_only()
    conn.info["deferred"] = deferred
    conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _refuse_write_in_read(conn, _cursor, statement, _parameters, _context, _executemany):
    # Fails every time, not only under contention, so the tests find a GET that writes.
    if conn.dialect.name == "sqlite" and conn.info.get("deferred") and conn.in_transaction() \
            and statement.lstrip()[:7].upper().startswith(_WRITES):
        raise WriteInReadTransaction(
            "a read-only request wrote outside write_transaction(): " + statement[:80])


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run a write from a read-only request (GET) in its own transaction holding the write
    lock: the request's read transaction is ended first and the block's changes committed at
    its end. On PostgreSQL the same two commits, harmless."""
    db.session.commit()
    token = _writing.set(True)
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _writing.reset(token)


@contextmanager
def read_transaction() -> Iterator[None]:
    """Reads outside a request (the scheduler planning a queued import) in a transaction of
    their own that takes no write lock on SQLite, so the staff's saves go on meanwhile; a
    write inside it fails at once. The transaction ends with the block."""
    db.session.commit()
    token = _reading.set(True)
    try:
        yield
    finally:
        db.session.rollback()
        _reading.reset(token)


def engine_options(url: str) -> dict:
    if url.startswith("postgresql"):
        # psycopg's server-side prepared statements made PostgreSQL choose generic
        # plans ~100x slower for search queries (DESIGN.md platform notes). JIT compiling
        # (on in a default server) cost 16-56% of the list and board queries at 1M projects
        # and never paid back on queries this short (issue #10).
        return {"connect_args": {"prepare_threshold": None, "options": "-c jit=off"},
                "pool_pre_ping": True}
    return {}


def init_app(app: Flask) -> None:
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    listen_once(Engine, "connect", _sqlite_on_connect)
    listen_once(Engine, "begin", _sqlite_on_begin)
    listen_once(Engine, "before_cursor_execute", _refuse_write_in_read)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"
    login_manager.login_message_category = "warning"
    login_manager.session_protection = None  # server-side sessions (crm.auth.sessions) do this job
