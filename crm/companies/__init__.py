"""Investor companies and their contacts: /companies."""

from crm.companies import contacts, merge, views  # noqa: F401  (their routes register on bp)
from crm.companies.blueprint import bp

__all__ = ["bp"]
