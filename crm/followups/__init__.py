"""对接记录: follow-ups logged from the project page (htmx, or a plain POST without JS)."""

from crm.followups import views  # noqa: F401  (their routes register on bp)
from crm.followups.blueprint import bp

__all__ = ["bp"]
