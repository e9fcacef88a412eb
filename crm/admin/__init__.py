"""Administration: users, units, dictionaries, holiday calendar, hand-over, the mail outbox,
the reminder rules, the yearly targets and the record of exports."""

from crm.admin import (  # noqa: F401  (their routes register on bp)
    dictionaries,
    exports,
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
