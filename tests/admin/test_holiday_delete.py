"""POST /admin/holidays/<date>/delete."""

from datetime import date

from crm.extensions import db
from crm.models import AuditLog, Holiday
from tests.admin.conftest import count, text


def seed(app):
    with app.app_context():
        db.session.add(Holiday(day=date(2027, 1, 1), is_workday=False, name="元旦"))
        db.session.commit()


def test_it_deletes_the_entry_and_audits_it(admin, app, users, get):
    seed(app)
    response = admin.post("/admin/holidays/2027-01-01/delete", follow_redirects=True)
    assert "已删除 2027-01-01 元旦" in text(response) and get(Holiday, date(2027, 1, 1)) is None
    assert count(app, AuditLog, AuditLog.entity == "holidays", AuditLog.action == "delete") > 0


def test_it_answers_404_for_an_unknown_date(admin, users):
    assert admin.post("/admin/holidays/2027-05-01/delete").status_code == 404
    assert admin.post("/admin/holidays/not-a-date/delete").status_code == 404


def test_it_forbids_a_staff_member(login_as, app, users, get):
    seed(app)
    assert login_as("alice").post("/admin/holidays/2027-01-01/delete").status_code == 403
    assert get(Holiday, date(2027, 1, 1)) is not None
