"""Extension objects and the database engine's per-dialect set-up."""

import sqlite3

from flask import Flask
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
    cursor.close()


def _sqlite_on_begin(conn):
    # A deferred transaction that reads and then writes cannot wait for a busy
    # writer (SQLite returns SQLITE_BUSY at once, "database is locked"). Taking
    # the write lock up front lets busy_timeout queue concurrent requests instead.
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def engine_options(url: str) -> dict:
    if url.startswith("postgresql"):
        # psycopg's server-side prepared statements made PostgreSQL choose generic
        # plans ~100x slower for search queries (DESIGN.md platform notes).
        return {"connect_args": {"prepare_threshold": None}, "pool_pre_ping": True}
    return {}


def init_app(app: Flask) -> None:
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    listen_once(Engine, "connect", _sqlite_on_connect)
    listen_once(Engine, "begin", _sqlite_on_begin)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"
    login_manager.login_message_category = "warning"
    login_manager.session_protection = None  # server-side sessions (crm.auth.sessions) do this job
