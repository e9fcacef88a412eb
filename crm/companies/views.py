"""Company list, detail page, create and edit (with the credit-code check and duplicate warning)."""


import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm.exc import StaleDataError

from crm import pagination
from crm.access import can_see_contact_details, roles_required
from crm.audit import record_event
from crm.companies.blueprint import bp
from crm.companies.forms import CONFLICT, CompanyForm, is_ranking
from crm.companies.queries import (
    CONFIDENTIAL_HIT,
    PAGE_SIZE,
    Filters,
    count,
    duplicates,
    filtered,
    grouped,
    history,
    latest_change,
    page_of,
    readable_project_counts,
    readable_projects,
)
from crm.extensions import db
from crm.models import Company, CompanyFlag, CompanyFormerName, DictItem, DictKind, Role, utcnow
from crm.names import normalise_company_name

READERS = (Role.leader, Role.staff, Role.liaison, Role.admin)
# Company master data and contacts are written by staff (DESIGN.md access table); merges by
# admins and by staff who own a project of either company (crm/companies/merge.py).
EDITORS = (Role.staff,)
MERGERS = (Role.staff, Role.admin)
HISTORY_READERS = (Role.leader, Role.admin)
_FILTER_KINDS = (DictKind.nature, DictKind.cluster, DictKind.company_flag)


def get_company(company_id: int) -> Company:
    company = db.session.get(Company, company_id)
    if company is None:
        abort(404)
    return company


def dict_items() -> dict[DictKind, list[DictItem]]:
    rows = db.session.scalars(sa.select(DictItem).where(DictItem.kind.in_(_FILTER_KINDS))
                              .order_by(DictItem.sort_order, DictItem.id))
    items = {kind: [] for kind in _FILTER_KINDS}
    for item in rows:
        items[item.kind].append(item)
    return items


@bp.get("")
@roles_required(*READERS)
def index():
    filters = Filters.from_args(request.args)
    query = filtered(filters)
    total = count(filters, query)
    shown = pagination.page(filters.page, total, PAGE_SIZE)
    filters.page = shown.number
    companies = page_of(query, shown.offset)
    counts = readable_project_counts(current_user, [company.id for company in companies])
    return render_template("companies/index.html", companies=companies, counts=counts,
                           total=total, pages=shown.pages, filters=filters, items=dict_items(),
                           can_edit=current_user.role in EDITORS)


@bp.get("/<id:company_id>")
@roles_required(*READERS)
def detail(company_id: int):
    company = get_company(company_id)
    show_history = current_user.role in HISTORY_READERS
    details = can_see_contact_details(current_user, company)
    labels = {item.id: item.label for items in dict_items().values() for item in items}
    return render_template(
        "companies/detail.html", company=company,
        projects=readable_projects(current_user, company.id),
        history=grouped(history(company, contacts=details), labels) if show_history else None,
        can_edit=current_user.role in EDITORS, can_merge=current_user.role in MERGERS,
        contact_details=details,
        project_pages="projects.detail" in current_app.view_functions)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new():
    form = CompanyForm()
    form.confirm_duplicate.label.text = "仍然新建"
    found = []
    if form.is_submitted():
        valid = form.validate()
        # Warn of duplicates even while other fields still need fixing.
        found = [] if form.name.errors else _check_duplicates(form, None)
        if valid and not form.errors:
            company = Company()
            _apply(form, company)
            db.session.add(company)
            if _commit(form) == "ok":
                flash(f"已新建企业「{company.name}」", "success")
                return redirect(url_for("companies.detail", company_id=company.id))
    return render_template("companies/form.html", form=form, company=None, duplicates=found,
                           confidential_hit=CONFIDENTIAL_HIT)


@bp.route("/<id:company_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(company_id: int):
    company = get_company(company_id)
    form = CompanyForm(company=company, **_initial(company))
    found, conflict = [], None
    if form.is_submitted():
        valid = form.validate()
        if valid and form.version.data != company.version:
            conflict = _conflict(form, company)
        elif not form.name.errors:
            found = _check_duplicates(form, company)
        if valid and not form.errors and conflict is None:
            _apply(form, company)
            outcome = _commit(form)
            if outcome == "ok":
                flash(f"已保存企业「{company.name}」", "success")
                return redirect(url_for("companies.detail", company_id=company.id))
            if outcome == "stale":
                conflict = _conflict(form, get_company(company_id))
    status = 409 if conflict else 200
    return render_template("companies/form.html", form=form, company=company, duplicates=found,
                           conflict=conflict, confidential_hit=CONFIDENTIAL_HIT), status


def _commit(form: CompanyForm) -> str:
    """Commit; a lost race is answered like a stale form or a taken credit code."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return "stale"
    except sa.exc.IntegrityError:
        db.session.rollback()
        form.uscc.errors.append("该信用代码刚被其他企业使用，请核对")
        return "taken"
    return "ok"


def _initial(company: Company) -> dict:
    years = [flag.list_year for flag in company.flags if flag.list_year and is_ranking(flag.flag)]
    return dict(
        name=company.name, uscc=company.uscc or "",
        uscc_override_reason=company.uscc_override_reason,
        nature_id=company.nature_id or 0, cluster_id=company.cluster_id or 0,
        industry_code=company.industry_code, origin=company.origin,
        parent_group=company.parent_group, website=company.website,
        note=company.note, flags=[flag.flag_id for flag in company.flags],
        list_year=max(years) if years else None, version=company.version)


def _check_duplicates(form: CompanyForm, company: Company | None) -> list:
    """A credit code in use is an error; a name like another company's needs a confirmation."""
    renamed = company is None or (normalise_company_name(form.name.data)
                                  != normalise_company_name(company.name))
    code = form.uscc_check.code if form.uscc_check else None
    found = duplicates(current_user, form.name.data if renamed else None, code,
                       exclude_id=company.id if company else None)
    for hit in found:
        if hit.by_uscc:
            link = url_for("companies.detail", company_id=hit.company.id)
            form.uscc.errors.append(Markup('该信用代码已登记为企业<a href="{}">「{}」</a>，'
                                           "请勿重复新建").format(link, hit.company.name))
    if any(hit.by_name for hit in found) and not form.confirm_duplicate.data:
        form.confirm_duplicate.errors.append(
            f"发现名称相近的企业，请核对下方列表；确属不同企业请勾选“{form.confirm_duplicate.label.text}”")
    return found


def _apply(form: CompanyForm, company: Company) -> None:
    """Whitelisted assignment from the form; flags are synced and a rename keeps the old name."""
    if company.id is not None and company.name != form.name.data:
        company.former_names.append(CompanyFormerName(name=company.name, until=utcnow().date()))
    check = form.uscc_check
    company.name = form.name.data
    company.uscc = check.code if check else None
    company.uscc_override_reason = (form.uscc_override_reason.data
                                    if check and check.checksum_failed else "")
    company.nature_id = form.nature_id.data or None
    company.cluster_id = form.cluster_id.data or None
    company.industry_code, company.origin = form.industry_code.data, form.origin.data
    company.parent_group = form.parent_group.data
    company.website, company.note = form.website.data, form.note.data
    company.updated_at = utcnow()  # bumps the version even when only the flags change
    _sync_flags(form, company)


def _sync_flags(form: CompanyForm, company: Company) -> None:
    wanted, ranking = set(form.flags.data or []), form.ranking_flags()
    before = {flag.flag_id: flag for flag in company.flags}
    for flag_id, flag in before.items():
        if flag_id not in wanted:
            company.flags.remove(flag)
        elif flag_id in ranking:
            flag.list_year = form.list_year.data
    for flag_id in sorted(wanted - set(before)):
        company.flags.append(CompanyFlag(
            flag_id=flag_id, list_year=form.list_year.data if flag_id in ranking else None))
    # 上市 is asked once, as the 上市公司 tag; the column the figures filter by follows it.
    listed = {item.id for item in dict_items()[DictKind.company_flag] if item.code == "listed"}
    company.listed = bool(wanted & listed)
    if company.id is not None and set(before) != wanted:
        names = {item.id: item.label for item in dict_items()[DictKind.company_flag]}
        old = "、".join(names.get(i, str(i)) for i in sorted(before)) or "无"
        new = "、".join(names.get(i, str(i)) for i in sorted(wanted)) or "无"
        record_event(current_user, "companies", company.id, "flags", detail=f"标签：{old} → {new}")


def _conflict(form: CompanyForm, company: Company) -> dict:
    """What the other person saved: their name and time, and each field that now differs."""
    form.form_errors.append(CONFLICT)
    current = _initial(company)
    labels = {item.id: item.label for items in dict_items().values() for item in items}
    rows = []
    for name in ("name", "uscc", "nature_id", "cluster_id", "industry_code", "origin",
                 "parent_group", "website", "note", "flags"):
        mine, theirs = form[name].data, current[name]
        if name == "flags":
            mine, theirs = sorted(mine or []), sorted(theirs)
        if (mine or None) != (theirs or None):
            rows.append((form[name].label.text, _shown(mine, labels), _shown(theirs, labels)))
    return {"latest": latest_change(company), "rows": rows}


def _shown(value, labels: dict) -> str:
    if isinstance(value, list):
        return "、".join(labels.get(v, str(v)) for v in value) or "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int) and value in labels:
        return labels[value]
    return str(value) if value not in (None, "", 0) else "（空）"
