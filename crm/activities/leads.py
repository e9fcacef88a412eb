"""Companies met and leads raised at an activity, several rows in one form.

Every filled row is checked first (credit code, the duplicate check of the company pages,
the confidential-project warning); only when all rows pass is anything saved.
"""

import re

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm.access import roles_required
from crm.activities.blueprint import bp
from crm.activities.forms import DEFAULT_ROWS, MAX_ROWS, LeadsForm
from crm.activities.views import LEAD_RAISERS, get_activity
from crm.companies.queries import CONFIDENTIAL_HIT, duplicates
from crm.extensions import db
from crm.forms import query_int
from crm.models import (
    Activity,
    Company,
    DictItem,
    DictKind,
    Project,
    ProjectInvestor,
    Role,
)
from crm.names import normalise_company_name
from crm.projects import lifecycle

# Activity types whose leads count under the 云招商 channel.
CLOUD_ACTIVITIES = {"cloud_promo", "cloud_talk", "cloud_sign"}
CLOUD_CHANNEL = "cloud"
RACE = "有企业的信用代码刚被他人登记，未保存；请重新提交以关联已登记的企业"
CONFIRM_HINT = "确需录入，请勾选“已知悉，仍然录入”"
_SUFFIX = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团)+$")

ADD_ROWS = "add_rows"  # the name of the 再加5行 button


@bp.route("/<id:activity_id>/leads", methods=["GET", "POST"])
@roles_required(*LEAD_RAISERS)
def leads(activity_id: int):
    activity = get_activity(activity_id)
    form = LeadsForm()
    if not form.is_submitted():
        rows = query_int(request.args.get("rows"), digits=3) or DEFAULT_ROWS
        while len(form.rows) < min(max(rows, DEFAULT_ROWS), MAX_ROWS):
            form.rows.append_entry()
    elif ADD_ROWS in request.form:
        # 再加5行 clicked before the page's script took it over: the rows come back with what
        # was typed in them, and five blank ones; nothing is checked or saved yet.
        for _ in range(min(5, MAX_ROWS - len(form.rows))):
            form.rows.append_entry()
        return _page(form, activity)
    if form.validate_on_submit():
        companies = _resolve(form.filled())
        if companies is not None:
            for row, company in companies:
                _raise_lead(activity, row, company)
            try:
                db.session.commit()
            except sa.exc.IntegrityError:  # a credit code registered meanwhile by someone else
                db.session.rollback()
                form.rows[0].form.uscc.errors = [RACE]
            else:
                flash(f"已录入{len(companies)}条线索", "success")
                return redirect(url_for("activities.detail", activity_id=activity.id))
    return _page(form, activity)


def _page(form: LeadsForm, activity):
    return render_template("activities/leads.html", form=form, activity=activity,
                           max_rows=MAX_ROWS, add_rows=ADD_ROWS)


def _resolve(rows) -> list | None:
    """(row, company) for every row — an existing company or a new one — or None if any row
    has an error (set on its fields)."""
    resolved, seen, ok = [], {}, True
    for number, row in enumerate(rows, start=1):
        company = _company_for(row)
        if company is None:
            ok = False
            continue
        key = company.id or normalise_company_name(company.name)
        if key in seen:
            row.company.errors.append(f"与第{seen[key]}个填写的企业相同，请合并为一行")
            ok = False
        seen.setdefault(key, number)
        resolved.append((row, company))
    return resolved if ok else None


def _company_for(row) -> Company | None:
    code = row.uscc.data or None  # checked and normalised by the row form
    found = duplicates(current_user, row.company.data or None, code)
    match = next((hit for hit in found if hit.by_uscc), None) or next(iter(found), None)
    if match is None:
        if not row.company.data:
            row.company.errors.append("未找到该信用代码对应的企业，请填写企业名称")
            return None
        return Company(name=row.company.data, uscc=code)
    if match.confidential and not row.confirm.data:
        row.company.errors.append(CONFIDENTIAL_HIT)
        row.confirm.errors.append(CONFIRM_HINT)
        return None
    return match.company


def _raise_lead(activity: Activity, row, company: Company) -> None:
    day, staff = activity.held_on, current_user.role == Role.staff
    short = _SUFFIX.sub("", company.name) or company.name
    project = Project(
        name=row.project_name.data or f"{short}项目"[:200],
        channel_id=_channel_for(activity), activity_id=activity.id,
        description=row.intention.data, total_investment=row.estimate.amount,
        owner_id=current_user.id if staff else None, org_id=current_user.org_id,
        first_contact_by_id=current_user.id, last_contact_at=day)
    project.investors = [ProjectInvestor(company=company, is_lead=True)]
    lifecycle.create(project, by=current_user, lead_on=day, note=f"招商活动「{activity.title}」")


def _channel_for(activity: Activity) -> int | None:
    if activity.kind.code not in CLOUD_ACTIVITIES:
        return None
    return db.session.scalar(sa.select(DictItem.id).where(
        DictItem.kind == DictKind.channel, DictItem.code == CLOUD_CHANNEL))
