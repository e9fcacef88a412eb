"""The public 投资意向登记 page at /intake: no sign-in, a honeypot, a rate limit kept in the
database, a consent box (个人信息保护法) and a thank-you that shows nothing back."""

from flask import current_app, redirect, render_template, url_for

from crm.extensions import db
from crm.intake import queries, ratelimit
from crm.intake.blueprint import bp
from crm.intake.forms import PublicForm
from crm.models import IntakeSubmission, utcnow
from crm.names import normalise_company_name

CHANNEL = "wechat"  # 微信公众号: the page is linked from the county's public account


def notice() -> dict:
    """What the public pages say about the bureau: its name and contact from the settings
    (BUREAU_NAME, BUREAU_CONTACT), never the staff tool's brand or a placeholder number."""
    found = {"BUREAU": current_app.config["BUREAU_NAME"].strip() or "县招商局",
             "BUREAU_CONTACT": current_app.config["BUREAU_CONTACT"].strip()}
    # The same number the scheduler's housekeeping erases by (crm/reminders/housekeeping.py).
    found["INTAKE_RETENTION"] = f"自提交之日起{current_app.config['INTAKE_RETENTION_DAYS']}天"
    return found


@bp.route("/intake", methods=["GET", "POST"])
def public_form():
    form = PublicForm()
    if form.is_submitted():
        ip_hash = ratelimit.address_hash()
        if ratelimit.exceeded(ip_hash):
            return render_template("intake/limited.html", **notice()), 429
        if form.validate():
            if not form.website.data:  # a filled honeypot gets the same thank-you, unsaved
                _store(form, ip_hash)
            return redirect(url_for("intake.thanks"))
    return render_template("intake/public.html", form=form, **notice())


def _store(form: PublicForm, ip_hash: str) -> None:
    project = queries.new_lead(form.company_name.data, form.intention.data, form.amount,
                               CHANNEL)
    db.session.add(project)
    db.session.flush()
    db.session.add(IntakeSubmission(
        company_name=form.company_name.data,
        company_name_normalized=normalise_company_name(form.company_name.data),
        uscc=form.uscc_code, contact_name=form.contact_name.data,
        contact_phone=form.contact_phone.data, contact_email=form.contact_email.data or "",
        intention=form.intention.data, estimated_amount=form.amount, consent_at=utcnow(),
        ip_hash=ip_hash, project_id=project.id))
    ratelimit.record(ip_hash)
    db.session.commit()


@bp.get("/intake/thanks")
def thanks():
    return render_template("intake/thanks.html", **notice())
