"""Company test helpers: companies linked to the access-test projects, look-ups, page text."""

import pytest
import sqlalchemy as sa

from crm.extensions import db
from crm.models import Company, CompanyFlag, Contact, DictItem, DictKind, ProjectInvestor
from tests.conftest import (
    text,  # noqa: F401  (re-exported for this area's tests)
)
from tests.matrix import make_projects


@pytest.fixture
def projects(app, users, orgs) -> dict[str, int]:
    """The access-test projects of tests/matrix.py (alice owns "own", bob is on "conf_team")."""
    with app.app_context():
        return make_projects(users, orgs)


def item(kind: DictKind, code: str) -> int:
    return db.session.scalar(sa.select(DictItem.id).where(DictItem.kind == kind,
                                                          DictItem.code == code))


@pytest.fixture
def make_company(app):
    """Create a company (flags as (code, year) pairs, projects as (id, is_lead)); returns its id."""
    def make(name, *, flags=(), projects=(), contacts=(), nature=None, cluster=None, **fields):
        with app.app_context():
            company = Company(name=name, **fields)
            company.nature_id = item(DictKind.nature, nature) if nature else None
            company.cluster_id = item(DictKind.cluster, cluster) if cluster else None
            company.flags = [CompanyFlag(flag_id=item(DictKind.company_flag, code),
                                         list_year=year) for code, year in flags]
            company.contacts = [Contact(name=person) for person in contacts]
            db.session.add(company)
            db.session.flush()
            for project_id, is_lead in projects:
                db.session.add(ProjectInvestor(project_id=project_id, company_id=company.id,
                                               is_lead=is_lead))
            db.session.commit()
            return company.id
    return make


@pytest.fixture
def get(rows):
    """The shared rows fixture under this area's name."""
    return rows



def company_form(**changes) -> dict:
    """A valid create/edit form; `flags` takes dictionary codes."""
    data = {"name": "河北新测科技有限公司", "uscc": "", "uscc_override_reason": "",
            "nature_id": 0, "cluster_id": 0, "industry_code": "", "origin": "", "parent_group": "",
            "website": "", "note": "", "list_year": ""}
    data.update(changes)
    return data
