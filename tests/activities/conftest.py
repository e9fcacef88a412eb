"""Activity test helpers: activities, projects raised there, signed-in clients, look-ups."""

from datetime import date

import pytest
import sqlalchemy as sa
from stdnum.cn import uscc as stdnum_uscc

from crm.domain.stages import AgreementKind, Stage
from crm.extensions import db
from crm.models import (
    Activity,
    Agreement,
    Company,
    DictItem,
    DictKind,
    Project,
    ProjectInvestor,
    StageChange,
)
from tests.conftest import (
    text,  # noqa: F401  (re-exported for this area's tests)
)
from tests.matrix import make_projects


def item(kind: DictKind, code: str) -> int:
    return db.session.scalar(sa.select(DictItem.id).where(DictItem.kind == kind,
                                                          DictItem.code == code))


def valid_uscc(body: str) -> str:
    """A credit code with a correct check digit, from 17 characters."""
    return body + stdnum_uscc.calc_check_digit(body)



@pytest.fixture
def projects(app, users, orgs) -> dict[str, int]:
    """The access-test projects of tests/matrix.py (alice owns "own"; "confidential" is hidden
    from alice, bob and admin)."""
    with app.app_context():
        return make_projects(users, orgs)


@pytest.fixture
def make_activity(app):
    def make(title="2026年童装产业云招商推介会", kind="cloud_promo", held_on=date(2026, 11, 20),
             **fields):
        with app.app_context():
            activity = Activity(title=title, kind_id=item(DictKind.activity_type, kind),
                                held_on=held_on, **fields)
            db.session.add(activity)
            db.session.commit()
            return activity.id
    return make


@pytest.fixture
def make_lead(app):
    """A project raised at an activity; agreements as (kind, signed_on, amount) triples."""
    def make(activity_id, name, *, stage=Stage.lead, via=(), agreements=(), started_on=None,
             **fields):
        with app.app_context():
            project = Project(name=name, activity_id=activity_id, stage=stage,
                              started_on=started_on, **fields)
            db.session.add(project)
            db.session.flush()
            for to_stage in via:
                db.session.add(StageChange(project_id=project.id, to_stage=to_stage,
                                           effective_date=date(2026, 11, 21)))
            for kind, signed_on, amount in agreements:
                db.session.add(Agreement(project_id=project.id, kind=AgreementKind(kind),
                                         signed_on=signed_on, amount=amount))
            db.session.commit()
            return project.id
    return make


@pytest.fixture
def make_company(app):
    def make(name, uscc=None, projects=()):
        with app.app_context():
            company = Company(name=name, uscc=uscc)
            db.session.add(company)
            db.session.flush()
            for project_id in projects:
                db.session.add(ProjectInvestor(project_id=project_id, company_id=company.id,
                                               is_lead=True))
            db.session.commit()
            return company.id
    return make


@pytest.fixture
def get(rows):
    """The shared rows fixture under this area's name."""
    return rows
