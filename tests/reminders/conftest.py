"""Reminder test helpers: a real SMTP server (aiosmtpd) on 127.0.0.1, the holiday table, a clock.

The sink records every message it accepts, with its Message-ID, so a test can count deliveries
and duplicates exactly as a recipient's mailbox would.
"""

import asyncio
import threading
from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from crm import reference_data
from crm.extensions import db
from crm.localtime import SHANGHAI
from crm.models import DictItem, DictKind, FollowUp
from tests.projects.conftest import make_project, stored  # noqa: F401
from tests.servers import free_port


class _Recorder:
    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.sink.delay:
            await asyncio.sleep(self.sink.delay)
        if self.sink.refuse:
            return "550 5.1.1 mailbox unavailable"
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.sink.lock:
            self.sink.messages.append(message)
        return "250 OK"


class SmtpSink:
    """aiosmtpd on a fixed loopback port; stop() and start() again to simulate an outage
    (a stopped Controller cannot be restarted, so each start makes a new one)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list = []
        self.lock = threading.Lock()
        self.delay = 0.0
        self.refuse = False
        self.controller = None

    def start(self) -> "SmtpSink":
        self.controller = Controller(_Recorder(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def message_ids(self) -> list[str]:
        with self.lock:
            return [m["Message-ID"] for m in self.messages]

    def to(self, address: str) -> list:
        with self.lock:
            return [m for m in self.messages if address in m["To"]]


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def html(message) -> str:
    return message.get_body(("html",)).get_content()


@pytest.fixture
def smtp(app):
    """A running SMTP sink, and the app pointed at it."""
    sink = SmtpSink().start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=sink.port, SMTP_TIMEOUT=5)
    yield sink
    sink.stop()


@pytest.fixture
def holidays(app):
    """The holiday table as `flask setup` loads it (chinesecalendar's years)."""
    with app.app_context():
        reference_data.ensure_holidays()
        db.session.commit()


def utc(year, month, day, hour=0, minute=0) -> datetime:
    """A Shanghai wall-clock time as the naive UTC the tables store."""
    local = datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)
    return local.astimezone(UTC).replace(tzinfo=None)


def local(year, month, day, hour=0, minute=0) -> datetime:
    """An aware Shanghai time, for time_machine.travel."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def followup(app, users):
    """followup(project_id, contact_date, next_due_date, author="alice") -> id, through the
    same date refresh the follow-up form uses (so the due reminder is planned as in use)."""
    from crm.followups import dates
    from crm.models import Project

    def make(project_id, contact_date, next_due_date=None, author="alice", summary="电话沟通"):
        with app.app_context():
            kind = db.session.scalar(sa.select(DictItem.id).where(
                DictItem.kind == DictKind.followup_type).order_by(DictItem.id).limit(1))
            row = FollowUp(project_id=project_id, author_id=users[author], kind_id=kind,
                           contact_date=contact_date, next_due_date=next_due_date,
                           summary=summary)
            db.session.add(row)
            db.session.flush()
            dates.refresh(db.session.get(Project, project_id))
            db.session.commit()
            return row.id
    return make
