"""Activity list, page, create and edit."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.attributes import flag_modified

from crm import pagination
from crm.access import roles_required
from crm.activities import queries
from crm.activities.blueprint import bp
from crm.activities.forms import CONFLICT, ActivityEditForm, ActivityForm
from crm.extensions import db
from crm.forms import commit_or_conflict, query_int
from crm.models import Activity, Role, User

READERS = (Role.leader, Role.staff, Role.admin)
# DESIGN.md access table: leaders write 招商活动; staff (and leaders) raise the leads met at one.
WRITERS = (Role.leader,)
LEAD_RAISERS = (Role.leader, Role.staff)


def get_activity(activity_id: int) -> Activity:
    activity = db.session.get(Activity, activity_id)
    if activity is None:
        abort(404)
    return activity


@bp.get("")
@roles_required(*READERS)
def index():
    kind = query_int(request.args.get("kind"))
    query = queries.filtered(kind)
    total = queries.count(query)
    shown = pagination.page(query_int(request.args.get("page")), total, queries.PER_PAGE)
    activities = queries.page_of(query, shown.offset)
    return render_template(
        "activities/index.html", activities=activities, total=total, page=shown.number,
        pages=shown.pages,
        kind=kind, kinds=queries.kinds(), may_create=current_user.role in WRITERS,
        counts=queries.lead_counts(current_user, [a.id for a in activities]))


@bp.get("/<id:activity_id>")
@roles_required(*READERS)
def detail(activity_id: int):
    activity = get_activity(activity_id)
    leads = queries.readable_leads(current_user, activity.id)
    return render_template(
        "activities/detail.html", activity=activity, leads=leads,
        conversion=queries.conversion(leads), may_write=current_user.role in WRITERS,
        may_raise=current_user.role in LEAD_RAISERS)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*WRITERS)
def new():
    form = ActivityForm()
    if form.validate_on_submit():
        activity = Activity(created_by_id=current_user.id)
        _assign(activity, form)
        db.session.add(activity)
        db.session.commit()
        flash(f"已创建招商活动「{activity.title}」", "success")
        return redirect(url_for("activities.detail", activity_id=activity.id))
    return render_template("activities/form.html", form=form, activity=None)


@bp.route("/<id:activity_id>/edit", methods=["GET", "POST"])
@roles_required(*WRITERS)
def edit(activity_id: int):
    activity = get_activity(activity_id)
    form = ActivityEditForm(activity=activity, **_initial(activity))
    if form.validate_on_submit() and form.version.data == activity.version:
        _assign(activity, form)
        if commit_or_conflict(form, CONFLICT):
            flash(f"已保存招商活动「{activity.title}」", "success")
            return redirect(url_for("activities.detail", activity_id=activity.id))
    elif form.is_submitted() and (form.version.errors or form.version.data != activity.version):
        form.form_errors.append(CONFLICT)
    status = 409 if CONFLICT in form.form_errors else 200
    return render_template("activities/form.html", form=form, activity=activity), status


def _initial(activity: Activity) -> dict:
    return dict(kind_id=activity.kind_id, title=activity.title, held_on=activity.held_on,
                platform_id=activity.platform_id or 0, location=activity.location,
                organiser_org_id=activity.organiser_org_id or 0, notes=activity.notes,
                leaders=[user.id for user in activity.leaders], version=activity.version)


def _assign(activity: Activity, form: ActivityForm) -> None:
    # Load the leaders first: the query would otherwise autoflush a half-assigned row.
    leaders = list(db.session.scalars(
        sa.select(User).where(User.id.in_(form.leaders.data or [])).order_by(User.name)))
    activity.kind_id = form.kind_id.data
    activity.title, activity.held_on = form.title.data, form.held_on.data
    activity.platform_id = form.platform_id.data or None
    activity.location, activity.notes = form.location.data, form.notes.data
    activity.organiser_org_id = form.organiser_org_id.data or None
    activity.leaders = leaders
    flag_modified(activity, "title")  # a leaders-only change bumps the version too
