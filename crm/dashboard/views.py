"""/dashboard (领导驾驶舱), its drill-down list and the unit ranking (考核排名)."""

from datetime import date

import sqlalchemy as sa
from flask import abort, render_template, request, url_for
from flask_login import current_user

from crm import pagination
from crm.access import roles_required
from crm.dashboard import cockpit, period
from crm.dashboard.blueprint import bp
from crm.dashboard.measures import DIMENSIONS, KEY_INVESTORS, MEASURES, Scope, drill, grouped
from crm.domain import metrics
from crm.domain.money import yuan_to_yi
from crm.domain.stages import Health, PipelineClass, Stage
from crm.extensions import db
from crm.forms import MAX_ID, parse_int
from crm.localtime import today
from crm.models import Activity, Org, Role, Target, TargetMetric, utcnow
from crm.reference_data import stage_label
from crm.web import local_time

VIEWERS = (Role.leader, Role.staff, Role.admin)
DRILL_ROWS = 50


def scope_from_request() -> tuple[period.Choice, Scope]:
    """The period, activity and viewer a request asks for (the cockpit, its drill lists and
    the reports read the same picker); an activity that does not exist falls back to all."""
    day = today()
    choice, chosen = period.read(request.args, day)
    if choice.activity_id is not None and db.session.get(Activity, choice.activity_id) is None:
        choice.errors["activity"] = "所选招商活动不存在，已显示全部活动"
        choice.activity_id = None
    return choice, Scope(current_user, chosen, choice.activity_id, day)


@bp.get("")
@roles_required(*VIEWERS)
def index():
    choice, scope = scope_from_request()
    built = cockpit.build(scope)
    charts = _chart_data(choice, scope, built)
    week_start, _end = metrics.week_before(scope.today)
    week = period.Choice("custom", 0, 0, 0, week_start.isoformat(), scope.today.isoformat(),
                         choice.activity_id)
    return render_template(
        "dashboard/index.html", choice=choice, scope=scope, c=built, kinds=period.KINDS,
        activities=cockpit.activities_to_pick(choice.activity_id), measures=MEASURES,
        charts=charts, dimensions=DIMENSIONS, f=built.figures,
        key_investors=KEY_INVESTORS, classes=list(PipelineClass), colours=list(Health),
        printed_at=local_time(utcnow()), metrics=metrics,
        progress=metrics.schedule_progress(built.target_day),
        lists=cockpit.lists(scope, built=built),
        week=week, link=drill_link, yi=yuan_to_yi,
    ), 422 if choice.errors else 200


def drill_link(choice: period.Choice, measure: str, **narrow) -> str:
    """The drill-down list of a measure under this period and activity, narrowed by
    dimension keys (None -> "none": not set)."""
    args = choice.args(measure=measure)
    for key, value in narrow.items():
        args[f"by_{key}"] = "none" if value is None else str(value)
    return url_for("dashboard.projects", **args)


def _chart_data(choice: period.Choice, scope: Scope, built: cockpit.Cockpit) -> dict:
    """The charts' series for static/js/dashboard.js; each point carries its drill link."""
    def bars(dimension, rows):
        return [{"name": b.label, "value": float(yuan_to_yi(b.total)), "count": b.count,
                 "url": drill_link(choice, "amount", **{dimension: b.key})} for b in rows]

    if built.funnel_from_tallies:
        funnel_url = lambda stage: url_for("projects.index", stage=stage, status="normal")  # noqa: E731
    else:
        funnel_url = lambda stage: drill_link(choice, "pipeline", stage=stage)  # noqa: E731
    year = scope.period.end.year
    return {
        "funnel": [{"name": b.label, "value": b.count, "url": funnel_url(b.key)}
                   for b in built.funnel],
        "months": {
            "labels": [f"{m}月" for m in range(1, 13)],
            "series": [{"name": f"{y}年", "amount": [float(yuan_to_yi(t)) for _, t in rows],
                        "count": [n for n, _ in rows],
                        "urls": [_month_link(choice, y, m) for m in range(1, 13)]}
                       for y, rows in ((year, built.months["this"]),
                                       (year - 1, built.months["last"]))],
        },
        "breakdowns": {d: {"title": DIMENSIONS[d].label, "bars": bars(d, rows)}
                       for d, rows in built.breakdowns.items()},
        "talks": {
            "classes": [f"{c.value}类" for c in PipelineClass] + ["未分类"],
            "series": [{"name": h.label, "colour": h.value,
                        "data": [{"value": built.talks_matrix[k][h.value],
                                  "url": drill_link(choice, "talks", health=h.value,
                                                    **{"class": None if k == "none" else k})}
                                 for k in [c.value for c in PipelineClass] + ["none"]]}
                       for h in Health],
        },
        "key_investors": {
            "stages": [b.label for b in built.funnel],
            "series": [{"name": label,
                        "data": [{"value": built.key_investors[g].get(b.key, 0),
                                  "url": drill_link(choice, "pipeline", key=g, stage=b.key)}
                                 for b in built.funnel]}
                       for g, (label, _kind, _codes) in KEY_INVESTORS.items()],
        },
    }


def _month_link(choice: period.Choice, year: int, month_no: int) -> str:
    """签约金额 of one month of the chart (this year's or last year's), same activity."""
    month_choice = period.Choice("month", year, month_no, 1, activity_id=choice.activity_id)
    return url_for("dashboard.projects", **month_choice.args(measure="amount"))


@bp.get("/projects")
@roles_required(*VIEWERS)
def projects():
    choice, scope = scope_from_request()
    key = request.args.get("measure") or "signed"  # bare: the period's signed projects
    if key not in MEASURES:
        abort(404)
    narrow, labels = narrowing(scope)
    page = parse_int(request.args.get("page", ""), minimum=1, maximum=MAX_ID) or 1
    count, total, _rows = drill(scope, key, narrow, 0, 0)
    shown = pagination.page(page, count, DRILL_ROWS)
    _count, _total, rows = drill(scope, key, narrow, shown.offset, DRILL_ROWS)
    return render_template(
        "dashboard/projects.html", choice=choice, scope=scope, measure=MEASURES[key],
        count=count, total=total, rows=rows, page=shown, narrowing=labels,
        args={k: v for k, v in request.args.items() if k != "page"}, yi=yuan_to_yi,
        hidden={k: v for k, v in request.args.items() if k == "measure" or k.startswith("by_")},
        kinds=period.KINDS, metrics=metrics,
        printed_at=local_time(utcnow())), 422 if choice.errors else 200


def narrowing(scope: Scope) -> tuple[dict, list[tuple[str, str]]]:
    """by_<dimension>=key parameters -> the filters, and their (dimension, value) labels."""
    narrow, labels = {}, []
    for name, raw in request.args.items():
        if not name.startswith("by_"):
            continue
        dimension = name[3:]
        if dimension == "key":
            if raw not in KEY_INVESTORS:
                abort(404)
            narrow["key"] = raw
            labels.append(("重点企业", KEY_INVESTORS[raw][0]))
            continue
        if dimension not in DIMENSIONS:
            abort(404)
        value = _dimension_key(dimension, raw)
        narrow[dimension] = value
        labels.append((DIMENSIONS[dimension].label, _dimension_label(dimension, value)))
    return narrow, labels


def _dimension_key(dimension: str, raw: str):
    names = DIMENSIONS[dimension].names
    if raw == "none":
        return None
    if names in ("dict", "user", "org", "activity"):
        value = parse_int(raw, minimum=1, maximum=MAX_ID)
        if value is None:
            abort(404)
        return value
    allowed = {"stage": [s.value for s in Stage],
               "class": [c.value for c in PipelineClass],
               "health": [h.value for h in Health]}[names]
    if raw not in allowed:
        abort(404)
    return raw


def _dimension_label(dimension: str, value) -> str:
    if value is None:
        return "未填写"
    names = DIMENSIONS[dimension].names
    if names in ("dict", "user", "org", "activity"):
        found = cockpit.names_of({dimension: [((value,), 0, 0)]})
        return found.get((names, value), "（已删除）")
    if names == "stage":
        return stage_label(Stage(value))
    if names == "class":
        return f"{value}类"
    return Health(value).label


@bp.get("/ranking")
@roles_required(*VIEWERS)
def ranking():
    day = today()
    year = parse_int(request.args.get("year", ""), minimum=period.FIRST_YEAR,
                     maximum=day.year + 1) or day.year
    by = request.args.get("by", TargetMetric.signed_amount.value)
    metric = TargetMetric(by) if by in TargetMetric.__members__ else TargetMetric.signed_amount
    until = min(date(year, 12, 31), day)
    if until.year != year:
        until = date(year, 1, 1)
    scope = Scope(current_user, metrics.Period(date(year, 1, 1), until, f"{year}年"), None, day)
    actual: dict[tuple[TargetMetric, int | None], int] = {}
    for each, (key, of) in cockpit.TARGET_MEASURES.items():
        for (org_id,), count, total in grouped(scope, key, ("org",)):
            actual[(each, org_id)] = count if of == "count" else total
    goals = {(t.metric, t.org_id): t.value for t in db.session.scalars(
        sa.select(Target).where(Target.year == year, Target.org_id.is_not(None)))}
    orgs = db.session.scalars(sa.select(Org).where(Org.active.is_(True))
                              .order_by(Org.sort_order, Org.name)).all()
    progress = metrics.schedule_progress(until)
    rows = []
    for org in orgs:
        cells = {m: (actual.get((m, org.id), 0), goals.get((m, org.id))) for m in TargetMetric}
        if not any(a or g for a, g in cells.values()):
            continue  # a unit with neither a target nor a figure this year
        rows.append((org, {m: (a, g, metrics.completion(a, g)) for m, (a, g) in cells.items()}))
    rows.sort(key=lambda row: (row[1][metric][2] is None, -(row[1][metric][2] or 0),
                               -row[1][metric][0], row[0].sort_order, row[0].name))
    return render_template("dashboard/ranking.html", rows=rows, year=year, metric=metric,
                           metrics_list=list(TargetMetric), progress=progress, until=until,
                           today=day, m=metrics, printed_at=local_time(utcnow()),
                           yi=yuan_to_yi, measure_of=cockpit.TARGET_MEASURES)
