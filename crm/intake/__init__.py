"""Lead intake and screening (全员招商): reporters' leads, the public 投资意向登记 form, 研判."""

from crm.intake import leads, public, screening  # noqa: F401  (their routes register on bp)
from crm.intake.blueprint import bp

__all__ = ["bp"]
