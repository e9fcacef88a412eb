"""What the cockpit shows, assembled from the measures: tiles, rates, targets, charts, lists.

Every number here comes from crm/dashboard/measures.py (one definition per number, also used by
its drill-down) and every rate and progress figure from crm/domain/metrics.py.
"""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from crm.dashboard.measures import (
    DIMENSIONS,
    KEY_INVESTORS,
    Scope,
    drill,
    grouped,
    per_month,
    totals,
)
from crm.domain import metrics
from crm.domain.stages import Health, PipelineClass, Stage, Status
from crm.extensions import db
from crm.models import Activity, DictItem, Org, Role, Target, TargetMetric, User
from crm.projects import tallies
from crm.reference_data import stage_label

TILE_KEYS = ("signed", "amount", "intent", "talks", "started", "producing", "funds",
             "cohort_started", "cohort_producing", "cohort_agreed", "cohort_funds",
             "cohort_due", "cohort_on_time", "signed_not_started", "overdue", "red", "yellow")
YOY_KEYS = ("signed", "amount", "intent", "funds", "started", "producing")
# Each target metric and the measure (and which of its two aggregates) that is its actual.
TARGET_MEASURES = {
    TargetMetric.signed_count: ("signed", "count"),
    TargetMetric.signed_amount: ("amount", "sum"),
    TargetMetric.funds_arrived: ("funds", "sum"),
    TargetMetric.started_count: ("started", "count"),
    TargetMetric.producing_count: ("producing", "count"),
}
BREAKDOWNS = ("cluster", "nature", "channel", "activity", "leader", "org", "owner")


@dataclass
class Figure:
    """One measure's two aggregates, and the same a year earlier where compared."""

    key: str
    count: int
    total: int
    before: tuple[int, int] | None = None

    def growth(self, of: str) -> object:
        if self.before is None:
            return None
        now, then = (self.count, self.before[0]) if of == "count" else (self.total,
                                                                          self.before[1])
        return metrics.year_on_year(now, then)


@dataclass
class Rate:
    label: str
    part: str  # measure keys: numerator and denominator, each clickable
    whole: str
    of: str  # "count" or "sum"
    value: object = None


@dataclass
class TargetProgress:
    metric: TargetMetric
    measure: str
    of: str
    actual: int
    target: int | None
    completion: object
    progress: object  # 序时进度 on the day the actual runs to

    @property
    def behind(self) -> bool:
        return self.completion is not None and self.completion < self.progress


@dataclass
class Bar:
    key: object  # the dimension's key (None: not set), as the drill link carries it
    label: str
    count: int
    total: int


@dataclass
class Cockpit:
    figures: dict[str, Figure]
    rates: list[Rate]
    targets: list[TargetProgress]
    target_day: date
    funnel: list[Bar] = field(default_factory=list)
    funnel_from_tallies: bool = False
    months: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    breakdowns: dict[str, list[Bar]] = field(default_factory=dict)
    talks_matrix: dict[str, dict[str, int]] = field(default_factory=dict)
    key_investors: dict[str, dict[str, int]] = field(default_factory=dict)
    overdue_by_org: list[Bar] = field(default_factory=list)


def build(scope: Scope) -> Cockpit:
    now = totals(scope, TILE_KEYS)
    before = totals(_shifted(scope, scope.period.year_earlier()), YOY_KEYS)
    figures = {key: Figure(key, *now[key], before=before.get(key)) for key in TILE_KEYS}
    rates = [Rate("开工率", "cohort_started", "signed", "count"),
             Rate("投产率", "cohort_producing", "signed", "count"),
             Rate("资金到位率", "cohort_funds", "cohort_agreed", "sum"),
             Rate("履约率", "cohort_on_time", "cohort_due", "count")]
    for rate in rates:
        index = 0 if rate.of == "count" else 1
        part, whole = now[rate.part][index], now[rate.whole][index]
        rate.value = metrics.rate(part, whole)
    targets, target_day = target_progress(scope, known=now)
    cockpit = Cockpit(figures, rates, targets, target_day)
    _charts(scope, cockpit)
    return cockpit


def _shifted(scope: Scope, period: metrics.Period, activity: bool = True) -> Scope:
    return Scope(scope.user, period, scope.activity_id if activity else None, scope.today)


def target_progress(scope: Scope, known: dict | None = None
                    ) -> tuple[list[TargetProgress], date]:
    """The county's year targets against the actual from 1 January to the end of the period,
    beside 序时进度 on that day or today, if sooner (no figure is dated after today: the forms
    refuse future dates). Targets are county-wide: the activity picker does not narrow them."""
    year = scope.period.end.year
    day = min(scope.period.end, scope.today)
    if day.year != year:  # a period entirely ahead: nothing has happened yet
        day = date(year, 1, 1)
    ytd = _shifted(scope, metrics.Period(date(year, 1, 1), scope.period.end, f"{year}年"),
                   activity=False)
    wanted = sorted({m for m, _ in TARGET_MEASURES.values()})
    same = (known is not None and scope.activity_id is None
            and (scope.period.start, scope.period.end) == (ytd.period.start, ytd.period.end))
    # 1–N月 of this year (the default) is the targets' own range: its tiles are the actuals.
    actual = {key: known[key] for key in wanted} if same else totals(ytd, wanted)
    goals = dict(db.session.execute(
        sa.select(Target.metric, Target.value).where(Target.year == year,
                                                     Target.org_id.is_(None))).all())
    progress = metrics.schedule_progress(day)
    rows = []
    for metric, (key, of) in TARGET_MEASURES.items():
        value = actual[key][0 if of == "count" else 1]
        goal = goals.get(metric)
        rows.append(TargetProgress(metric, key, of, value, goal, metrics.completion(value, goal),
                                   progress))
    return rows, day


def _charts(scope: Scope, cockpit: Cockpit) -> None:
    if scope.activity_id is None:  # the pipeline as it stands, from the tallies
        cockpit.funnel_from_tallies = True
        per_stage = tallies.by_stage(scope.user, Status.normal)
        cockpit.funnel = [Bar(stage.value, stage_label(stage), *per_stage.get(stage, (0, 0)))
                          for stage in Stage if stage != Stage.screening or stage in per_stage]
    else:
        found = {keys[0]: (count, total) for keys, count, total
                 in grouped(scope, "pipeline", ("stage",))}
        cockpit.funnel = [Bar(stage.value, stage_label(stage), *found.get(stage.value, (0, 0)))
                          for stage in Stage]
    year = scope.period.end.year
    for name, y in (("this", year), ("last", year - 1)):
        period = metrics.whole_year(y)
        months = _per_month(_shifted(scope, period))
        cockpit.months[name] = [months.get(m, (0, 0)) for m in range(1, 13)]
    found = {dimension: grouped(scope, "amount", (dimension,)) for dimension in BREAKDOWNS}
    names = names_of(found)
    for dimension, rows in found.items():
        bars = [Bar(keys[0], names.get((DIMENSIONS[dimension].names, keys[0]), "未填写"),
                    count, total) for keys, count, total in rows]
        cockpit.breakdowns[dimension] = sorted(bars, key=lambda b: (-b.total, -b.count, b.label))
    matrix = {c.value: {h.value: 0 for h in Health} for c in PipelineClass}
    matrix["none"] = {h.value: 0 for h in Health}
    for (klass, colour), count, _total in grouped(scope, "talks", ("class", "health")):
        matrix[klass or "none"][colour] = count
    cockpit.talks_matrix = matrix
    for group in KEY_INVESTORS:
        stages = {keys[0]: count for keys, count, _total
                  in grouped(scope, "pipeline", ("stage",), {"key": group})}
        cockpit.key_investors[group] = stages
    overdue = grouped(scope, "overdue", ("org",))
    org_names = names_of({"org": overdue})
    cockpit.overdue_by_org = sorted(
        (Bar(keys[0], org_names.get(("org", keys[0]), "未指定责任单位"), count, total)
         for keys, count, total in overdue), key=lambda b: (-b.count, b.label))


def _per_month(scope: Scope) -> dict[int, tuple[int, int]]:
    """month -> (签约项目数, 签约金额) for the scope's year."""
    counts = per_month(scope, "signed")
    amounts = per_month(scope, "amount")
    return {m: (counts.get(m, (0, 0))[0], amounts.get(m, (0, 0))[1]) for m in range(1, 13)}


def names_of(found: dict[str, list]) -> dict[tuple[str, object], str]:
    """(naming kind, key) -> name for every key the breakdowns found, one query per kind."""
    wanted: dict[str, set] = {}
    for dimension, rows in found.items():
        kind = DIMENSIONS[dimension].names
        wanted.setdefault(kind, set()).update(keys[0] for keys, *_ in rows
                                              if keys[0] is not None)
    sources = {"dict": (DictItem.id, DictItem.label), "user": (User.id, User.name),
               "org": (Org.id, Org.name), "activity": (Activity.id, Activity.title)}
    names = {}
    for kind, ids in wanted.items():
        if kind in sources and ids:
            key, label = sources[kind]
            names.update(((kind, k), v) for k, v in db.session.execute(
                sa.select(key, label).where(key.in_(ids))).tuples())
    return names


def activities_to_pick(chosen: int | None, limit: int = 60) -> list[tuple[int, str]]:
    """The latest activities, and the chosen one if older."""
    rows = db.session.execute(
        sa.select(Activity.id, Activity.title, Activity.held_on)
        .order_by(Activity.held_on.desc(), Activity.id.desc()).limit(limit)).all()
    picked = [(a, f"{held:%Y-%m-%d} {title}") for a, title, held in rows]
    if chosen is not None and chosen not in {a for a, _ in picked}:
        found = db.session.get(Activity, chosen)
        if found is not None:
            picked.insert(0, (found.id, f"{found.held_on:%Y-%m-%d} {found.title}"))
    return picked


def may_view(user: User) -> bool:
    return user.role in (Role.leader, Role.staff, Role.admin)



@dataclass
class Listing:
    """A short list on the cockpit: its measure, full count and first rows."""

    key: str
    count: int
    rows: list  # (Project, value, day)


def lists(scope: Scope, rows: int = 8, built: Cockpit | None = None) -> dict[str, Listing]:
    """签而未开 and 红/黄 projects (first rows, longest waiting first), and this week's news:
    new leads, stage moves and signings of the seven days to today. With the cockpit `built`
    for the same scope, the first three take their counts from its tiles."""
    found = {}
    for key in ("signed_not_started", "red", "yellow"):
        figure = built.figures.get(key) if built is not None else None
        known = (figure.count, figure.total) if figure is not None else None
        count, _total, first = drill(scope, key, {}, 0, rows, counted=known)
        found[key] = Listing(key, count, first)
    start, end = metrics.week_before(scope.today)
    week = _shifted(scope, metrics.custom(start, end))
    for key in ("new_leads", "moved", "amount"):
        count, _total, first = drill(week, key, {}, 0, 5)
        found[f"week_{key}"] = Listing(key, count, first)
    return found
