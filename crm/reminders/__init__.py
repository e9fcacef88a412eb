"""Reminder e-mails: planning, dispatch, the outbox, the scheduler process, and each user's
我的提醒 / 我的提醒设置 pages and calendar feed."""

from crm.reminders import ical, views  # noqa: F401  (their routes register on bp)
from crm.reminders.blueprint import bp

__all__ = ["bp"]
