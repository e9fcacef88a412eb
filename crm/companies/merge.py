"""Merge a duplicate company into the one kept: contacts, projects, names and flags move over."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm.access import can_merge_companies, roles_required
from crm.audit import record_event
from crm.companies.blueprint import bp
from crm.companies.forms import MergeForm
from crm.companies.views import MERGERS, get_company
from crm.extensions import db
from crm.forms import MAX_ID, parse_int
from crm.models import Company, CompanyFormerName, ProjectInvestor, utcnow
from crm.names import normalise_company_name

_FILLABLE = ("nature_id", "cluster_id", "industry_code", "origin", "parent_group", "website")


def candidates(keep: Company, q: str) -> list[Company]:
    """Companies to offer: those matching the search text, else those with the same name key."""
    query = sa.select(Company).where(Company.id != keep.id).order_by(Company.name).limit(50)
    if q:
        return list(db.session.scalars(query.where(sa.or_(
            Company.name.contains(q, autoescape=True), Company.uscc == q.upper(),
            Company.id == (parse_int(q, minimum=1, maximum=MAX_ID) or -1)))))
    key = normalise_company_name(keep.name)
    return list(db.session.scalars(query.where(Company.name_normalized == key)))


@bp.route("/<id:company_id>/merge", methods=["GET", "POST"])
@roles_required(*MERGERS)
def merge(company_id: int):
    keep = get_company(company_id)
    q = (request.args.get("q") or "").replace("\x00", "").strip()[:50]
    form = MergeForm(keep_id=keep.id)
    offered = candidates(keep, q)
    form.merge_id.choices = [("", "请选择…")] + [
        (str(c.id), f"{c.name}（ID {c.id}{'，' + c.uscc if c.uscc else ''}）") for c in offered]
    if form.validate_on_submit():
        gone = form.target
        if can_merge_companies(current_user, keep, gone):
            detail = f"合并了 {gone.name}（ID {gone.id}）"
            merge_into(keep, gone)
            record_event(current_user, "companies", keep.id, "merge", detail=detail)
            db.session.commit()
            flash(f"已将「{gone.name}」合并到本企业", "success")
            return redirect(url_for("companies.detail", company_id=keep.id))
        form.merge_id.errors.append("只有负责其中一家企业项目的局干部或管理员可以合并；"
                                    "请联系该企业项目的负责人")
    return render_template("companies/merge.html", form=form, company=keep, q=q,
                           offered=offered)


def merge_into(keep: Company, gone: Company) -> None:
    """Move everything of `gone` onto `keep` and delete `gone`; the caller commits."""
    for contact in list(gone.contacts):
        contact.company = keep
    _move_investors(keep, gone)
    known = {keep.name} | {former.name for former in keep.former_names}
    for former in list(gone.former_names):
        if former.name not in known:
            former.company = keep
            known.add(former.name)
    if gone.name not in known:
        keep.former_names.append(CompanyFormerName(name=gone.name, until=utcnow().date()))
    kept_flags = {flag.flag_id: flag for flag in keep.flags}
    for flag in list(gone.flags):
        if flag.flag_id not in kept_flags:
            flag.company = keep
        elif kept_flags[flag.flag_id].list_year is None:
            kept_flags[flag.flag_id].list_year = flag.list_year
    for name in _FILLABLE:
        if not getattr(keep, name):
            setattr(keep, name, getattr(gone, name))
    keep.listed = keep.listed or gone.listed
    code, reason = gone.uscc, gone.uscc_override_reason
    keep.updated_at = utcnow()
    db.session.delete(gone)
    db.session.flush()  # the credit code is unique: free it before the kept company takes it
    if keep.uscc is None and code:
        keep.uscc, keep.uscc_override_reason = code, reason


def _move_investors(keep: Company, gone: Company) -> None:
    rows = db.session.scalars(sa.select(ProjectInvestor).where(
        ProjectInvestor.company_id.in_((keep.id, gone.id)))).all()
    kept = {row.project_id: row for row in rows if row.company_id == keep.id}
    for row in rows:
        if row.company_id != gone.id:
            continue
        if row.project_id in kept:
            # The project already has the kept company: one row, still the lead if either was.
            kept[row.project_id].is_lead = kept[row.project_id].is_lead or row.is_lead
            db.session.delete(row)
        else:
            row.company_id = keep.id
