"""Contacts on the company page: add, edit (with a version), delete."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from crm.access import can_see_contact_details, roles_required
from crm.companies.blueprint import bp
from crm.companies.forms import CONFLICT, ContactForm
from crm.companies.views import EDITORS, get_company
from crm.extensions import db
from crm.forms import commit_or_conflict
from crm.models import Contact
from crm.models.work import followup_contacts

_FIELDS = ("name", "title", "phone", "email", "wechat", "note")


def _get_contact(company_id: int, contact_id: int) -> Contact:
    contact = db.session.get(Contact, contact_id)
    if contact is None or contact.company_id != company_id:
        abort(404)
    return contact


def _apply(form: ContactForm, contact: Contact) -> None:
    contact.name, contact.title, contact.phone = form.name.data, form.title.data, form.phone.data
    contact.email = (form.email.data or "").lower()
    contact.wechat, contact.note = form.wechat.data, form.note.data


def _with_contact_details(company_id: int):
    """The company, if the user may see its contacts' phone, e-mail and WeChat (need-to-know:
    not when it is followed only in confidential projects hidden from them)."""
    company = get_company(company_id)
    if not can_see_contact_details(current_user, company):
        abort(403)
    return company


def _back(company_id: int):
    return redirect(url_for("companies.detail", company_id=company_id, _anchor="contacts"))


@bp.route("/<id:company_id>/contacts/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def contact_new(company_id: int):
    company = get_company(company_id)
    form = ContactForm()
    if form.validate_on_submit():
        contact = Contact(company=company)
        _apply(form, contact)
        db.session.add(contact)
        db.session.commit()
        flash(f"已添加联系人「{contact.name}」", "success")
        return _back(company.id)
    return render_template("companies/contact_form.html", form=form, company=company,
                           contact=None)


@bp.route("/<id:company_id>/contacts/<id:contact_id>/edit",
          methods=["GET", "POST"])
@roles_required(*EDITORS)
def contact_edit(company_id: int, contact_id: int):
    company = _with_contact_details(company_id)
    contact = _get_contact(company_id, contact_id)
    form = ContactForm(editing=True, version=contact.version,
                       **{name: getattr(contact, name) for name in _FIELDS})
    if form.validate_on_submit():
        if form.version.data != contact.version:
            form.form_errors.append(CONFLICT)
        else:
            _apply(form, contact)
            if commit_or_conflict(form, CONFLICT):
                flash(f"已保存联系人「{contact.name}」", "success")
                return _back(company.id)
    status = 409 if CONFLICT in form.form_errors else 200
    if status == 409:
        contact = _get_contact(company_id, contact_id)
    return render_template("companies/contact_form.html", form=form, company=company,
                           contact=contact), status


@bp.post("/<id:company_id>/contacts/<id:contact_id>/delete")
@roles_required(*EDITORS)
def contact_delete(company_id: int, contact_id: int):
    contact = _get_contact(_with_contact_details(company_id).id, contact_id)
    name = contact.name
    # Checked over every follow-up, readable or not, but worded so that it does not tell
    # the user of follow-ups in confidential projects hidden from them.
    if db.session.scalar(sa.select(followup_contacts.c.followup_id)
                         .where(followup_contacts.c.contact_id == contact.id).limit(1)):
        flash(f"联系人「{name}」已被其他记录引用，不能删除；可修改其信息或在备注中说明",
              "warning")
        return _back(company_id)
    db.session.delete(contact)
    db.session.commit()
    flash(f"已删除联系人「{name}」", "success")
    return _back(company_id)
