"""Migration 252c44de536d on a database that already holds agreements and fund arrivals."""

import os
from datetime import date, datetime

import psycopg
import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from crm import create_app
from crm.extensions import db

BEFORE, AFTER = "86d8484e42c4", "252c44de536d"
NOW = datetime(2026, 3, 1, 8, 0)


@pytest.fixture
def blank_database(tmp_path):
    """A database of its own (SQLite file, or a PostgreSQL database under TEST_DATABASE_URL)."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
        return
    url = sa.engine.make_url(base)
    name = f"{url.database}_migrate_{os.getpid()}"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _insert_rows(connection) -> None:
    project = {"name": "光伏组件项目", "name_initials": "", "confidential": False,
               "code_name": "", "description": "", "stage": "signed", "status": "normal",
               "status_reason": "", "screening_reason": "", "first_contact_note": "",
               "created_at": NOW, "updated_at": NOW, "version": 1}
    connection.execute(sa.insert(sa.table("projects", *map(sa.column, project))), project)
    pid = connection.scalar(sa.text("SELECT id FROM projects"))
    connection.execute(sa.text(
        "INSERT INTO agreements (project_id, kind, title, signed_on, amount, attachment_path, "
        "attachment_name, attachment_mime, note, created_at, version) VALUES (:p, 'investment', "
        "'投资协议', :d, 235000000, '', '', '', '', :t, 3)"), {"p": pid, "d": date(2026, 3, 2),
                                                          "t": NOW})
    connection.execute(sa.text(
        "INSERT INTO fund_arrivals (project_id, arrived_on, amount, source, note, created_at) "
        "VALUES (:p, :d, 30000000, '', '', :t)"), {"p": pid, "d": date(2026, 4, 1), "t": NOW})


def test_existing_rows_stay_live_with_version_1_and_the_downgrade_undoes_it(blank_database,
                                                                            tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": blank_database, "SECRET_KEY": "migrate",
                      "HTTPS": False, "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            _insert_rows(connection)
        upgrade(revision=AFTER)
        with db.engine.connect() as connection:
            assert connection.execute(sa.text(
                "SELECT version, voided_at, voided_by_id, void_reason FROM fund_arrivals")
            ).all() == [(1, None, None, "")]
            assert connection.execute(sa.text(
                "SELECT version, voided_at, void_reason FROM agreements")).all() == [(3, None, "")]
        downgrade(revision=BEFORE)
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("fund_arrivals")}
        assert "version" not in columns and "voided_at" not in columns
        db.session.remove()
        db.engine.dispose()
