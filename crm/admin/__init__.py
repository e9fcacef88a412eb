"""Administration: users, units, dictionaries, holiday calendar, hand-over, the mail outbox,
the reminder rules and the yearly targets."""

from crm.admin import (  # noqa: F401  (their routes register on bp)
    dictionaries,
    handover,
    holidays,
    orgs,
    outbox,
    rules,
    targets,
    users,
)
from crm.admin.blueprint import bp

__all__ = ["bp"]
