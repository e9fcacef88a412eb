"""线索研判: the queue of pending leads and the accept / reject / duplicate actions."""

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from crm.access import can_read, get_project, roles_required
from crm.domain.stages import PipelineClass, Screening, Stage
from crm.extensions import db
from crm.forms import org_choices
from crm.intake import queries
from crm.intake.blueprint import bp
from crm.intake.forms import NO_SUCH_PROJECT, AcceptForm, DuplicateForm, FindForm, RejectForm
from crm.localtime import today
from crm.models import Company, Contact, Project, ProjectInvestor, Role
from crm.projects import lifecycle, ref
from crm.search.text import query_runs

QUEUE_ROLES = (Role.staff, Role.leader, Role.admin)
SCREEN_ROLES = (Role.staff, Role.leader)
NOT_PENDING = "该线索已研判，请刷新页面"


@dataclass
class Finding:
    """A search by name for the project one lead duplicates (?find=<lead token>&q=...)."""

    lead_id: int
    form: FindForm
    projects: list[Project] | None = None  # None: no valid search was made


@bp.get("/intake/queue")
@roles_required(*QUEUE_ROLES)
def queue():
    return render_queue(find_form=FindForm(request.args))


def render_queue(status: int = 200, failed_id: int | None = None,
                 find_form: FindForm | None = None, **forms):
    """The queue page. No integer project id appears on it: cards, fields and choices carry
    the opaque token (crm/projects/ref.py), the screener sees names and submission times."""
    leads = queries.pending(current_user)
    submissions = queries.submissions_of([lead.id for lead in leads])
    found = {lead.id: queries.candidates(current_user, lead, submissions.get(lead.id))
             for lead in leads}
    may_screen = current_user.role in SCREEN_ROLES
    finding = _finding(leads, find_form) if may_screen and find_form is not None else None
    accept_forms = {}
    if may_screen:
        orgs = org_choices()
        failed = forms.get("accept_form")
        accept_forms = {lead.id: failed if failed is not None and lead.id == failed_id
                        else _accept_form(lead, formdata=None, orgs=orgs) for lead in leads}
    return render_template(
        "intake/queue.html", leads=leads, submissions=submissions, found=found,
        failed_id=failed_id, may_screen=may_screen, finding=finding, token=ref.encode,
        confidential_hit=queries.CONFIDENTIAL_HIT, duplicates_of=queries.duplicates_of,
        target_limit=queries.TARGET_LIMIT, accept_forms=accept_forms,
        reject_form=forms.get("reject_form") or RejectForm(formdata=None),
        duplicate_form=forms.get("duplicate_form") or DuplicateForm(formdata=None)), status


def _finding(leads: list[Project], form: FindForm) -> Finding | None:
    """The search for one pending lead on the page; None when `find` names none of them
    (missing, garbage, another app's token, a lead already screened or not readable)."""
    lead_id = ref.decode(form.find.data or "")
    lead = next((lead for lead in leads if lead.id == lead_id), None)
    if lead is None:
        return None
    finding = Finding(lead.id, form)
    if form.validate():
        runs = query_runs(form.q.data)
        if runs:
            finding.projects = queries.targets_named(current_user, lead, runs)
        else:
            form.q.errors.append("请输入汉字、字母或数字")
    return finding


def _pending_lead(project_id: int) -> Project:
    lead = get_project(project_id)
    if lead.screening != Screening.pending:
        flash(NOT_PENDING, "warning")
        abort(redirect(url_for("intake.queue")))
    return lead


def _accept_form(lead: Project, **kwargs) -> AcceptForm:
    """The 受理 form of one lead card: what the lead already says, and a staff screener as the
    owner unless they choose a colleague."""
    own = current_user.id if current_user.role == Role.staff else 0
    return AcceptForm(prefix=f"accept-{ref.encode(lead.id)}", org_id=lead.org_id or 0,
                      leader_id=lead.leader_id or 0, owner_id=lead.owner_id or own,
                      pipeline_class=lead.pipeline_class.value if lead.pipeline_class else "",
                      **kwargs)


@bp.post("/intake/<project:project_id>/accept")
@roles_required(*SCREEN_ROLES)
def accept(project_id: int):
    lead = _pending_lead(project_id)
    form = _accept_form(lead)
    if not form.validate_on_submit():
        return render_queue(400, failed_id=lead.id, accept_form=form)
    submission = queries.submissions_of([lead.id]).get(lead.id)
    if submission is not None and not lead.investors:
        company = queries.match_company(submission.company_name, submission.uscc) or Company(
            name=submission.company_name, uscc=submission.uscc)
        company.contacts.append(Contact(name=submission.contact_name,
                                        phone=submission.contact_phone,
                                        email=submission.contact_email, note="投资意向登记"))
        lead.investors.append(ProjectInvestor(company=company, is_lead=True))
    lead.screening = Screening.accepted
    lead.org_id, lead.leader_id = form.org_id.data or None, form.leader_id.data or None
    lead.pipeline_class = PipelineClass(form.pipeline_class.data) \
        if form.pipeline_class.data else None
    lead.owner_id = form.owner_id.data or None
    # Accepting is progress: the lead's health counts from today, not from when it was sent.
    errors = lifecycle.move_stage(lead, Stage.screening, on=today(), by=current_user,
                                  note="线索研判：受理")
    if errors:
        db.session.rollback()
        flash("；".join(errors), "warning")
        return redirect(url_for("intake.queue"))
    db.session.commit()
    flash(f"已受理「{lead.name}」，进入研判阶段", "success")
    return redirect(url_for("projects.detail", project_id=lead.id))


@bp.post("/intake/<project:project_id>/reject")
@roles_required(*SCREEN_ROLES)
def reject(project_id: int):
    lead = _pending_lead(project_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return render_queue(400, failed_id=lead.id, reject_form=form)
    lead.screening, lead.screening_reason = Screening.rejected, form.reason.data
    db.session.commit()
    flash(f"已标记「{lead.name}」为不予受理", "success")
    return redirect(url_for("intake.queue"))


@bp.post("/intake/<project:project_id>/duplicate")
@roles_required(*SCREEN_ROLES)
def duplicate(project_id: int):
    lead = _pending_lead(project_id)
    form = DuplicateForm()
    target = None
    if form.validate_on_submit():
        # The choice is a project token: a garbage, tampered or foreign one decodes to None.
        target_id = ref.decode(form.duplicate_of.data)
        target = db.session.get(Project, target_id) if target_id is not None else None
        if target is None or target.id == lead.id or not can_read(current_user, target):
            form.duplicate_of.errors.append(NO_SUCH_PROJECT)
            target = None
        elif target.screening == Screening.duplicate:
            form.duplicate_of.errors.append("该项目本身是重复报送，请选择它所重复的原项目")
            target = None
    if target is None:
        search = FindForm(MultiDict({"find": ref.encode(lead.id), "q": form.q.data or ""}))
        return render_queue(400, failed_id=lead.id, duplicate_form=form,
                            find_form=search if form.q.data else None)
    lead.screening, lead.duplicate_of_id = Screening.duplicate, target.id
    if target.first_contact_by_id is None and lead.reported_by_id is not None:
        target.first_contact_by_id = lead.reported_by_id  # 首报: the first reporter is kept
    db.session.commit()
    flash(f"已将「{lead.name}」标记为「{target.name}」的重复报送", "success")
    return redirect(url_for("intake.queue"))


@bp.app_template_global()
def duplicate_reports(project: Project) -> list[Project]:
    """Later reports of the same investor (重复报送), shown on the project page."""
    return queries.duplicates_of(project.id, current_user)
