"""POST /admin/holidays/<date>/edit: change the kind and name of one entry."""

from datetime import date

from crm.extensions import db
from crm.models import Holiday
from tests.admin.conftest import text


def seed(app):
    with app.app_context():
        db.session.add(Holiday(day=date(2026, 10, 10), is_workday=True, name="国庆节",
                               source="chinesecalendar"))
        db.session.commit()


def test_it_changes_kind_and_name_and_marks_it_as_admin_entered(admin, app, users, get):
    seed(app)
    data = {"is_workday": "0", "name": "国庆补休"}
    response = admin.post("/admin/holidays/2026-10-10/edit", data=data)
    assert response.location.endswith("/admin/holidays?year=2026")
    entry = get(Holiday, date(2026, 10, 10))
    assert (entry.is_workday, entry.name, entry.source) == (False, "国庆补休", "admin")


def test_it_refuses_a_bad_kind(admin, app, users, get):
    seed(app)
    page = text(admin.post("/admin/holidays/2026-10-10/edit", data={"is_workday": "x"}))
    assert "请选择“放假”或“调休上班”" in page and get(Holiday, date(2026, 10, 10)).is_workday


def test_it_answers_404_for_a_missing_or_impossible_date(admin, users):
    assert admin.get("/admin/holidays/2027-01-01/edit").status_code == 404
    assert admin.get("/admin/holidays/2027-02-30/edit").status_code == 404


def test_it_forbids_a_liaison(login_as, app, users, get):
    seed(app)
    client = login_as("charlie")
    assert client.post("/admin/holidays/2026-10-10/edit", data={"is_workday": "0"}).status_code \
        == 403
    assert get(Holiday, date(2026, 10, 10)).is_workday is True
