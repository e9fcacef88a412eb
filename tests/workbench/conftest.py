"""Workbench test helpers: a frozen clock, projects from tests/projects, follow-ups and changes."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from crm.extensions import db
from crm.localtime import SHANGHAI
from crm.models import DictItem, DictKind, FollowUp
from tests.projects.conftest import as_user, make_project, stored, text  # noqa: F401

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)
TODAY = NOW.date()


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def utc(year, month, day, hour=0, minute=0) -> datetime:
    """A Shanghai wall-clock time as the naive UTC the tables store."""
    local = datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)
    return local.astimezone(UTC).replace(tzinfo=None)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def followup(app, users):
    """followup(project_id, summary, contact_date, author="alice", **columns) -> id."""
    def make(project_id, summary="电话沟通", contact_date=TODAY, author="alice", **columns):
        with app.app_context():
            kind = db.session.scalar(sa.select(DictItem.id).where(
                DictItem.kind == DictKind.followup_type).order_by(DictItem.id).limit(1))
            row = FollowUp(project_id=project_id, author_id=users[author], kind_id=kind,
                           contact_date=contact_date, summary=summary, **columns)
            db.session.add(row)
            db.session.commit()
            return row.id
    return make


@pytest.fixture
def add(app):
    """add(row) -> id: store any model row as it is."""
    def store(row):
        with app.app_context():
            db.session.add(row)
            db.session.commit()
            return row.id
    return store
