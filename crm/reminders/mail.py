"""E-mail: one small function per message (templates/mail/), the Message-ID, the SMTP link.

A confidential project is named by its code name in every message, whoever receives it; the
functions here take the name from project_label() and nowhere else.
"""

import smtplib
import ssl
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from flask import current_app, url_for

from crm.domain import money
from crm.domain.stages import Health
from crm.localtime import SHANGHAI, UTC
from crm.models import Project, Reminder, User, utcnow

CONFIDENTIAL_FALLBACK = "保密项目"


def _label(name: str, confidential: bool, code_name: str) -> str:
    return (code_name or CONFIDENTIAL_FALLBACK) if confidential else name


def project_label(project: Project) -> str:
    return _label(project.name, project.confidential, project.code_name)


def change_label(change) -> str:
    """The same for a workbench change row, which carries the project's columns."""
    return _label(change.project_name, change.confidential, change.code_name)


@dataclass
class Rendered:
    subject: str
    text: str
    html: str


def absolute_url(endpoint: str, **values) -> str:
    """A link for an e-mail: BASE_URL, since the scheduler has no request to take it from."""
    base = current_app.config["BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base + "/"):
        return url_for(endpoint, _external=True, **values)


def _render(name: str, subject: str, **context) -> Rendered:
    context.update(subject=subject, label=project_label, change_label=change_label,
                   yi=money.format_yi, Health=Health, timedelta1=timedelta(days=1),
                   settings_url=absolute_url("reminders.preferences"))
    # Straight from the Jinja environment: the web pages' context processors need a request
    # and a signed-in user, and a mail has neither.
    env = current_app.jinja_env
    return Rendered(subject, env.get_template(f"mail/{name}.txt").render(**context),
                    env.get_template(f"mail/{name}.html").render(**context))


def due(user: User, project: Project, reminder: Reminder) -> Rendered:
    return _render("due", f"【跟进提醒】{project_label(project)}：今天应跟进", user=user,
                   project=project, due_on=reminder.due_on,
                   link=absolute_url("projects.detail", project_id=project.id))


def escalation(user: User, project: Project, reminder: Reminder, overdue: int) -> Rendered:
    return _render("escalation",
                   f"【逾期上报】{project_label(project)}：跟进已逾期{overdue}个工作日",
                   user=user, project=project, due_on=reminder.due_on, overdue=overdue,
                   link=absolute_url("projects.detail", project_id=project.id))


def stale(user: User, project: Project, reminder: Reminder, days: int) -> Rendered:
    return _render("stale", f"【长期未对接】{project_label(project)}：已{days}天没有对接记录",
                   user=user, project=project, since=reminder.due_on, days=days,
                   to_leader=user.id == project.leader_id,
                   link=absolute_url("projects.detail", project_id=project.id))


def daily_digest(user: User, digest, day) -> Rendered:
    return _render("daily_digest",
                   f"【每日摘要】{day.month}月{day.day}日：{len(digest.due)}项跟进到期或逾期",
                   user=user, digest=digest, day=day, home=absolute_url("main.home"),
                   project_url=_project_url)


def weekly_digest(user: User, digest) -> Rendered:
    last = digest.end - timedelta(days=1)
    return _render("weekly_digest", f"【周调度】{digest.start.month}月{digest.start.day}日至"
                   f"{last.month}月{last.day}日招商工作周报", user=user, digest=digest,
                   project_url=_project_url)


def _project_url(project_id: int) -> str:
    return absolute_url("projects.detail", project_id=project_id)


def message_id(reminder: Reminder, user_id: int) -> str:
    """Stable for what the message is about, so a resend after a crash carries the same
    Message-ID and mail clients can fold the copies. No names in it, only keys."""
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "crm.local"
    about = reminder.subject.replace(":", "-")
    return f"<{reminder.kind.value}.{about}.{reminder.due_on:%Y%m%d}.u{user_id}@{domain}>"


def to_email(message) -> EmailMessage:
    """The message to hand to SMTP, from an outbox row (or its leased copy)."""
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = formataddr((message.recipient_name, message.to_addr))
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    email["Date"] = format_datetime(utcnow().replace(tzinfo=UTC).astimezone(SHANGHAI))
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    email.set_content(message.body_text)
    email.add_alternative(message.body_html, subtype="html")
    return email


def connect() -> smtplib.SMTP:
    """An SMTP session by SMTP_SECURITY (none / starttls / ssl), logged in if SMTP_USER is set."""
    config = current_app.config
    host, port = config["SMTP_HOST"], int(config["SMTP_PORT"])
    timeout = config.get("SMTP_TIMEOUT", 30)
    security = str(config["SMTP_SECURITY"]).lower()
    if security == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
        if security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if config.get("SMTP_USER"):
        smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD", ""))
    return smtp
