"""Security headers, cookie flags under HTTPS, the plain-HTTP warning and trusted proxies."""

import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm import create_app
from crm.auth import throttle
from crm.extensions import db
from crm.models import LoginAttempt
from tests.conftest import PASSWORD, CsrfClient, email_of
from tests.servers import GUNICORN, fetch, serve

INSECURE = "不加密的 HTTP"


@pytest.fixture
def app_with(app):
    """Another app on the test's database with some settings changed."""
    made = []

    def make(**settings):
        keys = ("TESTING", "DATABASE_URL", "SECRET_KEY", "PASSWORD_HASHER", "HTTPS",
                "UPLOAD_FOLDER")
        other = create_app({**{key: app.config[key] for key in keys}, **settings})
        other.test_client_class = CsrfClient
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def _set_cookie(response) -> str:
    cookies = [value for value in response.headers.getlist("Set-Cookie")
               if "session=" in value]
    assert len(cookies) == 1, cookies
    return cookies[0]


@pytest.mark.parametrize(("who", "path", "status"), [
    (None, "/login", 200), ("alice", "/", 200), ("alice", "/no-such-page", 404),
    ("alice", "/admin/users", 403),
])
def test_it_sends_the_security_headers_on_pages(client, login_as, who, path, status):
    response = (login_as(who) if who else client).get(path)
    assert response.status_code == status
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"


def test_it_lets_browsers_cache_static_files(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_it_warns_about_plain_http_and_sends_no_hsts(client, users):
    response = client.get("/login")
    assert INSECURE in response.get_data(as_text=True)
    assert "Strict-Transport-Security" not in response.headers
    cookie = _set_cookie(client.post("/login", data={
        "email": email_of("alice"), "password": PASSWORD}))
    assert cookie.startswith("crm_session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_it_hardens_the_session_cookie_under_https(app_with, users):
    client = app_with(HTTPS=True).test_client()
    page = client.get("/login", base_url="https://localhost")
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert INSECURE not in page.get_data(as_text=True)
    # Over HTTPS Flask-WTF also wants a same-origin Referer (browsers send it: same-origin policy).
    response = client.post("/login", base_url="https://localhost",
                           headers={"Referer": "https://localhost/login"},
                           data={"email": email_of("alice"), "password": PASSWORD})
    assert response.status_code == 302
    cookie = _set_cookie(response)
    assert cookie.startswith("__Host-crm_session=")
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Path=/" in cookie and "Domain" not in cookie  # what the __Host- prefix demands
    assert client.get("/", base_url="https://localhost").status_code == 200


def _attempts_from(client, address: str, password: str):
    return client.post("/login", data={"email": email_of("alice"), "password": password},
                       headers={"X-Forwarded-For": address})


def test_it_throttles_by_forwarded_address_behind_a_trusted_proxy(app, app_with, users):
    client = app_with(TRUSTED_PROXIES=1).test_client()
    for _ in range(throttle.MAX_PAIR_FAILURES):
        assert _attempts_from(client, "203.0.113.5", "Wrong-password-2026").status_code == 200
    assert _attempts_from(client, "203.0.113.5", PASSWORD).status_code == 429
    assert _attempts_from(client, "203.0.113.6", PASSWORD).status_code == 302
    with app.app_context():
        addresses = set(db.session.scalars(sa.select(LoginAttempt.ip)))
        assert addresses == {"203.0.113.5", "203.0.113.6"}


def test_it_ignores_forwarded_addresses_without_a_trusted_proxy(app, client, users):
    assert app.config["TRUSTED_PROXIES"] == 0
    for _ in range(throttle.MAX_PAIR_FAILURES):
        assert _attempts_from(client, "203.0.113.5", "Wrong-password-2026").status_code == 200
    assert _attempts_from(client, "203.0.113.6", PASSWORD).status_code == 429
    with app.app_context():
        assert set(db.session.scalars(sa.select(LoginAttempt.ip))) == {"127.0.0.1"}


def test_it_refuses_a_cross_site_post_under_https(app_with, users):
    client = app_with(HTTPS=True).test_client()
    response = client.post("/login", base_url="https://localhost",
                           headers={"Referer": "https://evil.example/login"},
                           data={"email": email_of("alice"), "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/", base_url="https://localhost").status_code == 302


def _server_headers(port: int) -> list[str]:
    paths = ("/login", "/no-such-page", "/static/css/app.css")
    answers = [fetch(port, "GET", path) for path in paths]
    return [value for answer in answers for value in answer.headers.get_all("Server")]


def test_the_dev_server_names_no_versions(live_server):
    port = int(live_server.rsplit(":", 1)[1])
    assert _server_headers(port) == ["Werkzeug"] * 3


@pytest.mark.parametrize(("command", "name"), [
    ((str(Path(sys.executable).with_name("flask")), "--app", "crm", "run", "--host", "127.0.0.1",
      "--port", "{port}"), "Werkzeug"),
    ((str(GUNICORN), "-w", "1", "-b", "127.0.0.1:{port}", "crm:create_app()"), "gunicorn"),
], ids=["make-run", "gunicorn"])
def test_the_server_header_names_no_versions(app, command, name):
    with serve(app, *command) as port:
        assert _server_headers(port) == [name] * 3
