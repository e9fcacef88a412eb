"""Reports the bureau hands upward (issue 12): the 项目台账/月报 workbook, any list to Excel,
the period's written 简报 as text and .docx; every export recorded for the admins."""

from crm.reports import exports, views  # noqa: F401  (their routes register on bp)
from crm.reports.blueprint import bp

__all__ = ["bp"]
