"""Units (责任单位): list, create, edit; a unit still referenced is deactivated, not deleted."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from crm.access import readable_clause, roles_required
from crm.admin.blueprint import bp
from crm.admin.forms import OrgForm, commit_or_error
from crm.extensions import db
from crm.models import Activity, Org, OrgKind, Project, Role, Target, User

DUPLICATE = "已有同名单位"


def _count(column, *where):
    return (sa.select(sa.func.count()).where(column == Org.id, *where).correlate(Org)
            .scalar_subquery())


def _in_use(org: Org, refusing: bool = False) -> str:
    """What still uses the unit, for the admin: "还有2个用户、1个项目在用", or "" when nothing
    does. Projects the admin may not read keep the unit from being deleted all the same: the
    refusal, where the admin must act, adds "（另有1个保密项目）", a bare count; pages that
    merely show the unit never tell of them."""
    def count(column, *where) -> int:
        return db.session.scalar(sa.select(sa.func.count()).where(column == org.id, *where))

    readable = count(Project.org_id, readable_clause(current_user))
    hidden = count(Project.org_id) - readable  # not NOT(readable): NULL owners make it NULL
    parts = [f"{found}{unit}" for found, unit in (
        (count(User.org_id), "个用户"), (readable, "个项目"),
        (count(Activity.organiser_org_id), "个活动"), (count(Target.org_id), "个目标")) if found]
    secret = f"另有{hidden}个保密项目" if hidden and refusing else ""
    if not parts:
        return f"{secret}在用" if secret else ""
    return f"还有{'、'.join(parts)}在用" + (f"（{secret}）" if secret else "")


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
        sa.select(Org, _count(User.org_id).label("users"),
                  _count(Project.org_id, readable_clause(current_user)).label("projects"))
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


@bp.route("/orgs/<id:org_id>/edit", methods=["GET", "POST"])
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
    return render_template("admin/org_form.html", form=form, org=org, in_use=_in_use(org))


@bp.post("/orgs/<id:org_id>/delete")
@roles_required(Role.admin)
def org_delete(org_id: int):
    org = _get_org(org_id)
    in_use = _in_use(org, refusing=True)
    if in_use:
        org.active = False
        flash(f"「{org.name}」{in_use}，不能删除，已改为停用", "warning")
    else:
        db.session.delete(org)
        flash(f"已删除单位「{org.name}」", "success")
    db.session.commit()
    return redirect(url_for("admin.orgs"))
