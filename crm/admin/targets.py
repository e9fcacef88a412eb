"""年度目标: the county's and each unit's yearly targets, one table of cells per year.

A blank cell is no target. A save is all or nothing: one bad cell keeps every row as it was.
Each cell also carries the value it was loaded with, so a cell another admin changed in the
meantime is reported on that cell instead of being overwritten.
"""

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import StopValidation

from crm.access import roles_required
from crm.admin.blueprint import bp
from crm.admin.forms import AdminForm
from crm.domain.money import format_yi, yuan_to_yi
from crm.extensions import db
from crm.forms import MoneyField, clean, no_nul, parse_int
from crm.localtime import today
from crm.models import AuditLog, Org, Role, Target, TargetMetric

YEARS = range(2000, 2101)
MAX_COUNT = 9999
AMOUNTS = frozenset({TargetMetric.signed_amount, TargetMetric.funds_arrived})
COUNTY = "全县"
CONFLICT = "目标已被他人修改，请核对标红的格子后重新保存"
RACE = "有目标刚被他人保存，未保存任何修改，请刷新页面后重新填写"


def yi_exact(yuan: int) -> str:
    """亿 with two decimals, more where needed: parse_money(yi_exact(x), "亿元") == x."""
    yi = Decimal(yuan).scaleb(-8)
    cents = yi.quantize(Decimal("0.01"))
    return format(cents if cents == yi else yi.normalize(), "f")


class CountCell(StringField):
    """A number of projects: blank (no target) or a whole number up to MAX_COUNT."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, filters=[clean], validators=[no_nul], **kwargs)
        self.value = None

    def process_data(self, value):
        self.value = value
        self.data = "" if value is None else str(value)

    def pre_validate(self, form):
        self.value = None
        if not self.data:
            return
        number = parse_int(self.data)
        if number is None and self.data.isascii() and self.data.isdigit():
            number = MAX_COUNT + 1  # too many digits for any integer column
        if number is None:
            raise StopValidation("项目数应为整数，如 18")
        if number < 0:
            raise StopValidation("项目数不能为负数")
        if number > MAX_COUNT:
            raise StopValidation(f"项目数不能超过{MAX_COUNT}")
        self.value = number


class AmountCell(MoneyField):
    """An amount typed in 亿元 (or as 20亿, 5000万), stored in 元, shown losslessly in 亿."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, unit="亿元", validators=[no_nul], **kwargs)

    def process_data(self, value):
        super().process_data(value)
        if value is not None:
            self.data = yi_exact(value)

    @property
    def value(self) -> int | None:
        return self.amount


class TargetsForm(AdminForm):
    submit = SubmitField("保存目标")


@dataclass
class Row:
    org: Org | None  # None: the county

    @property
    def org_id(self) -> int | None:
        return self.org.id if self.org else None

    @property
    def label(self) -> str:
        return self.org.name if self.org else COUNTY

    def cell(self, metric: TargetMetric) -> str:
        return f"t_{self.org_id or 'county'}_{metric.value}"

    def loaded(self, metric: TargetMetric) -> str:
        return "was_" + self.cell(metric)


def _year() -> int | None:
    """The year asked for; this year when none is; None for one that is not a year."""
    asked = request.args.get("year")
    return today().year if asked is None else parse_int(asked, minimum=YEARS.start,
                                                        maximum=YEARS.stop - 1)


def _rows(year: int) -> list[Row]:
    # Active units, and a retired one that still has a target this year (so it can be cleared).
    has_target = sa.select(Target.org_id).where(Target.year == year,
                                                Target.org_id.is_not(None))
    orgs = db.session.scalars(sa.select(Org).where(
        sa.or_(Org.active.is_(True), Org.id.in_(has_target)))
        .order_by(Org.sort_order, Org.name)).all()
    return [Row(None), *(Row(org) for org in orgs)]


def _stored(year: int) -> dict[tuple[int | None, TargetMetric], Target]:
    return {(t.org_id, t.metric): t for t in db.session.scalars(
        sa.select(Target).where(Target.year == year).order_by(Target.id))}


def _form(rows: list[Row], stored: dict) -> TargetsForm:
    fields, data = {}, {}
    for row in rows:
        for metric in TargetMetric:
            cell = AmountCell if metric in AMOUNTS else CountCell
            fields[row.cell(metric)] = cell(f"{row.label}{metric.label}")
            fields[row.loaded(metric)] = HiddenField()
            target = stored.get((row.org_id, metric))
            if target is not None:
                data[row.cell(metric)], data[row.loaded(metric)] = target.value, str(target.value)
    return type("YearTargetsForm", (TargetsForm,), fields)(data=data)


def _shown(metric: TargetMetric, value: int) -> str:
    return f"{yi_exact(value)}亿元" if metric in AMOUNTS else f"{value}个"


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def _changes(form: TargetsForm, rows: list[Row], stored: dict) -> list | None:
    """(row, metric, stored target or None, new value or None) for each changed cell, or None
    when another admin changed one of them since the page was loaded (said on the cell)."""
    changes, conflict = [], False
    for row in rows:
        for metric in TargetMetric:
            cell, loaded = form[row.cell(metric)], form[row.loaded(metric)]
            target = stored.get((row.org_id, metric))
            current = None if target is None else target.value
            if _text(cell.value) == (loaded.data or "") or cell.value == current:
                continue  # left as loaded (whatever another save made of it), or already so
            if (loaded.data or "") != _text(current):
                cell.errors.append("该目标刚被他人删除，请核对后重新保存" if current is None else
                                   f"该目标刚被他人改为{_shown(metric, current)}，请核对后重新保存")
                loaded.data = _text(current)  # so that a resubmit overwrites it
                conflict = True
            changes.append((row, metric, target, cell.value))
    return None if conflict else changes


def _save(year: int, changes: list) -> str | None:
    """Write the changes with their audit rows (Target is not an audited model) and return
    the flash; None when a unit's target was inserted by another save in the same moment."""
    audit, added, changed, deleted = [], 0, 0, 0
    for row, metric, target, value in changes:
        if target is None:
            target = Target(year=year, org_id=row.org_id, metric=metric, value=value)
            db.session.add(target)
            audit.append((target, "create", None))
            added += 1
        elif value is None:
            db.session.delete(target)
            audit.append((target, "delete", None))
            deleted += 1
        else:
            audit.append((target, "update", target.value))
            target.value = value
            changed += 1
    try:
        db.session.flush()  # the new rows' ids
        for target, action, old in audit:
            db.session.add_all(_audit_rows(target, action, old))
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return None
    if not changes:
        return f"{year}年度目标没有改动"
    parts = [f"{word}{n}项" for word, n in (("新增", added), ("修改", changed), ("删除", deleted))
             if n]
    return f"已保存{year}年度目标：{'、'.join(parts)}"


def _audit_rows(target: Target, action: str, old: int | None) -> list[AuditLog]:
    # The flush hook's shape: a new or deleted target logs every column, an update its value.
    base = {"user_id": current_user.id, "entity": "targets", "entity_id": target.id,
            "action": action}
    if action == "update":
        return [AuditLog(**base, field="value", old=str(old), new=str(target.value))]
    columns = {"year": target.year, "org_id": target.org_id, "metric": target.metric.value,
               "value": target.value}
    return [AuditLog(**base, field=key, old="" if action == "create" else str(value),
                     new=str(value) if action == "create" else "")
            for key, value in columns.items() if value is not None]


def _sums(rows: list[Row], stored: dict) -> tuple[dict, list[str]]:
    """The units' total per metric (None where no unit has one), and a warning line for each
    metric whose units' total exceeds the county's target."""
    sums, warnings = {}, []
    for metric in TargetMetric:
        values = [stored[row.org_id, metric].value for row in rows[1:]
                  if (row.org_id, metric) in stored]
        sums[metric] = sum(values) if values else None
        county = stored.get((None, metric))
        if county is not None and values and sums[metric] > county.value:
            show = format_yi if metric in AMOUNTS else (lambda n: f"{n}个")
            warnings.append(f"{metric.label}：各单位目标合计{show(sums[metric])}，"
                            f"超过全县目标{show(county.value)}")
    return sums, warnings


@bp.route("/targets", methods=["GET", "POST"])
@roles_required(Role.admin)
def targets():
    year = _year()
    if year is None:
        if request.method == "POST":
            abort(404)  # never save into a year nobody asked for
        year = today().year
    rows, stored = _rows(year), _stored(year)
    form = _form(rows, stored)
    if form.validate_on_submit():
        changes = _changes(form, rows, stored)
        saved = None if changes is None else _save(year, changes)
        if saved is not None:
            flash(saved, "success" if changes else "info")
            return redirect(url_for("admin.targets", year=year))
        form.form_errors.append(CONFLICT if changes is None else RACE)
    sums, warnings = _sums(rows, stored)
    status = 409 if form.form_errors else 422 if form.errors else 200
    return render_template(
        "admin/targets.html", form=form, year=year, rows=rows, metrics=list(TargetMetric),
        amounts=AMOUNTS, sums=sums, warnings=warnings, years=YEARS, yuan_to_yi=yuan_to_yi,
        ), status
