"""邮件发送: the reminder outbox as admins see it, and resending what could not be delivered.

Admins read only the confidential projects they are on the team of, and a reminder's subject
or body names its project (by code name, but still), so a confidential message they may not
read shows neither. A digest (no project_id) flagged confidential names one they may not know.
"""


import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from crm import pagination
from crm.access import readable_clause, roles_required
from crm.admin.blueprint import bp
from crm.admin.holidays import holiday_warnings
from crm.extensions import db
from crm.forms import query_int
from crm.models import MailAttempt, MailStatus, OutboxMessage, Project, Role, User, utcnow
from crm.models.reminders import SENDABLE
from crm.reminders import outbox

PAGE_SIZE = 50
MASKED_SUBJECT = "（涉及保密项目的提醒，主题不显示）"
RESENDABLE = (MailStatus.undeliverable, MailStatus.retrying)


def hidden_ids(messages: list[OutboxMessage], user: User) -> set[int]:
    """Ids of the messages whose subject and body the user may not read."""
    confidential = [m for m in messages if m.confidential]
    project_ids = {m.project_id for m in confidential if m.project_id is not None}
    readable = set(db.session.scalars(sa.select(Project.id).where(
        Project.id.in_(project_ids), readable_clause(user)))) if project_ids else set()
    return {m.id for m in confidential if m.project_id not in readable}


def status_counts() -> dict[MailStatus, int]:
    rows = db.session.execute(sa.select(OutboxMessage.status, sa.func.count())
                              .group_by(OutboxMessage.status))
    found = dict(rows.tuples().all())
    return {status: found.get(status, 0) for status in MailStatus}


def _get_message(message_id: int) -> OutboxMessage:
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    return message


def _back(message: OutboxMessage):
    # The resend buttons sit on the list (its URL says ?back=list) and on the message page.
    if request.args.get("back") == "list":
        status = request.args.get("status", "")
        return redirect(url_for("admin.outbox", status=status if status in MailStatus.__members__
                                else None))
    return redirect(url_for("admin.outbox_message", message_id=message.id))


@bp.get("/outbox", endpoint="outbox")
@roles_required(Role.admin)
def outbox_list():
    status = request.args.get("status", "")
    status = MailStatus(status) if status in MailStatus.__members__ else None
    counts = status_counts()
    total = counts[status] if status else sum(counts.values())
    shown = pagination.page(query_int(request.args.get("page")), total, PAGE_SIZE)
    query = sa.select(OutboxMessage).options(joinedload(OutboxMessage.user))
    if status:
        query = query.where(OutboxMessage.status == status)
    messages = list(db.session.scalars(
        query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(PAGE_SIZE).offset(shown.offset)))
    return render_template(
        "admin/outbox.html", messages=messages, hidden=hidden_ids(messages, current_user),
        counts=counts, total=sum(counts.values()), status=status, page=shown.number,
        pages=shown.pages,
        statuses=list(MailStatus), masked_subject=MASKED_SUBJECT, resendable=RESENDABLE,
        sendable=SENDABLE, undeliverable=counts[MailStatus.undeliverable],
        max_attempts=current_app.config["OUTBOX_MAX_ATTEMPTS"],
        holiday_warnings=holiday_warnings())


@bp.get("/outbox/<id:message_id>")
@roles_required(Role.admin)
def outbox_message(message_id: int):
    message = _get_message(message_id)
    attempts = db.session.scalars(
        sa.select(MailAttempt).where(MailAttempt.message_id == message.id)
        .order_by(MailAttempt.at.desc(), MailAttempt.id.desc()))
    return render_template(
        "admin/outbox_message.html", message=message, attempts=list(attempts),
        hidden=message.id in hidden_ids([message], current_user), masked_subject=MASKED_SUBJECT,
        resendable=RESENDABLE)


@bp.post("/outbox/<id:message_id>/resend")
@roles_required(Role.admin)
def outbox_resend(message_id: int):
    message = _get_message(message_id)
    if message.status == MailStatus.sent:
        flash("该邮件已发送成功，不能重新发送", "warning")
    elif message.status == MailStatus.pending:
        flash("该邮件已在发送队列中，无需重新发送", "info")
    elif message.lease_until is not None and message.lease_until > utcnow():
        # A sender holds it right now; resetting it would discard that attempt's outcome.
        flash("该邮件正在发送中，请稍后刷新查看结果", "warning")
    elif problem := outbox.resend(message):
        flash(problem, "warning")
    else:
        db.session.commit()
        flash(f"已重新加入发送队列（收件地址：{message.to_addr}）", "success")
    return _back(message)


@bp.post("/outbox/resend-undeliverable")
@roles_required(Role.admin)
def outbox_resend_all():
    messages = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.status == MailStatus.undeliverable)
        .options(joinedload(OutboxMessage.user))).all()
    refused = sum(1 for message in messages if outbox.resend(message))
    db.session.commit()
    if messages:
        flash(f"已将{len(messages) - refused}封无法投递的邮件重新加入发送队列（使用收件人当前的"
              f"邮箱地址）" + (f"；{refused}封因收件人已停用或已无权查看项目未重新发送"
                            if refused else ""), "success")
    else:
        flash("没有无法投递的邮件", "info")
    return redirect(url_for("admin.outbox"))
