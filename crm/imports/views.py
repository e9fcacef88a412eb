"""Routes: upload, mapping, preview, commit, the batch page and revert."""

import json

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm.access import readable_clause, roles_required
from crm.extensions import db
from crm.imports import apply, batches, queue, workbook
from crm.imports.blueprint import bp
from crm.imports.forms import ConfirmForm, RevertForm, UploadForm, mapping_form
from crm.imports.ledger import FIELDS
from crm.imports.plan import ACTION_LABELS, ERROR, plan_batch
from crm.imports.queue import IMPORTERS
from crm.models import ImportBatch, ImportRow, Project

SHOWN_ROWS = 500  # rows listed on a page; the counts cover them all


def get_batch(batch_id: int, state: str | None = None) -> ImportBatch:
    """The user's own batch, else 404 (another person's batch may name their projects)."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.user_id != current_user.id:
        abort(404)
    if state is not None and batch.state != state:
        abort(redirect(url_for("imports.detail", batch_id=batch.id)))
    return batch


@bp.route("/", methods=["GET", "POST"])
@roles_required(*IMPORTERS)
def index():
    form = UploadForm()
    if form.validate_on_submit():
        try:
            data = workbook.read_upload(form.file.data.stream)
            batch = batches.start(current_user, form.file.data.filename, data)
        except workbook.LedgerFileError as error:
            db.session.rollback()
            form.file.errors.append(str(error))
        else:
            db.session.commit()
            return redirect(url_for("imports.mapping", batch_id=batch.id))
    mine = db.session.scalars(sa.select(ImportBatch).where(ImportBatch.user_id == current_user.id)
                              .order_by(ImportBatch.id.desc()).limit(50)).all()
    return render_template("imports/index.html", form=form, batches=mine), \
        422 if form.errors else 200


@bp.route("/<id:batch_id>/mapping", methods=["GET", "POST"])
@roles_required(*IMPORTERS)
def mapping(batch_id: int):
    batch = get_batch(batch_id, "uploaded")
    headers = json.loads(batch.headers)
    sheets = json.loads(batch.sheets)
    mapped, units = json.loads(batch.mapping), json.loads(batch.units)
    data = {"sheet": batch.sheet, **{f"col_{i}": key for i, key in enumerate(mapped)},
            **{f"unit_{i}": unit for i, unit in enumerate(units)}}
    form = mapping_form(headers, sheets, formdata=request.form if request.method == "POST"
                        else None, data=data)
    if form.validate_on_submit():
        if form.sheet.data != batch.sheet:
            try:
                batches.choose_sheet(batch, form.sheet.data)
            except workbook.LedgerFileError as error:
                db.session.rollback()
                form.sheet.errors.append(str(error))
                return _mapping_page(batch, form, 422)
            db.session.commit()
            flash(f"已切换到工作表「{batch.sheet}」，请核对各列的对应关系", "info")
            return redirect(url_for("imports.mapping", batch_id=batch.id))
        chosen = [form[f"col_{i}"].data for i in range(len(headers))]
        unit_list = [form[f"unit_{i}"].data or "万元" if FIELDS.get(key, ("", ""))[1] == "money"
                     else "" for i, key in enumerate(chosen)]
        batches.remember(batch, chosen, unit_list, current_user)
        db.session.commit()
        return redirect(url_for("imports.preview", batch_id=batch.id))
    return _mapping_page(batch, form, 422 if form.errors or form.form_errors else 200)


def _mapping_page(batch, form, status):
    headers = json.loads(batch.headers)
    sample = []
    try:
        rows, _skipped = batches.data_rows(batch)
        sample = [row.cells for row in rows[:3]]
    except workbook.LedgerFileError as error:
        form.form_errors.append(str(error))
    return render_template("imports/mapping.html", batch=batch, form=form, headers=headers,
                           sample=sample, money={k for k, f in FIELDS.items() if f[1] == "money"}
                           ), status


def _plan(batch):
    rows, skipped = batches.data_rows(batch)
    planned = plan_batch(batch, rows, current_user)
    return planned, skipped


@bp.get("/<id:batch_id>/preview")
@roles_required(*IMPORTERS)
def preview(batch_id: int):
    batch = get_batch(batch_id, "uploaded")
    try:
        rows, skipped = _plan(batch)
    except workbook.LedgerFileError as error:
        flash(str(error), "danger")
        return redirect(url_for("imports.mapping", batch_id=batch.id))
    db.session.rollback()  # the plan wrote nothing; nothing it loaded may be flushed later
    counts = {action: sum(1 for r in rows if r.action == action) for action in ACTION_LABELS}
    shown = sorted(rows, key=lambda r: (r.action != ERROR, r.number))[:SHOWN_ROWS]
    return render_template("imports/preview.html", batch=batch, rows=shown, counts=counts,
                           total=len(rows), skipped=skipped, labels=ACTION_LABELS,
                           form=ConfirmForm())


@bp.post("/<id:batch_id>/commit")
@roles_required(*IMPORTERS)
def commit(batch_id: int):
    batch = get_batch(batch_id, "uploaded")
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash("页面已过期，请重新预览后再确认", "warning")
        return redirect(url_for("imports.preview", batch_id=batch.id))
    try:
        rows, skipped = batches.data_rows(batch)
        if len(rows) > current_app.config["IMPORT_INLINE_ROWS"]:
            # Minutes of writing: the scheduler process does it (crm/imports/queue.py).
            queue.enqueue(batch, len(rows), skipped)
            db.session.commit()
            return redirect(url_for("imports.detail", batch_id=batch.id))
        planned = plan_batch(batch, rows, current_user)
        batch.data_rows, batch.skipped_rows = len(planned), skipped
        counts = apply.commit(batch, planned, current_user)
    except (workbook.LedgerFileError, apply.CommitError) as error:
        db.session.rollback()
        flash(f"未导入：{error}", "danger")
        return redirect(url_for("imports.preview", batch_id=batch_id))
    db.session.commit()
    batches.discard_file(batch)
    flash(f"已导入：新增{counts['new']}个项目，更新{counts['update']}个，"
          f"无变化{counts['unchanged']}个，错误{counts['error']}行未导入", "success")
    return redirect(url_for("imports.detail", batch_id=batch.id))


@bp.get("/<id:batch_id>")
@roles_required(*IMPORTERS)
def detail(batch_id: int):
    batch = get_batch(batch_id)
    if batch.state == "uploaded":
        if batch.failure:  # a queued import that could not be done says why, until retried
            flash(batch.failure, "danger")
        return redirect(url_for("imports.mapping", batch_id=batch.id))
    if batch.state == "expired":
        flash(f"「{batch.file_name}」上传后{current_app.config['IMPORT_UPLOAD_DAYS']}天未确认导入，"
              "文件已删除；如需导入，请重新上传", "warning")
        return redirect(url_for("imports.index"))
    rows = db.session.scalars(sa.select(ImportRow).where(ImportRow.batch_id == batch.id)
                              .order_by(ImportRow.row_number).limit(SHOWN_ROWS)).all()
    changed = apply.changed_since(batch) if batch.state == "committed" else []
    done = db.session.scalar(sa.select(sa.func.count(ImportRow.id)).where(
        ImportRow.batch_id == batch.id)) if batch.state == "queued" else 0
    return render_template("imports/detail.html", batch=batch, rows=rows, changed=changed,
                           done=done,
                           labels=ACTION_LABELS, form=RevertForm(), loads=json.loads,
                           names=_names(batch, rows))


def _names(batch: ImportBatch, rows: list[ImportRow]) -> dict[int, tuple[int | None, str]]:
    """Per row: the project to link (one the user may read, while the batch stands) and the
    project name as the ledger wrote it."""
    mapping = json.loads(batch.mapping)
    column = mapping.index("project_name") if "project_name" in mapping else None
    ids = {row.project_id for row in rows if row.project_id}
    readable = set(db.session.scalars(sa.select(Project.id).where(
        Project.id.in_(ids), readable_clause(current_user)))) if ids else set()
    names = {}
    for row in rows:
        cells = json.loads(row.cells)
        name = str(cells[column]) if column is not None and column < len(cells) \
            and cells[column] is not None else ""
        link = row.project_id if row.project_id in readable and row.action in (
            "new", "update", "unchanged") else None
        names[row.id] = (link, name)
    return names


@bp.post("/<id:batch_id>/revert")
@roles_required(*IMPORTERS)
def revert(batch_id: int):
    batch = get_batch(batch_id, "committed")
    form = RevertForm()
    if not form.validate_on_submit():
        flash("页面已过期，请刷新后重试", "warning")
    elif apply.changed_since(batch):
        flash("本批导入的记录在导入后已被修改，不能整批撤销；修改内容见下方，已保留", "danger")
    else:
        apply.revert(batch, current_user)
        db.session.commit()
        flash("已撤销本批导入：新增的项目和企业已删除，更新的项目已恢复原值", "success")
    return redirect(url_for("imports.detail", batch_id=batch.id))
