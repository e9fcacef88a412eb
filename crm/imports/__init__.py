"""/imports: the bureau's Excel 项目台账 brought in through the forms' rules, previewed, committed
as one batch through the lifecycle module, and revertible (issue 13)."""

from crm.imports import views  # noqa: F401  (its routes register on bp)
from crm.imports.blueprint import bp

__all__ = ["bp"]
