"""项目台账 / 月报: one row per project the viewer may read, grouped by stage with subtotals and
a totals row, the month's and the year's headline figures above the table.

No counting happens here: 协议投资额, 累计到位资金 and 本月到位 are the cockpit's own measures
(crm/dashboard/measures.py) summed per project — 签约金额 and 到位资金 to the end of the month,
到位资金 within it — and the headline is measures.totals() for the month and for 1–N月, so the
ledger's figures are the cockpit's for the same period and viewer.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from crm.access import readable_clause
from crm.dashboard.measures import MEASURES, Scope, lead_company, totals
from crm.domain import metrics
from crm.domain.money import format_wan
from crm.domain.stages import Stage, Status
from crm.extensions import db
from crm.models import Activity, Company, DictItem, FollowUp, Org, Project, User
from crm.projects.pipeline import in_pipeline
from crm.reference_data import stage_label
from crm.reports.xlsx import Column, Sheet

BEGINNING = date(1900, 1, 1)  # "to date" periods start here
CODE_NAME = "保密项目"  # a confidential project without a code name, when printed

COLUMNS = [
    Column("序号", 6, "int"), Column("项目名称", 30), Column("投资方", 26),
    Column("统一社会信用代码", 21), Column("企业性质", 10), Column("产业类别", 12),
    Column("总投资(万元)", 13, "wan"), Column("签约时间", 11, "date"), Column("签约活动", 18),
    Column("协议投资额(万元)", 14, "wan"), Column("累计到位资金(万元)", 14, "wan"),
    Column("本月到位(万元)", 13, "wan"), Column("阶段", 10), Column("开工时间", 11, "date"),
    Column("包联领导", 10), Column("责任单位", 14), Column("首谈人", 10),
    Column("本月进展", 36), Column("问题和建议", 30),
]
MONEY = ("total", "agreed", "funds", "month_funds")  # the columns subtotalled, in 元


@dataclass
class Choice:
    year: int
    month: int
    org_ids: tuple[int, ...] = ()
    real_names: bool = False

    @property
    def period(self) -> metrics.Period:
        return metrics.month(self.year, self.month)


def shown_name(name: str, code_name: str, confidential: bool, real_names: bool) -> str:
    """Printed and exported reports carry a confidential project's code name unless the
    viewer (who may read it, or it would not be here) chose 显示真实名称."""
    if confidential and not real_names:
        return code_name or CODE_NAME
    return name


def _per_project(rows: sa.Select) -> sa.Subquery:
    sub = rows.subquery()
    return (sa.select(sub.c.pid, sa.func.sum(sub.c.value).label("value"))
            .group_by(sub.c.pid).subquery())


def _latest_followup(column, period: metrics.Period):
    return (sa.select(column).where(FollowUp.project_id == Project.id,
                                    FollowUp.contact_date.between(period.start, period.end))
            .order_by(FollowUp.contact_date.desc(), FollowUp.id.desc()).limit(1)
            .correlate(Project).scalar_subquery())


def _stage_order():
    return sa.case({s.value: -s.rank for s in Stage}, value=Project.stage, else_=0)


def query(user: User, choice: Choice, today: date) -> sa.Select:
    month = choice.period
    this_month = Scope(user, month, None, today)
    to_date = Scope(user, metrics.Period(BEGINNING, month.end, "至今"), None, today)
    agreed = _per_project(MEASURES["amount"].rows(to_date))
    funds = _per_project(MEASURES["funds"].rows(to_date))
    month_funds = _per_project(MEASURES["funds"].rows(this_month))
    nature, cluster = aliased(DictItem), aliased(DictItem)
    leader, first = aliased(User), aliased(User)
    where = [readable_clause(user), in_pipeline()]
    if choice.org_ids:
        where.append(Project.org_id.in_(choice.org_ids))
    return (
        sa.select(
            Project.id, Project.name, Project.code_name, Project.confidential, Project.stage,
            Project.status, Project.total_investment.label("total"), Project.signed_on,
            Project.started_on, Project.first_contact_note,
            Company.name.label("investor"), Company.uscc, nature.label.label("nature"),
            cluster.label.label("cluster"), Activity.title.label("activity"),
            leader.name.label("leader"), Org.name.label("org"), first.name.label("first"),
            agreed.c.value.label("agreed"), funds.c.value.label("funds"),
            month_funds.c.value.label("month_funds"),
            _latest_followup(FollowUp.summary, month).label("progress"),
            _latest_followup(FollowUp.next_step, month).label("issues"))
        .select_from(Project)
        .outerjoin(Company, Company.id == lead_company())
        .outerjoin(nature, nature.id == Company.nature_id)
        .outerjoin(cluster, cluster.id == Project.cluster_id)
        .outerjoin(Activity, Activity.id == Project.signed_activity_id)
        .outerjoin(leader, leader.id == Project.leader_id)
        .outerjoin(Org, Org.id == Project.org_id)
        .outerjoin(first, first.id == Project.first_contact_by_id)
        .outerjoin(agreed, agreed.c.pid == Project.id)
        .outerjoin(funds, funds.c.pid == Project.id)
        .outerjoin(month_funds, month_funds.c.pid == Project.id)
        .where(*where)
        .order_by(_stage_order(), Project.id))


def headline(user: User, choice: Choice, today: date) -> list[str]:
    """The month's and the year's figures as the cockpit counts them (same measures)."""
    keys = ("signed", "amount", "funds")
    lines = []
    for period in (choice.period, metrics.months_to(choice.year, choice.month)):
        f = totals(Scope(user, period, None, today), keys)
        lines.append(f"{period.label}：签约项目{f['signed'][0]}个，签约金额"
                     f"{format_wan(f['amount'][1])}，到位资金{format_wan(f['funds'][1])}")
    return lines


def _stage_text(stage, status) -> str:
    text = stage_label(Stage(stage))
    status = Status(status)
    return text if status == Status.normal else f"{text}（{status.label}）"


def _values(n: int, row, real_names: bool) -> list:
    hide = row.confidential and not real_names
    return [n, shown_name(row.name, row.code_name, row.confidential, real_names),
            "" if hide else row.investor, "" if hide else row.uscc, row.nature, row.cluster,
            row.total, row.signed_on, row.activity, row.agreed, row.funds, row.month_funds,
            _stage_text(row.stage, row.status), row.started_on, row.leader, row.org,
            row.first or row.first_contact_note, row.progress, row.issues]


def _sum_row(label: str, sums: dict) -> list:
    return [None, label, None, None, None, None, sums["total"], None, None, sums["agreed"],
            sums["funds"], sums["month_funds"], None, None, None, None, None, None, None]


def rows(user: User, choice: Choice, today: date, batch: int = 1000) -> Iterator:
    """The ledger's rows, read in batches (the database streams them)."""
    result = db.session.execute(query(user, choice, today).execution_options(yield_per=batch))
    yield from result


def write(user: User, choice: Choice, today: date, heading: str, printed: str
          ) -> tuple[object, int]:
    """The workbook (a rewound temporary file) and the number of project rows."""
    notes = (f"导出时间：{printed}　金额单位：万元", *headline(user, choice, today))
    sheet = Sheet(f"项目台账{choice.year}-{choice.month:02d}", COLUMNS, heading, notes)
    grand = dict.fromkeys(MONEY, 0)
    stage, part, count, n = None, dict.fromkeys(MONEY, 0), 0, 0
    for row in rows(user, choice, today):
        if stage is not None and row.stage != stage:
            sheet.row(_sum_row(f"小计：{stage_label(Stage(stage))}（{count}个）", part), "total")
            part, count = dict.fromkeys(MONEY, 0), 0
        stage = row.stage
        n += 1
        count += 1
        sheet.row(_values(n, row, choice.real_names))
        for key in MONEY:
            value = int(getattr(row, key) or 0)
            part[key] += value
            grand[key] += value
    if stage is not None:
        sheet.row(_sum_row(f"小计：{stage_label(Stage(stage))}（{count}个）", part), "total")
    sheet.row(_sum_row(f"合计（{n}个）", grand), "total")
    return sheet.save(), n
