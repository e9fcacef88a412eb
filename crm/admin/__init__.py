"""Administration: users, units, dictionaries, holiday calendar, hand-over, the mail outbox
and the reminder rules."""

from crm.admin import (  # noqa: F401  (their routes register on bp)
    dictionaries,
    handover,
    holidays,
    orgs,
    outbox,
    rules,
    users,
)
from crm.admin.blueprint import bp

__all__ = ["bp"]
