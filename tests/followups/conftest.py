"""Follow-up test helpers; the project fixtures come from tests/projects."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from crm.extensions import db
from crm.localtime import today
from crm.models import Company, Contact, DictItem, DictKind, FollowUp
from tests.projects.conftest import as_user, make_project, stored, text  # noqa: F401

HX = {"HX-Request": "true"}


def kind_id(code: str = "phone") -> int:
    return db.session.scalar(sa.select(DictItem.id).where(
        DictItem.kind == DictKind.followup_type, DictItem.code == code))


@pytest.fixture
def form(app):
    """form(**changes) -> what the inline form posts for a phone call today."""
    with app.app_context():
        phone = kind_id()

    def make(**changes):
        return {"kind_id": phone, "contact_date": today().isoformat(),
                "summary": "电话沟通用地和环评进度", "next_step": "安排实地考察",
                "next_due_date": (today() + timedelta(days=7)).isoformat(), **changes}
    return make


@pytest.fixture
def followup(app, users):
    """followup(project_id, author="alice", day=...) -> id of a stored follow-up."""
    def make(project_id, author="alice", day=date(2026, 3, 2), due=None):
        with app.app_context():
            row = FollowUp(project_id=project_id, author_id=users[author], kind_id=kind_id(),
                           contact_date=day, summary="初次电话沟通", next_due_date=due)
            db.session.add(row)
            db.session.commit()
            return row.id
    return make


@pytest.fixture
def contact(app):
    """contact(company name, person) -> contact id (the company is created when new)."""
    def make(company_name, name="周经理"):
        with app.app_context():
            company = db.session.scalar(sa.select(Company).where(Company.name == company_name))
            if company is None:
                company = Company(name=company_name)
            person = Contact(company=company, name=name, title="总经理")
            db.session.add(person)
            db.session.commit()
            return person.id
    return make
