"""我的提醒 (the e-mails sent to me) and 我的提醒设置 (which ones I want, my calendar feed)."""

import hashlib
import secrets

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from crm.access import readable_clause, roles_required
from crm.extensions import db
from crm.forms import query_int
from crm.models import OutboxMessage, Project, ReminderPreference, Role, utcnow
from crm.reminders import mail, outbox
from crm.reminders.blueprint import bp
from crm.reminders.forms import PreferencesForm

# Reporters get no reminder e-mails, so they have nothing to set or read here.
RECEIVERS = (Role.leader, Role.staff, Role.liaison, Role.admin)
PER_PAGE = 30
MAX_PAGE = 10_000  # keeps OFFSET small enough for any database, whatever ?page= says


def token_digest(token: str) -> str:
    """Only this is stored: a leaked database gives no working feed address."""
    return hashlib.sha256(token.encode()).hexdigest()


def _settings_page(form: PreferencesForm, feed_url: str | None = None):
    preference = db.session.get(ReminderPreference, current_user.id)
    return render_template("reminders/preferences.html", form=form, feed_url=feed_url,
                           feed_since=preference.ical_created_at if preference else None)


@bp.route("/settings", methods=["GET", "POST"])
@roles_required(*RECEIVERS)
def preferences():
    preference = db.session.get(ReminderPreference, current_user.id)
    form = PreferencesForm(obj=preference)  # no row: every e-mail is on (the fields' default)
    if form.validate_on_submit():
        if preference is None:
            preference = ReminderPreference(user_id=current_user.id)
            db.session.add(preference)
        preference.due = form.due.data
        preference.escalation = form.escalation.data
        preference.stale = form.stale.data
        preference.daily_digest = form.daily_digest.data
        preference.weekly_digest = form.weekly_digest.data
        db.session.commit()
        flash("提醒设置已保存", "success")
        return redirect(url_for("reminders.preferences"))
    return _settings_page(form)


@bp.post("/settings/calendar")
@roles_required(*RECEIVERS)
def calendar_create():
    preference = db.session.get(ReminderPreference, current_user.id)
    if preference is None:
        preference = ReminderPreference(user_id=current_user.id)
        db.session.add(preference)
    token = secrets.token_urlsafe(32)
    preference.ical_token_hash = token_digest(token)  # replaces, and so revokes, the old one
    preference.ical_created_at = utcnow()
    db.session.commit()
    # Rendered, not flashed: a flash would keep the secret in the session cookie.
    # formdata=None: this POST carries no checkboxes, which would read as "all off".
    return _settings_page(PreferencesForm(formdata=None, obj=preference),
                          feed_url=mail.absolute_url("reminders.calendar_feed", token=token))


@bp.post("/settings/calendar/revoke")
@roles_required(*RECEIVERS)
def calendar_revoke():
    preference = db.session.get(ReminderPreference, current_user.id)
    if preference is not None and preference.ical_token_hash:
        preference.ical_token_hash = None
        preference.ical_created_at = None
        db.session.commit()
    flash("日历订阅地址已停用，日历软件将无法再读取您的跟进日程", "success")
    return redirect(url_for("reminders.preferences"))


def _page(value: str | None) -> int:
    number = query_int(value, digits=6)
    return 1 if number is None else max(1, min(number, MAX_PAGE))


@bp.get("")
@roles_required(*RECEIVERS)
def mine():
    page = _page(request.args.get("page"))
    messages = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.user_id == current_user.id)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)).all()
    more = len(messages) > PER_PAGE
    messages = messages[:PER_PAGE]
    # Access is checked now, not when the mail went out: a project I was taken off shows
    # no link and no name (one query for the page, not one per row).
    ids = {m.project_id for m in messages if m.project_id}
    projects = {p.id: p for p in db.session.scalars(
        sa.select(Project).where(Project.id.in_(ids), readable_clause(current_user)))} \
        if ids else {}
    return render_template("reminders/mine.html", messages=messages, projects=projects,
                           label=mail.project_label, page=page, more=more)


def get_message(message_id: int) -> OutboxMessage:
    """My message, or 404: someone else's mail, or about a project I may no longer read."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.user_id != current_user.id:
        abort(404)
    if not outbox.readable_by(message, current_user):
        abort(404)
    return message


@bp.get("/<id:message_id>")
@login_required
def message(message_id: int):
    message = get_message(message_id)
    return render_template("reminders/message.html", message=message,
                           lines=_body_lines(message.body_text))


def _body_lines(body: str) -> list[tuple[int, str, bool]]:
    """(indent, text, is_link) per line: the page draws the text mail without a <pre>, which
    would not wrap on a phone, and keeps its indentation and its links to this site."""
    base = current_app.config["BASE_URL"].rstrip("/") + "/"
    lines = []
    for line in body.splitlines():
        text = line.lstrip(" ")
        lines.append((len(line) - len(text), text,
                      text.startswith(base) and " " not in text.strip()))
    return lines
