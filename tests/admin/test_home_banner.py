"""The home page tells admins, and only admins, that a year's holidays are missing."""

from datetime import date

import pytest

from crm.extensions import db
from crm.models import Holiday
from tests.admin.conftest import text

pytestmark = pytest.mark.usefixtures("frozen")  # 2026-11-27


def test_it_warns_an_admin_about_2026_and_2027(admin, users):
    page = text(admin.get("/"))
    assert "2026年节假日尚未录入" in page and "2027年节假日尚未录入" in page
    assert "/admin/holidays?year=2027" in page


def test_it_stops_warning_once_the_years_are_entered(admin, app, users):
    with app.app_context():
        db.session.add_all([Holiday(day=date(2026, 10, 1), is_workday=False, name="国庆节"),
                            Holiday(day=date(2027, 1, 1), is_workday=False, name="元旦")])
        db.session.commit()
    assert "尚未录入" not in text(admin.get("/"))


def test_it_does_not_warn_other_roles(login_as, users):
    assert "尚未录入" not in text(login_as("alice").get("/"))
