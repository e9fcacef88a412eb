"""The leader's cockpit (/dashboard): signed-deal totals, cohort rates, targets and 序时进度,
breakdowns, and the projects behind every number."""

from crm.dashboard import views  # noqa: F401  (its routes register on bp)
from crm.dashboard.blueprint import bp

__all__ = ["bp"]
