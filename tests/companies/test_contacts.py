"""Contacts on the company page: add, edit with a version, delete by POST."""

from datetime import date

import sqlalchemy as sa

from crm.extensions import db
from crm.models import Contact, DictItem, DictKind, FollowUp
from tests.companies.conftest import text

PERSON = {"name": "钱经理", "title": "投资总监", "phone": "+86 138-0000-0000",
          "email": "Qian@Example.com", "wechat": "qian_wx", "note": "负责华北投资"}


def contact_of(get, company_id):
    return get(sa.select(Contact).where(Contact.company_id == company_id))


def test_it_adds_a_contact_shown_on_the_company_page(client_for, make_company, get):
    company_id = make_company("联系人企业有限公司")
    client = client_for("alice")
    response = client.post(f"/companies/{company_id}/contacts/new", data=PERSON)
    assert response.status_code == 302
    row = get(sa.select(Contact.name, Contact.title, Contact.email, Contact.wechat))[0]
    assert tuple(row) == ("钱经理", "投资总监", "qian@example.com", "qian_wx")
    assert "投资总监" in text(client.get(f"/companies/{company_id}"))


def test_it_rejects_a_bad_email_and_phone(client_for, make_company, get):
    company_id = make_company("联系人企业有限公司")
    page = text(client_for("alice").post(f"/companies/{company_id}/contacts/new",
                                         data={**PERSON, "email": "qian@", "phone": "电话"}))
    assert "邮箱格式不正确" in page and "电话只能包含数字" in page
    assert not get(sa.select(Contact.id))


def test_it_edits_a_contact_and_refuses_a_stale_version(client_for, make_company, get):
    company_id = make_company("联系人企业有限公司", contacts=["钱经理"])
    contact_id, version = get(sa.select(Contact.id, Contact.version))[0]
    url = f"/companies/{company_id}/contacts/{contact_id}/edit"
    alice, bob = client_for("alice"), client_for("bob")
    assert alice.post(url, data={**PERSON, "title": "副总", "version": version}).status_code == 302
    stale = bob.post(url, data={**PERSON, "title": "总经理", "version": version})
    assert stale.status_code == 409 and "该记录已被他人修改" in text(stale)
    assert get(sa.select(Contact.title)) == ["副总"]


def test_it_deletes_by_post_only(client_for, make_company, get):
    company_id = make_company("联系人企业有限公司", contacts=["钱经理"])
    contact_id = get(sa.select(Contact.id))[0]
    url = f"/companies/{company_id}/contacts/{contact_id}/delete"
    client = client_for("alice")
    assert client.get(url).status_code == 405 and get(sa.select(Contact.id)) == [contact_id]
    assert client.post(url).status_code == 302 and not get(sa.select(Contact.id))


def test_it_asks_before_deleting(client_for, make_company):
    company_id = make_company("联系人企业有限公司", contacts=["钱经理"])
    page = text(client_for("alice").get(f"/companies/{company_id}"))
    assert 'data-confirm="删除联系人「钱经理」？"' in page


def test_it_answers_404_for_a_contact_of_another_company(client_for, make_company, get):
    make_company("甲企业有限公司", contacts=["钱经理"])
    other = make_company("乙企业有限公司")
    contact_id = get(sa.select(Contact.id))[0]
    client = client_for("alice")
    assert client.get(f"/companies/{other}/contacts/{contact_id}/edit").status_code == 404
    assert client.post(f"/companies/{other}/contacts/{contact_id}/delete").status_code == 404
    assert get(sa.select(Contact.id)) == [contact_id]


def test_it_leaves_contacts_read_only_for_a_liaison(client_for, make_company, get):
    company_id = make_company("联系人企业有限公司", contacts=["钱经理"])
    contact_id = get(sa.select(Contact.id))[0]
    charlie = client_for("charlie")
    page = text(charlie.get(f"/companies/{company_id}"))
    assert "钱经理" in page and "添加联系人" not in page
    assert charlie.post(f"/companies/{company_id}/contacts/new", data=PERSON).status_code == 403
    assert charlie.post(f"/companies/{company_id}/contacts/{contact_id}/delete").status_code == 403
    assert get(sa.select(Contact.name)) == ["钱经理"]


def test_it_refuses_to_delete_a_contact_in_a_hidden_followup_without_saying_where(
        app, client_for, make_company, projects, users, get):
    # Followed in alice's own project too, so she sees the contact; the follow-up that uses it
    # is in a confidential project she may not see.
    company_id = make_company("联系人企业有限公司", contacts=["钱经理"],
                              projects=[(projects["own"], False), (projects["confidential"], True)])
    contact_id = get(sa.select(Contact.id))[0]
    with app.app_context():
        contact = db.session.get(Contact, contact_id)
        kind = db.session.scalar(sa.select(DictItem.id).where(
            DictItem.kind == DictKind.followup_type).limit(1))
        db.session.add(FollowUp(project_id=projects["confidential"], author_id=users["leader"],
                                kind_id=kind, contact_date=date(2026, 3, 1),
                                summary="总部选址洽谈", contacts=[contact]))
        db.session.commit()
    url = f"/companies/{company_id}/contacts/{contact_id}/delete"
    page = text(client_for("alice").post(url, follow_redirects=True))
    assert "联系人「钱经理」已被其他记录引用，不能删除" in page
    assert "对接记录" not in page.split('id="contacts"')[0] and "总部选址洽谈" not in page
    assert get(sa.select(Contact.name)) == ["钱经理"]
