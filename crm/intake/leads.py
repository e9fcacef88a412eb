"""全员招商: anyone in the county's work (reporters first) reports a lead at /leads/new and
follows it at /leads/mine. Reporters are shown no duplicate hints: they may not learn of
other projects."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from crm.access import roles_required
from crm.extensions import db
from crm.intake import queries
from crm.intake.blueprint import bp
from crm.intake.forms import LeadForm
from crm.models import Company, Contact, ProjectInvestor, Role

REPORT_ROLES = (Role.reporter, Role.staff, Role.liaison, Role.leader)
CHANNEL = "all_staff"  # 全员招商


@bp.route("/leads/new", methods=["GET", "POST"])
@roles_required(*REPORT_ROLES)
def new_lead():
    form = LeadForm()
    if form.validate_on_submit():
        project = queries.new_lead(form.company_name.data, form.intention.data, form.amount,
                                   CHANNEL, reporter=current_user)
        company = queries.match_company(form.company_name.data, form.uscc_code)
        if company is None:
            company = Company(name=form.company_name.data, uscc=form.uscc_code)
            db.session.add(company)
        db.session.add(Contact(company=company, name=form.contact_name.data,
                               phone=form.contact_phone.data, note="全员招商线索报送"))
        project.investors.append(ProjectInvestor(company=company, is_lead=True))
        db.session.add(project)
        db.session.commit()
        flash("线索已提交，招商局将尽快研判；结果可在“我报送的线索”中查看", "success")
        return redirect(url_for("intake.mine"))
    return render_template("intake/lead_form.html", form=form)


@bp.get("/leads/mine")
@roles_required(*REPORT_ROLES)
def mine():
    return render_template("intake/mine.html", rows=queries.mine(current_user))
