"""Settings: defaults, then instance/config.py, then the environment, then tests."""

import os
import secrets
from pathlib import Path

from flask import Flask

# Settings that may come from the environment (DESIGN.md "Interfaces that are fixed").
ENV_SETTINGS = (
    "DATABASE_URL", "SECRET_KEY", "SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY", "SMTP_USER",
    "SMTP_PASSWORD", "MAIL_FROM", "BASE_URL", "TRUSTED_PROXIES", "HTTPS", "UPLOAD_FOLDER",
    "SESSION_IDLE_MINUTES", "SESSION_ABSOLUTE_HOURS", "INTAKE_RETENTION_DAYS",
    "IMPORT_UPLOAD_DAYS", "IMPORT_INLINE_ROWS", "IMPORT_LEASE_SECONDS", "OUTBOX_BATCH",
    "OUTBOX_LEASE_SECONDS", "OUTBOX_RETRY_BASE_SECONDS", "OUTBOX_RETRY_CAP_SECONDS",
    "OUTBOX_MAX_ATTEMPTS", "BUREAU_NAME", "BUREAU_CONTACT", "COUNTY_NAME",
)
_INTEGERS = {"SMTP_PORT", "TRUSTED_PROXIES", "SESSION_IDLE_MINUTES", "SESSION_ABSOLUTE_HOURS",
             "INTAKE_RETENTION_DAYS", "IMPORT_UPLOAD_DAYS", "IMPORT_INLINE_ROWS",
             "IMPORT_LEASE_SECONDS", "OUTBOX_BATCH", "OUTBOX_LEASE_SECONDS",
             "OUTBOX_RETRY_BASE_SECONDS", "OUTBOX_RETRY_CAP_SECONDS", "OUTBOX_MAX_ATTEMPTS"}
_BOOLEANS = {"HTTPS"}

DEFAULTS = {
    "SMTP_HOST": "127.0.0.1",
    "SMTP_PORT": 25,
    "SMTP_SECURITY": "none",
    "SMTP_USER": "",
    "SMTP_PASSWORD": "",
    "MAIL_FROM": "招商CRM <crm@localhost>",
    "BASE_URL": "http://127.0.0.1:5000",
    "TRUSTED_PROXIES": 0,
    "HTTPS": True,
    # Staff keep the CRM open through the working day; ASVS L2 asks for both limits.
    "SESSION_IDLE_MINUTES": 120,
    "SESSION_ABSOLUTE_HOURS": 12,
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    "INTAKE_RETENTION_DAYS": 730,  # the public form promises deletion after this
    # An uploaded ledger nobody confirmed is deleted after this (it names projects and
    # companies, confidential ones included, and the preview reads it again on each step).
    "IMPORT_UPLOAD_DAYS": 7,
    # A ledger of more data rows than this is imported by the scheduler process, not in the
    # web request: about 4 ms a row, so 2,000 rows stay well inside gunicorn's timeout.
    "IMPORT_INLINE_ROWS": 2000,
    # The scheduler importing such a ledger holds it this long, renewed with every chunk of
    # 500 rows (seconds each): another scheduler takes it over only from one that stopped.
    "IMPORT_LEASE_SECONDS": 600,
    # Who investors see on the public /intake pages: the bureau's name and how to reach it
    # (phone, e-mail). Unset, the pages say 县招商局 and give no number rather than a fake one.
    "BUREAU_NAME": "",
    "BUREAU_CONTACT": "",
    "COUNTY_NAME": "",  # the county in report titles (项目台账, 简报), e.g. 磁县
    # The outbox (crm/reminders/outbox.py): a sender holds a batch for OUTBOX_LEASE_SECONDS;
    # a failed message waits 1, 2, 4 ... minutes, at most an hour, and after
    # OUTBOX_MAX_ATTEMPTS attempts (about eight hours of failures) is parked as undeliverable.
    "SMTP_TIMEOUT": 30,
    "OUTBOX_BATCH": 50,
    "OUTBOX_LEASE_SECONDS": 300,
    "OUTBOX_RETRY_BASE_SECONDS": 60,
    "OUTBOX_RETRY_CAP_SECONDS": 3600,
    "OUTBOX_MAX_ATTEMPTS": 14,
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the server-side session
}


def _coerce(name: str, value):
    if name in _BOOLEANS and isinstance(value, str):
        return value.strip().lower() not in {"0", "false", "no", "off", ""}
    if name in _INTEGERS and isinstance(value, str):
        return int(value)
    return value


def _secret_key(instance: Path) -> str:
    """Generate the key once into the instance folder: never hard-coded, stable across restarts."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for name in ENV_SETTINGS:
        if name in os.environ:
            app.config[name] = os.environ[name]
    if test_config:
        app.config.from_mapping(test_config)
    for name in ENV_SETTINGS:
        if name in app.config:
            app.config[name] = _coerce(name, app.config[name])

    instance = Path(app.instance_path)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    url = app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'crm.sqlite3'}"
    if url.startswith("postgres://"):  # the form many hosting panels print
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    # A relative folder is under instance/ (as Flask-SQLAlchemy does for SQLite): made absolute
    # here so that storing and send_file (which resolves against the package) see one place.
    uploads = Path(app.config.get("UPLOAD_FOLDER") or "uploads").expanduser()
    app.config["UPLOAD_FOLDER"] = str(uploads if uploads.is_absolute() else instance / uploads)

    https = app.config["HTTPS"]
    app.config.update(
        SESSION_COOKIE_SECURE=https,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="__Host-crm_session" if https else "crm_session",
        PREFERRED_URL_SCHEME="https" if https else "http",
    )
