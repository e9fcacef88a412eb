"""GET/POST /admin/holidays?year=: a year's entries, counts per year, adding one day, the banner."""

from datetime import date

import pytest

from crm.extensions import db
from crm.models import Holiday
from tests.admin.conftest import count, text

pytestmark = pytest.mark.usefixtures("frozen")  # 2026-11-27: 2027 is due in Q4


def add(app, *entries):
    with app.app_context():
        for day, is_workday, name, source in entries:
            db.session.add(Holiday(day=day, is_workday=is_workday, name=name, source=source))
        db.session.commit()


def test_it_enters_2027_new_year_and_a_weekend_working_day(admin, users, get):
    admin.post("/admin/holidays?year=2027",
               data={"day": "2027-01-01", "is_workday": "0", "name": "元旦"})
    admin.post("/admin/holidays", data={"day": "2027-02-07", "is_workday": "1", "name": "春节调休"})
    assert (get(Holiday, date(2027, 1, 1)).is_workday, get(Holiday, date(2027, 1, 1)).name) \
        == (False, "元旦")
    assert get(Holiday, date(2027, 2, 7)).is_workday is True
    page = text(admin.get("/admin/holidays?year=2027"))
    assert "2027年：共 2 条" in page and "春节调休" in page and "调休上班" in page


def test_it_shows_each_years_count_and_the_source(admin, app, users):
    add(app, (date(2026, 1, 1), False, "元旦", "chinesecalendar"),
        (date(2026, 2, 16), False, "春节", "chinesecalendar"))
    page = text(admin.get("/admin/holidays?year=2026"))
    assert "2026年 <span class=\"badge text-bg-light\">2</span>" in page
    assert "系统内置" in page and "周四" in page  # 2026-01-01 is a Thursday


def test_it_warns_while_next_year_is_missing(admin, app, users):
    add(app, (date(2026, 1, 1), False, "元旦", "chinesecalendar"))
    page = text(admin.get("/admin/holidays"))
    assert "2027年节假日尚未录入" in page and "2026年节假日尚未录入" not in page
    add(app, (date(2027, 1, 1), False, "元旦", "admin"))
    assert "尚未录入" not in text(admin.get("/admin/holidays"))


@pytest.mark.parametrize("day", ["2027-02-30", "2027-13-01", "明年元旦", "", "1899-01-01"])
def test_it_refuses_a_bad_date_with_a_field_message(admin, app, users, day):
    response = admin.post("/admin/holidays", data={"day": day, "is_workday": "0", "name": "x"})
    page = text(response)
    assert response.status_code == 200 and "未保存" in page
    assert "日期无效" in page or "请输入日期" in page or "年份应在" in page
    assert count(app, Holiday) == 0


def test_it_refuses_a_date_already_entered_and_a_bad_kind(admin, app, users):
    add(app, (date(2027, 1, 1), False, "元旦", "admin"))
    page = text(admin.post("/admin/holidays",
                           data={"day": "2027-01-01", "is_workday": "2", "name": "x" * 31}))
    for message in ("已有记录", "请选择“放假”或“调休上班”", "名称不能超过30个字"):
        assert message in page
    assert count(app, Holiday) == 1


def test_it_falls_back_to_this_year_for_a_bad_year(admin, users):
    for year in ("abc", "99999", "-1"):
        page = text(admin.get(f"/admin/holidays?year={year}"))
        assert "2026年：共 0 条" in page


def test_it_forbids_a_staff_member(login_as, app, users):
    client = login_as("alice")
    data = {"day": "2027-01-01", "is_workday": "0", "name": "元旦"}
    assert client.post("/admin/holidays", data=data).status_code == 403
    assert count(app, Holiday) == 0
