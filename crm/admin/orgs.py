"""Units (责任单位): list, create, edit; a unit still referenced is deactivated, not deleted."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for

from crm.access import roles_required
from crm.admin import bp
from crm.admin.forms import OrgForm, commit_or_error
from crm.extensions import db
from crm.models import Activity, Org, OrgKind, Project, Role, Target, User

DUPLICATE = "已有同名单位"


def _count(column):
    return (sa.select(sa.func.count()).where(column == Org.id).correlate(Org)
            .scalar_subquery())


def _references(org: Org) -> int:
    """How many users, projects, activities and targets point at the unit."""
    total = 0
    for column in (User.org_id, Project.org_id, Activity.organiser_org_id, Target.org_id):
        total += db.session.scalar(sa.select(sa.func.count()).where(column == org.id))
    return total


def _get_org(org_id: int) -> Org:
    org = db.session.get(Org, org_id)
    if org is None:
        abort(404)
    return org


def _assign(org: Org, form: OrgForm) -> None:
    org.name, org.kind = form.name.data, OrgKind(form.kind.data)
    org.sort_order, org.active = form.sort_order.data or 0, form.active.data


@bp.get("/orgs")
@roles_required(Role.admin)
def orgs():
    rows = db.session.execute(
        sa.select(Org, _count(User.org_id).label("users"), _count(Project.org_id).label("projects"))
        .order_by(Org.active.desc(), Org.sort_order, Org.name)).all()
    return render_template("admin/orgs.html", rows=rows)


@bp.route("/orgs/new", methods=["GET", "POST"])
@roles_required(Role.admin)
def org_new():
    form = OrgForm()
    if form.validate_on_submit():
        org = Org()
        _assign(org, form)
        db.session.add(org)
        if commit_or_error(form.name, DUPLICATE):
            flash(f"已添加单位「{org.name}」", "success")
            return redirect(url_for("admin.orgs"))
    return render_template("admin/org_form.html", form=form, org=None)


@bp.route("/orgs/<int(max=2147483647):org_id>/edit", methods=["GET", "POST"])
@roles_required(Role.admin)
def org_edit(org_id: int):
    org = _get_org(org_id)
    form = OrgForm(org_id=org.id, name=org.name, kind=org.kind.value,
                   sort_order=org.sort_order, active=org.active)
    if form.validate_on_submit():
        _assign(org, form)
        if commit_or_error(form.name, DUPLICATE):
            flash(f"已保存单位「{org.name}」", "success")
            return redirect(url_for("admin.orgs"))
    return render_template("admin/org_form.html", form=form, org=org,
                           references=_references(org))


@bp.post("/orgs/<int(max=2147483647):org_id>/delete")
@roles_required(Role.admin)
def org_delete(org_id: int):
    org = _get_org(org_id)
    if _references(org):
        org.active = False
        flash(f"「{org.name}」已被用户、项目、活动或目标引用，不能删除，已改为停用", "warning")
    else:
        db.session.delete(org)
        flash(f"已删除单位「{org.name}」", "success")
    db.session.commit()
    return redirect(url_for("admin.orgs"))
