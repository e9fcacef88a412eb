"""Holiday calendar: chinesecalendar covers 2004-2026, later years are entered here."""

from datetime import date, datetime

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for

from crm.access import roles_required
from crm.admin.blueprint import bp
from crm.admin.forms import (
    HOLIDAY_YEARS,
    HolidayBulkForm,
    HolidayEditForm,
    HolidayForm,
    commit_or_error,
)
from crm.domain import workdays
from crm.extensions import db
from crm.localtime import SHANGHAI
from crm.models import Holiday, Role

SOURCES = {"chinesecalendar": "系统内置", "admin": "管理员录入"}
WEEKDAYS = "一二三四五六日"


def today() -> date:
    return datetime.now(SHANGHAI).date()


def year_counts() -> dict[int, int]:
    year = sa.extract("year", Holiday.day)
    rows = db.session.execute(sa.select(year, sa.func.count()).group_by(year).order_by(year))
    return {int(y): n for y, n in rows}


def holiday_warnings(years: set[int] | None = None) -> list[tuple[int, str]]:
    """(year, "2027年节假日尚未录入...") for this year, and next year once in Q4, if empty."""
    years = set(year_counts()) if years is None else years
    missing = workdays.uncovered_years(years, today())
    return list(zip(missing, workdays.uncovered_warnings(years, today()), strict=True))


def _get_holiday(day: str) -> Holiday:
    try:
        holiday = db.session.get(Holiday, date.fromisoformat(day))
    except ValueError:
        holiday = None
    if holiday is None:
        abort(404)
    return holiday


def _render_list(form: HolidayForm, year: int):
    counts = year_counts()
    rows = db.session.scalars(sa.select(Holiday).where(
        Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31))
        .order_by(Holiday.day)).all()
    return render_template(
        "admin/holidays.html", form=form, year=year, rows=rows, counts=counts,
        holiday_warnings=holiday_warnings(set(counts)), sources=SOURCES, weekdays=WEEKDAYS)


@bp.route("/holidays", methods=["GET", "POST"])
@roles_required(Role.admin)
def holidays():
    year = request.args.get("year", type=int)
    if year not in HOLIDAY_YEARS:
        year = today().year
    form = HolidayForm()
    if form.validate_on_submit():
        holiday = Holiday(day=form.day.data, is_workday=form.is_workday.data == "1",
                          name=form.name.data, source="admin")
        db.session.add(holiday)
        if commit_or_error(form.day, "该日期已有记录，请修改原记录"):
            kind = "调休上班" if holiday.is_workday else "放假"
            flash(f"已录入 {holiday.day.isoformat()} {kind} {holiday.name}", "success")
            return redirect(url_for("admin.holidays", year=holiday.day.year))
    return _render_list(form, year)


@bp.route("/holidays/bulk", methods=["GET", "POST"])
@roles_required(Role.admin)
def holidays_bulk():
    form = HolidayBulkForm()
    if form.validate_on_submit():
        for _number, day, is_workday, name in form.entries:
            db.session.add(Holiday(day=day, is_workday=is_workday, name=name, source="admin"))
        if commit_or_error(form.lines, "其中有日期刚被他人录入，请刷新后重试"):
            flash(f"已录入{len(form.entries)}条节假日安排", "success")
            return redirect(url_for("admin.holidays", year=form.entries[0][1].year))
    return render_template("admin/holidays_bulk.html", form=form, year=today().year + 1)


@bp.route("/holidays/<day>/edit", methods=["GET", "POST"])
@roles_required(Role.admin)
def holiday_edit(day: str):
    holiday = _get_holiday(day)
    form = HolidayEditForm(is_workday="1" if holiday.is_workday else "0", name=holiday.name)
    if form.validate_on_submit():
        holiday.is_workday = form.is_workday.data == "1"
        holiday.name = form.name.data
        holiday.source = "admin"
        db.session.commit()
        flash(f"已保存 {holiday.day.isoformat()}", "success")
        return redirect(url_for("admin.holidays", year=holiday.day.year))
    return render_template("admin/holiday_form.html", form=form, holiday=holiday,
                           weekdays=WEEKDAYS)


@bp.post("/holidays/<day>/delete")
@roles_required(Role.admin)
def holiday_delete(day: str):
    holiday = _get_holiday(day)
    db.session.delete(holiday)
    db.session.commit()
    flash(f"已删除 {holiday.day.isoformat()} {holiday.name}", "success")
    return redirect(url_for("admin.holidays", year=holiday.day.year))
