"""Columns derived from names, kept current by a flush hook so no form can forget them.

The duplicate check reads Company.name_normalized; search reads the pinyin initials.
"""

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from crm.extensions import listen_once
from crm.models import Company, CompanyFormerName, Contact, Project
from crm.names import normalise_company_name, pinyin_initials


def _refresh(obj) -> None:
    if isinstance(obj, Company | CompanyFormerName):
        obj.name_normalized = normalise_company_name(obj.name)
    if isinstance(obj, Company | Contact | Project):
        obj.name_initials = pinyin_initials(obj.name)


_NAMED = (Company, CompanyFormerName, Contact, Project)


def init_app(_app) -> None:
    """Normalised names and pinyin initials, kept by a flush hook."""
    listen_once(Session, "before_flush", _derive_names)


def _derive_names(session: Session, _context, _instances) -> None:
    # pypinyin costs ~70 µs a name: only new rows and renamed ones need it, not every
    # project flushed by a stage move or a follow-up.
    for obj in session.new:
        if isinstance(obj, _NAMED):
            _refresh(obj)
    for obj in session.dirty:
        if isinstance(obj, _NAMED) and inspect(obj).attrs.name.history.has_changes():
            _refresh(obj)
