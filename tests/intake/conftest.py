"""Fixtures for intake tests: the public form's data, companies and projects to collide with."""

import pytest
import sqlalchemy as sa

from crm.domain.stages import Screening
from crm.extensions import db
from crm.models import Company, IntakeSubmission, Project, ProjectInvestor

USCC = "91130427MA0CX83124"  # a valid credit code (GB 32100-2015 check digit)


def public_data(**changes) -> dict:
    data = {"company_name": "河北华睿新材料有限公司", "uscc": "", "contact_name": "王经理",
            "contact_phone": "13800138000", "contact_email": "wang@example.com",
            "intention": "拟在开发区投资建设新材料生产线，需用地约80亩", "estimated_amount": "5000",
            "consent": "y", "website": ""}
    data.update(changes)
    return data


def lead_data(**changes) -> dict:
    data = {"company_name": "邯郸童装制造有限公司", "uscc": "", "contact_name": "李总",
            "contact_phone": "0310-1234567", "intention": "扩大童装产能",
            "estimated_amount": "3000"}
    data.update(changes)
    return data


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def make_company(app):
    def make(company: str, uscc: str | None = None, project: str | None = None,
             **fields) -> tuple[int, int | None]:
        """A company, and when a project name is given, a project investing in it."""
        with app.app_context():
            company = Company(name=company, uscc=uscc)
            db.session.add(company)
            project_id = None
            if project:
                item = Project(name=project, **fields)
                item.investors.append(ProjectInvestor(company=company, is_lead=True))
                db.session.add(item)
                db.session.flush()
                project_id = item.id
            db.session.commit()
            return company.id, project_id
    return make


@pytest.fixture
def public_lead(app, client):
    """Submit the public form; returns the lead project's id."""
    def submit(**changes) -> int:
        anonymous = app.test_client()
        assert anonymous.post("/intake", data=public_data(**changes)).status_code == 302
        with app.app_context():
            return db.session.scalar(sa.select(sa.func.max(IntakeSubmission.project_id)))
    return submit


@pytest.fixture
def reported_lead(app, users):
    """A pending lead reported by a user, with its company."""
    def make(reporter: str = "reporter", company: str = "邯郸童装制造有限公司",
             uscc: str | None = None, **fields) -> int:
        with app.app_context():
            lead = Project(name=f"{company}投资意向", screening=Screening.pending,
                           reported_by_id=users[reporter], first_contact_by_id=users[reporter],
                           **fields)
            lead.investors.append(ProjectInvestor(company=Company(name=company, uscc=uscc),
                                                  is_lead=True))
            db.session.add(lead)
            db.session.commit()
            return lead.id
    return make


@pytest.fixture
def signed_in(client_for):
    """The shared client_for fixture under this area's name."""
    return client_for
