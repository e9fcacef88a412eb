"""招商活动: 云招商 and other events, the leads raised there and their conversion (/activities)."""

from crm.activities import leads, views  # noqa: F401  (their routes register on bp)
from crm.activities.blueprint import bp

__all__ = ["bp"]
