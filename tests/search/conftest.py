"""Companies, contacts and projects whose names test every kind of search match."""

import pytest

from crm.domain.uscc import make_uscc
from crm.extensions import db
from crm.models import Company, CompanyFormerName, Contact, Project
from tests.matrix import make_projects

CSCEC_USCC = make_uscc("91110000100000589")

# label -> (name, credit code, former names)
COMPANIES = {
    "cscec": ("中国建筑集团有限公司", CSCEC_USCC, ("中国建筑工程总公司",)),
    "gapped": ("建设筑材料有限公司", None, ()),        # 建 and 筑, never 建筑
    "reversed": ("国建中国贸易有限公司", None, ()),    # bigrams of 中国建, out of order
    "steel": ("河北钢铁集团有限公司", make_uscc("91130000104320018"), ()),
}


@pytest.fixture
def records(app, users, orgs) -> dict[str, int]:
    """Label -> id: the companies above, a contact, the matrix projects and a 建筑 project."""
    with app.app_context():
        ids = make_projects(users, orgs)
        for label, (name, uscc, former) in COMPANIES.items():
            company = Company(name=name, uscc=uscc,
                              former_names=[CompanyFormerName(name=n) for n in former])
            db.session.add(company)
            db.session.flush()
            ids[label] = company.id
        contact = Contact(company_id=ids["cscec"], name="王建国", title="投资部经理",
                          phone="138-0311-5678")
        project = Project(name="中国建筑华北总部基地项目")
        db.session.add_all([contact, project])
        db.session.commit()
        ids.update(contact=contact.id, cscec_project=project.id)
        return ids


def found(client, q: str) -> dict[str, set[str]]:
    """What /search?q= shows, as hrefs per group (projects, companies, contacts)."""
    page = client.get("/search", query_string={"q": q})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    groups = {}
    for key in ("projects", "companies", "contacts"):
        start = html.find(f'id="group-{key}"')
        end = html.find("</section>", start)
        section = html[start:end] if start >= 0 else ""
        groups[key] = {part.split('"')[0] for part in section.split('href="')[1:]}
    return groups


@pytest.fixture
def signed_in(client_for):
    """The shared client_for fixture under this area's name."""
    return client_for
