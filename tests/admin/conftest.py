"""Admin test helpers: a signed-in admin client, a frozen clock, and database look-ups."""

import re
from datetime import datetime

import pytest
import sqlalchemy as sa
import time_machine

from crm.extensions import db
from crm.localtime import SHANGHAI
from tests.conftest import text  # noqa: F401  (re-exported for this area's tests)

# The day the holiday banner is about: late in Q4, 2027 not yet announced by chinesecalendar.
TODAY = datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)
NON_ADMINS = ["alice", "charlie", "leader", "reporter"]


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=True):
        yield


@pytest.fixture
def admin(login_as):
    return login_as("admin")


@pytest.fixture
def query(rows):
    """The shared rows fixture under this area's name."""
    return rows


@pytest.fixture
def get(app):
    """Load one row by primary key, detached, for asserting its stored values."""
    def load(model, key):
        with app.app_context():
            row = db.session.get(model, key)
            if row is not None:
                db.session.expunge(row)
            return row
    return load


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))



def temporary_password(response) -> str:
    match = re.search(r'<code id="temp-password"[^>]*>([^<]+)</code>', text(response))
    assert match, text(response)[:2000]
    return match.group(1)
