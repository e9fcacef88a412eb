"""Reminder e-mails: planning, dispatch, the outbox, the scheduler process, and each user's
我的提醒 / 我的提醒设置 pages and calendar feed."""

from flask import Blueprint

bp = Blueprint("reminders", __name__, url_prefix="/reminders")

# The route modules register on bp, so they are imported once it exists.
from crm.reminders import ical, views  # noqa: E402,F401
