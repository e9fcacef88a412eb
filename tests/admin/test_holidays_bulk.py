"""POST /admin/holidays/bulk: one line per day; any bad line saves nothing."""

from datetime import date

from crm.models import Holiday
from tests.admin.conftest import count, text

LINES_2027 = """2027-01-01 放假 元旦

2027-02-07 上班 春节调休
２０２７-０２-０８ 放假 春节
2027/2/20 班 春节调休
"""


def test_it_enters_every_line(admin, app, users, get):
    response = admin.post("/admin/holidays/bulk", data={"lines": LINES_2027})
    assert response.location.endswith("/admin/holidays?year=2027")
    assert count(app, Holiday) == 4
    assert get(Holiday, date(2027, 2, 8)).name == "春节"  # full-width digits accepted
    assert get(Holiday, date(2027, 2, 20)).is_workday is True


def test_it_reports_line_numbers_and_saves_nothing(admin, app, users):
    lines = LINES_2027 + "2027-02-30 放假 春节\n2027-10-01 休假 国庆\n2027-01-01 放假 元旦\n"
    response = admin.post("/admin/holidays/bulk", data={"lines": lines})
    page = text(response)
    assert "第6行：日期“2027-02-30”无效" in page
    assert "第7行：类型“休假”无效" in page
    assert "第8行：2027-01-01 与第1行重复" in page
    assert "未保存任何记录" in page and count(app, Holiday) == 0


def test_it_refuses_a_date_already_in_the_calendar(admin, users, app):
    admin.post("/admin/holidays", data={"day": "2027-02-08", "is_workday": "0", "name": "春节"})
    page = text(admin.post("/admin/holidays/bulk", data={"lines": LINES_2027}))
    assert "第4行：2027-02-08 已有记录" in page and count(app, Holiday) == 1


def test_it_refuses_empty_input(admin, users, app):
    assert "请至少输入一行" in text(admin.post("/admin/holidays/bulk", data={"lines": " \n "}))
    assert count(app, Holiday) == 0


def test_it_forbids_a_leader(login_as, users, app):
    client = login_as("leader")
    assert client.post("/admin/holidays/bulk", data={"lines": LINES_2027}).status_code == 403
    assert count(app, Holiday) == 0
