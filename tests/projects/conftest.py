"""Project test helpers: projects made directly in the database, and look-ups of stored rows."""

from datetime import date
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from crm.domain.stages import AgreementKind, Stage
from crm.extensions import db
from crm.localtime import today
from crm.models import (
    Agreement,
    Company,
    Project,
    ProjectInvestor,
    ProjectMember,
)
from tests.conftest import (
    ref,
    text,  # noqa: F401  (re-exported for this area's tests)
)

DEFAULT_INVESTOR = "测试投资有限公司"


@pytest.fixture
def make_project(app, users, orgs):
    """make_project(name, owner="alice", **columns) -> id; members=("bob",) adds team members,
    investors=("某公司",) investors (the first is the 主投资方).

    The product keeps a 主投资方 from 接洽 on (crm/domain/stages.py), so a project made at such
    a stage gets DEFAULT_INVESTOR unless the test names its investors (investors=() for none)."""
    def make(name="光伏组件项目", owner="alice", members=(), investors=None, **columns):
        if investors is None:
            at = Stage(columns.get("stage", Stage.lead))
            investors = (DEFAULT_INVESTOR,) if at.rank >= Stage.contact.rank else ()
        with app.app_context():
            columns.setdefault("org_id", orgs["bureau"])
            project = Project(name=name, owner_id=users[owner] if owner else None, **columns)
            project.members = [ProjectMember(user_id=users[who]) for who in members]
            for index, company in enumerate(investors):
                company_id = company_named(company)
                project.investors.append(ProjectInvestor(company_id=company_id,
                                                         is_lead=index == 0))
            db.session.add(project)
            db.session.commit()
            return project.id
    return make


def company_named(name: str) -> int:
    found = db.session.scalar(sa.select(Company.id).where(Company.name == name))
    if found is None:
        company = Company(name=name)
        db.session.add(company)
        db.session.flush()
        found = company.id
    return found


@pytest.fixture
def company(app):
    def make(name: str) -> int:
        with app.app_context():
            company_id = company_named(name)
            db.session.commit()
            return company_id
    return make


@pytest.fixture
def agreement(app):
    def make(project_id, kind=AgreementKind.investment, amount=10**9, signed_on=date(2026, 3, 1)):
        with app.app_context():
            db.session.add(Agreement(project_id=project_id, kind=kind, amount=amount,
                                     signed_on=signed_on))
            db.session.commit()
    return make


@pytest.fixture
def stored(app):
    """stored(project_id) -> the project row, detached, for asserting its values."""
    def load(project_id, model=Project):
        with app.app_context():
            row = db.session.get(model, project_id)
            if row is not None:
                db.session.expunge(row)
            return row
    return load





@pytest.fixture
def as_user(client_for):
    """The shared client_for fixture under this area's name."""
    return client_for


# What a browser posts from an untouched new-project form (every select has a value).
BLANK_FORM = {"name": "", "channel_id": 0, "activity_id": 0, "cluster_id": 0, "key_level_id": 0,
              "pipeline_class": "", "leader_id": 0, "org_id": 0, "first_contact_by_id": 0,
              "lead_investor": 0}


def new_form(**changes) -> dict:
    """The new-project form as posted, 线索日期 prefilled with today (as the page does)."""
    return {**BLANK_FORM, "lead_on": today().isoformat(), **changes}


class _FormReader(HTMLParser):
    """The values a browser would post from the forms with this class (any form: "")."""

    def __init__(self, form_class: str = "project-form"):
        super().__init__()
        self.form_class = form_class
        self.values: dict[str, object] = {}
        self.inside = False
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = self.form_class in (a.get("class") or "")
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") != "submit":
            if a.get("type") != "checkbox" or "checked" in a:
                self.values[name] = a.get("value", "y")
        elif tag == "select":
            self.select = name
            self.values[name] = [] if "multiple" in a else ""
        elif tag == "option" and self.select and "selected" in a:
            current = self.values[self.select]
            if isinstance(current, list):
                current.append(a.get("value"))
            else:
                self.values[self.select] = a.get("value")
        elif tag == "textarea":
            self.textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data.lstrip("\r\n")


def edit_form(client, project_id: int) -> dict:
    """Open the edit page as a browser would and return what it would post back."""
    page = client.get(f"/projects/{ref(project_id)}/edit")
    assert page.status_code == 200, page.status_code
    reader = _FormReader()
    reader.feed(text(page))
    return reader.values
