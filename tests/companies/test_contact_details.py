"""Contacts' phone, e-mail and WeChat are need-to-know (DESIGN.md, 个人信息保护法).

Leaders always see them; staff and admins unless the company is followed only in confidential
projects hidden from them; a liaison only for companies of projects they may read; reporters
never (they have no company pages). The same rule holds on the company page, the contact
edit and delete routes, and the search box (a phone number must not find a hidden contact).
"""

import pytest
import sqlalchemy as sa

from crm.extensions import db
from crm.models import Contact
from tests.companies.conftest import text
from tests.conftest import ref

PHONE, MAIL, WECHAT = "13903100777", "qian@jianzhu.example.com", "qian_jl"


@pytest.fixture
def company_with(app, make_company):
    """company_with(*project labels) -> (company id, contact id) of a company with one contact
    whose personal data carries the markers above."""
    def make(projects, *labels):
        company_id = make_company("建材集团有限公司",
                                  projects=[(projects[label], True) for label in labels])
        with app.app_context():
            contact = Contact(company_id=company_id, name="钱经理", title="总经理",
                              phone=PHONE, email=MAIL, wechat=WECHAT, note="只在上午接电话")
            db.session.add(contact)
            db.session.commit()
            return company_id, contact.id
    return make


def shows_details(page: str) -> bool:
    return any(marker in page for marker in (PHONE, MAIL, WECHAT, "只在上午接电话"))


# who -> (followed in no project, in a readable project, only in a hidden confidential one)
EXPECTED = {
    "leader": (True, True, True),
    "alice": (True, True, False),     # staff
    "admin": (True, True, False),
    "charlie": (False, True, False),  # liaison of 磁州镇: "unit" is theirs
}
CASES = {"none": (), "readable": ("unit",), "hidden": ("conf_unit",)}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_it_shows_contact_details_only_to_who_needs_them(client_for, projects, company_with,
                                                         who):
    client = client_for(who)
    seen = []
    for labels in CASES.values():
        company_id, _ = company_with(projects, *labels)
        page = text(client.get(f"/companies/{company_id}"))
        assert "钱经理" in page  # the name and title stay: the company is master data
        seen.append(shows_details(page))
        assert ("联系方式仅对跟进该企业项目的人员显示" in page) is not seen[-1]
    assert tuple(seen) == EXPECTED[who]


@pytest.mark.parametrize("who", list(EXPECTED))
def test_it_finds_a_contact_by_phone_only_for_who_may_see_it(client_for, projects, company_with,
                                                            app, who):
    found = []
    for labels in CASES.values():
        company_id, contact_id = company_with(projects, *labels)
        page = text(client_for(who).get(f"/search?q={PHONE}"))
        found.append(f'href="/companies/{company_id}"' in page and PHONE in page)
        with app.app_context():  # the next case's contact is the only one with the phone
            db.session.delete(db.session.get(Contact, contact_id))
            db.session.commit()
    assert tuple(found) == EXPECTED[who]


def test_it_refuses_staff_editing_or_deleting_a_contact_they_may_not_see(
        client_for, projects, company_with, rows):
    company_id, contact_id = company_with(projects, "conf_unit")
    alice = client_for("alice")
    base = f"/companies/{company_id}/contacts/{contact_id}"
    assert alice.get(f"{base}/edit").status_code == 403
    assert alice.post(f"{base}/edit", data={"name": "改", "version": 1}).status_code == 403
    assert alice.post(f"{base}/delete").status_code == 403
    assert rows(sa.select(Contact.name, Contact.phone)) == [("钱经理", PHONE)]
    page = text(alice.get(f"/companies/{company_id}"))
    assert f"{base}/edit" not in page and f"{base}/delete" not in page
    # Bob is on the team of a confidential project of the same company: he follows it.
    company_id, contact_id = company_with(projects, "conf_team")
    assert client_for("bob").get(f"/companies/{company_id}/contacts/{contact_id}/edit"
                                 ).status_code == 200


def test_it_never_shows_a_reporter_any_contact(client_for, projects, company_with):
    company_id, _ = company_with(projects, "submission")
    reporter = client_for("reporter")
    assert reporter.get(f"/companies/{company_id}").status_code == 403
    assert reporter.get(f"/search?q={PHONE}").status_code == 403
    page = reporter.get(f"/projects/{ref(projects['submission'])}")
    assert page.status_code == 200 and PHONE not in text(page)
