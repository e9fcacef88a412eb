"""Dictionaries: data kinds are added to, renamed, reordered and retired; enum kinds
(stage, status, screening) have fixed codes in crm.domain.stages, so only their labels change."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for

from crm.access import roles_required
from crm.admin.blueprint import bp
from crm.admin.forms import DictItemForm, commit_or_error
from crm.extensions import db
from crm.models import DictItem, DictKind, Role

FIXED = "「{}」为系统固定项，只能修改名称，不能新增或停用"


def _kind(kind: str) -> DictKind:
    try:
        return DictKind(kind)
    except ValueError:
        abort(404)


def _get_item(kind: DictKind, item_id: int) -> DictItem:
    item = db.session.get(DictItem, item_id)
    if item is None or item.kind != kind:
        abort(404)
    return item


def _new_code(kind: DictKind) -> str:
    codes = set(db.session.scalars(sa.select(DictItem.code).where(DictItem.kind == kind)))
    number = len(codes) + 1
    while f"custom_{number}" in codes:
        number += 1
    return f"custom_{number}"


def _items(kind: DictKind):
    return db.session.scalars(sa.select(DictItem).where(DictItem.kind == kind)
                              .order_by(DictItem.sort_order, DictItem.id)).all()


@bp.get("/dictionaries")
@roles_required(Role.admin)
def dictionaries():
    counts = dict(db.session.execute(
        sa.select(DictItem.kind, sa.func.count()).where(DictItem.active.is_(True))
        .group_by(DictItem.kind)).all())
    return render_template("admin/dictionaries.html", kinds=list(DictKind), counts=counts)


@bp.route("/dictionaries/<kind>", methods=["GET", "POST"])
@roles_required(Role.admin)
def dictionary(kind: str):
    kind = _kind(kind)
    form = DictItemForm(kind=kind)
    if form.validate_on_submit():
        if kind.is_enum:
            flash(FIXED.format(kind.label), "danger")
            return redirect(url_for("admin.dictionary", kind=kind.value))
        items = _items(kind)
        default_order = max((i.sort_order for i in items), default=-1) + 1
        item = DictItem(kind=kind, code=form.code.data or _new_code(kind), label=form.label.data,
                        sort_order=default_order if form.sort_order.data is None
                        else form.sort_order.data)
        db.session.add(item)
        if commit_or_error(form.code, "该代码已被使用"):
            flash(f"已添加「{item.label}」", "success")
            return redirect(url_for("admin.dictionary", kind=kind.value))
    return render_template("admin/dictionary.html", kind=kind, items=_items(kind), form=form)


@bp.route("/dictionaries/<kind>/<id:item_id>/edit", methods=["GET", "POST"])
@roles_required(Role.admin)
def dict_item_edit(kind: str, item_id: int):
    kind = _kind(kind)
    item = _get_item(kind, item_id)
    form = DictItemForm(kind=kind, item_id=item.id, label=item.label, code=item.code,
                        sort_order=item.sort_order)
    if form.validate_on_submit():
        item.label = form.label.data
        if not kind.is_enum and form.sort_order.data is not None:
            item.sort_order = form.sort_order.data
        db.session.commit()
        flash(f"已保存「{item.label}」", "success")
        return redirect(url_for("admin.dictionary", kind=kind.value))
    return render_template("admin/dict_item_form.html", kind=kind, item=item, form=form)


@bp.post("/dictionaries/<kind>/<id:item_id>/toggle")
@roles_required(Role.admin)
def dict_item_toggle(kind: str, item_id: int):
    kind = _kind(kind)
    item = _get_item(kind, item_id)
    if kind.is_enum:
        flash(FIXED.format(kind.label), "danger")
    else:
        item.active = not item.active
        db.session.commit()
        flash(f"已{'启用' if item.active else '停用'}「{item.label}」", "success")
    return redirect(url_for("admin.dictionary", kind=kind.value))
