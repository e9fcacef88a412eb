"""Admin-editable numbers that rules depend on, with their defaults (table `settings`).

Only names listed here can be stored; a missing row means the default, so a new rule needs no
data migration.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from crm.extensions import db
from crm.models import Setting


@dataclass(frozen=True)
class Rule:
    name: str
    default: int
    label: str
    unit: str
    minimum: int = 1
    maximum: int = 365


RULES = (
    Rule("escalation_workdays_A", 2, "A类（重点推动）项目逾期多少个工作日上报包联领导", "个工作日"),
    Rule("escalation_workdays_B", 5, "B类（一般跟进）及未分类项目逾期多少个工作日上报包联领导",
         "个工作日"),
    Rule("escalation_workdays_C", 10, "C类（储备对接）项目逾期多少个工作日上报包联领导",
         "个工作日"),
    Rule("stale_days", 30, "接洽/考察/在谈项目多少天无对接记录提醒负责人", "天"),
    Rule("stale_leader_days", 60, "多少天无对接记录同时提醒包联领导", "天"),
    # A typo such as 300亿 for 300万 must not reach the totals: every amount field stops here.
    Rule("max_amount_yi", 1000, "单笔金额上限（总投资、协议金额、到位资金等每个金额字段）", "亿元",
         maximum=1_000_000),
)


def amount_cap() -> int:
    """The largest amount any money field accepts, in 元."""
    return value("max_amount_yi") * 100_000_000
BY_NAME = {rule.name: rule for rule in RULES}


def values() -> dict[str, int]:
    stored = dict(db.session.execute(
        sa.select(Setting.name, Setting.value).where(Setting.name.in_(BY_NAME))).all())
    return {rule.name: int(stored.get(rule.name, rule.default)) for rule in RULES}


def value(name: str) -> int:
    rule = BY_NAME[name]
    stored = db.session.get(Setting, name)
    return rule.default if stored is None else int(stored.value)


def store(name: str, new_value: int) -> None:
    BY_NAME[name]  # noqa: B018  (an unknown name is a programming error: KeyError)
    row = db.session.get(Setting, name)
    if row is None:
        db.session.add(Setting(name=name, value=new_value))
    else:
        row.value = new_value
