"""Print the query plan of every SQL statement the list pages run, on the configured database.

usage: DATABASE_URL=... .venv/bin/python scripts/explain_lists.py [PATH ...]
Use a scratch database loaded with `flask --app crm setup` and `flask --app crm seed-demo`:
the script adds a throw-away leader account to sign in with, and removes it afterwards.
"""

import secrets
import sys

import sqlalchemy as sa
from sqlalchemy import event

from crm import create_app
from crm.auth.passwords import hash_password
from crm.extensions import db
from crm.models import Role, User, UserSession

PAGES = ["/projects", "/projects?stage=negotiation&sort=amount", "/companies",
         "/companies?nature=1", "/projects/board", "/activities", "/intake/queue",
         "/search?q=建筑"]


def _explain(connection, statement: str, parameters) -> list[str]:
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        return [row[-1] for row in rows]
    rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters)
    return [row[0] for row in rows]


def main(paths: list[str]) -> None:
    # A local diagnostic: it signs in through the test client, which carries no CSRF token.
    app = create_app({"HTTPS": False, "WTF_CSRF_ENABLED": False})
    password = secrets.token_urlsafe(16)
    email = f"explain-{secrets.token_hex(4)}@localhost.invalid"
    with app.app_context():
        user = User(email=email, name="查询计划", role=Role.leader,
                    password_hash=hash_password(password))
        db.session.add(user)
        db.session.commit()
        user_id = user.id
    seen: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    client = app.test_client()
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
        client.post("/login", data={"email": email, "password": password})
        for path in paths or PAGES:
            seen.clear()
            status = client.get(path).status_code
            print(f"\n=== GET {path} -> {status}, {len(seen)} SELECTs")
            # The request ran in this app context, so its session still holds the
            # transaction (SQLite's write lock): explain on the same connection.
            connection = db.session.connection()
            for statement, parameters in list(seen):
                print("--- " + " ".join(statement.split())[:160])
                for line in _explain(connection, statement, parameters):
                    print("    " + line)
            db.session.rollback()
        event.remove(db.engine, "before_cursor_execute", record)
        db.session.execute(sa.delete(UserSession).where(UserSession.user_id == user_id))
        db.session.execute(sa.delete(User).where(User.id == user_id))
        db.session.commit()


if __name__ == "__main__":
    main(sys.argv[1:])
