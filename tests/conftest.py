"""Fixtures: a fresh database per test on SQLite or PostgreSQL, users per role, signed-in clients.

TEST_DATABASE_URL selects PostgreSQL (scripts/test.sh sets it for the second run);
without it every xdist worker gets its own SQLite file. The schema is built once
per worker by running the real migrations; each test then starts from empty tables.
"""

import logging
import os
import secrets
import sys
import threading
import traceback
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask import current_app, has_app_context
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from werkzeug.serving import make_server

from crm import create_app
from crm.extensions import db
from crm.models import Org, OrgKind, Role, User
from crm.projects.ref import encode

PASSWORD = "Zhaoshang-test-2026!"
# Cheap argon2id parameters: hashes are computed once, and verifying stays fast.
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_PASSWORD_HASH = TEST_HASHER.hash(PASSWORD)


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'crm.sqlite3'}"
        return
    url = sa.engine.make_url(base)
    # One database per worker process, so parallel runs never share tables.
    name = f"{url.database}_{_worker()}_{os.getpid()}"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    """Build the schema once per worker with the project's own migrations."""
    from flask_migrate import upgrade

    app = create_app(_config(database_url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()
    return database_url


def _config(database_url: str, instance: Path) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-" + _worker(),
        "PASSWORD_HASHER": TEST_HASHER,
        "HTTPS": False,
        "UPLOAD_FOLDER": str(instance / "uploads"),
        "SERVER_NAME": None,
    }


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(_schema, tmp_path):
    from crm import reference_data

    app = create_app(_config(_schema, tmp_path))
    app.test_client_class = CsrfClient
    with app.app_context():
        _empty_all_tables()
        reference_data.ensure_dictionaries()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class CsrfClient(FlaskClient):
    """Adds a valid CSRF token to every POST unless the test says csrf=False."""

    def open(self, *args, **kwargs):
        csrf = kwargs.pop("csrf", True)
        method = kwargs.get("method", "GET").upper()
        data = kwargs.get("data")
        if csrf and method == "POST" and (data is None or isinstance(data, dict)):
            data = dict(data or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        # Flask-WTF keeps a raw token in the session and accepts it signed with this salt.
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", secrets.token_hex(20))
        serializer = URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token")
        return serializer.dumps(raw)

    def login(self, email: str, password: str = PASSWORD):
        response = self.post("/login", data={"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response


@pytest.fixture
def client(app) -> CsrfClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def make_user(email: str, role: Role, org: Org | None = None, name: str | None = None,
              **fields) -> User:
    user = User(email=email, name=name or email.split("@")[0], role=role, org=org,
                password_hash=_PASSWORD_HASH, **fields)
    db.session.add(user)
    db.session.flush()
    return user


@pytest.fixture
def orgs(app) -> dict[str, Org]:
    with app.app_context():
        rows = {
            "bureau": Org(name="招商一科", kind=OrgKind.bureau),
            "township": Org(name="磁州镇", kind=OrgKind.township),
            "park": Org(name="经济开发区", kind=OrgKind.park),
        }
        db.session.add_all(rows.values())
        db.session.commit()
        return {key: org.id for key, org in rows.items()}


@pytest.fixture
def users(app, orgs) -> dict[str, int]:
    """alice owns projects, bob is her colleague, charlie is an outsider (liaison elsewhere)."""
    with app.app_context():
        bureau = db.session.get(Org, orgs["bureau"])
        township = db.session.get(Org, orgs["township"])
        people = {
            "alice": make_user("alice@zsj.example.com", Role.staff, bureau, "李爱丽"),
            "bob": make_user("bob@zsj.example.com", Role.staff, bureau, "王博"),
            "charlie": make_user("charlie@zsj.example.com", Role.liaison, township, "张超"),
            "leader": make_user("leader@zsj.example.com", Role.leader, None, "刘县长"),
            "admin": make_user("admin@zsj.example.com", Role.admin, bureau, "赵管理"),
            "reporter": make_user("reporter@zsj.example.com", Role.reporter, township, "孙报送"),
        }
        db.session.commit()
        return {key: user.id for key, user in people.items()}


def email_of(key: str) -> str:
    return f"{key}@zsj.example.com"


@pytest.fixture
def client_for(app, users):
    """client_for("bob") -> a new client signed in as bob, so one test can compare people."""
    def make(who: str) -> CsrfClient:
        client = app.test_client()
        client.login(email_of(who))
        return client
    return make


@pytest.fixture
def rows(app):
    """rows(select) -> every row in a fresh app context (the scalars when one column)."""
    def run(statement):
        with app.app_context():
            result = db.session.execute(statement)
            found = result.all()
            return [row[0] for row in found] if len(result.keys()) == 1 else found
    return run


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def login_as(client, users):
    def login(key: str) -> CsrfClient:
        client.login(email_of(key))
        return client
    return login


# --- Browser tests: Debian's Chromium driven by Playwright (DESIGN.md platform notes) ---

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--lang=zh-CN"],
        # On Linux Chromium takes its own language (which formats date fields) from LANGUAGE,
        # not --lang; the zh-CN strings come with Debian's chromium-l10n (scripts/test.sh).
        "env": {**os.environ, "LANGUAGE": "zh_CN"},
    }


def sign_in(page, base: str, who: str) -> None:
    """Sign a Playwright page in through the form: `who` is a user key ("alice") or an e-mail."""
    page.goto(f"{base}/login")
    page.fill("input[name=email]", who if "@" in who else email_of(who))
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    # Signed in once the answer has landed: a navigation started before it (the test's next
    # goto) would cancel the sign-in's response, and its session cookie with it.
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # As users see the pages: dates, number inputs and the browser's own messages in Chinese.
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


def _logging_arrivals(app):
    # Werkzeug logs a request when its response starts; a request stuck inside the app would
    # leave no line at all. Logging its arrival too tells "never sent" from "stuck" when a
    # browser test fails (the stacks of the stuck threads follow in the report).
    log = logging.getLogger("live_server")
    log.setLevel(logging.INFO)

    def wsgi(environ, start_response):
        log.info("%s arrived: %s %s", threading.current_thread().name,
                 environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""))
        return app(environ, start_response)
    return wsgi


@pytest.fixture
def live_server(app):
    """The test's app served on a free loopback port, sharing the test's database."""
    server = make_server("127.0.0.1", 0, _logging_arrivals(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def ref(project_id: int) -> str:
    """The opaque URL token of a project id (crm/projects/ref.py), as the test app makes it:
    with the current app's SECRET_KEY, else the one _config gives this worker."""
    secret = current_app.config["SECRET_KEY"] if has_app_context() else "test-secret-" + _worker()
    return encode(project_id, secret)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test reports where every thread of its process stood at that moment
    (the live server's request threads among them), so a stall shows its cause."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when == "call" and "live_server" in item.fixturenames:
        names = {t.ident: t.name for t in threading.enumerate()}
        stacks = [f"--- {names.get(ident, ident)}\n" + "".join(traceback.format_stack(frame))
                  for ident, frame in sys._current_frames().items()]
        report.sections.append(("threads at failure", "\n".join(stacks)))
