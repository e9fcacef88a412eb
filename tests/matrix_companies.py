"""Authorization matrix entries for the company pages (merged into tests/matrix.py)."""

from crm.extensions import db
from crm.models import Company, Contact
from tests.matrix import MISSING, Route

# Company master data and contacts are written by staff; merged by admins and by staff (a
# staff member must own a project of either company: tests/companies/test_merge.py).
READ = frozenset({"leader", "staff", "liaison", "admin"})
EDIT = frozenset({"staff"})
MERGE = frozenset({"staff", "admin"})

ENDPOINTS = {
    "companies.index": Route(roles=READ),
    "companies.detail": Route(roles=READ),
    "companies.new": Route(roles=EDIT),
    "companies.edit": Route(roles=EDIT),
    "companies.merge": Route(roles=MERGE),
    "companies.contact_new": Route(roles=EDIT),
    "companies.contact_edit": Route(roles=EDIT),
    "companies.contact_delete": Route(post_only=True, writers=EDIT),
}

ARGUMENTS = {
    "company_id": "company",
    "contact_id": "contact",
}


def make_records(users, orgs, records) -> dict[str, dict[str, object]]:
    company = Company(name="矩阵测试科技有限公司")
    contact = Contact(company=company, name="周经理")
    db.session.add_all([company, contact])
    db.session.commit()
    return {"company": {"plain": company.id, "missing": MISSING},
            "contact": {"plain": contact.id, "missing": MISSING}}
