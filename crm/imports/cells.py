"""A ledger row's cells read into values: names matched to people, units and dictionary items
(read once per plan), amounts, dates and stage words parsed, and the checks within one row
that the forms make (lengths, the credit code, fixed assets within the total, an agreement's
date and amount together)."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from crm import reference_data, settings
from crm.domain.money import format_exact
from crm.domain.stages import Stage
from crm.domain.uscc import check_uscc
from crm.extensions import db
from crm.imports import values as v
from crm.imports.ledger import FIELDS
from crm.localtime import today
from crm.models import Company, DictKind, Org, Project, Role, User

_LENGTHS = {"project_name": 200, "company_name": 200, "progress": 2000}
MONEY_COLUMNS = {"total_investment", "fixed_asset_investment"}


@dataclass
class Row:
    number: int  # sheet row, 1-based
    cells: list
    values: dict = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    action: str = ""
    company: Company | None = None
    project: Project | None = None
    # What an update changes (label, before, after), for the preview and the commit.
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    project_set: dict = field(default_factory=dict)
    company_set: dict = field(default_factory=dict)
    agreement: tuple[date, int] | None = None
    funds: int | None = None  # the 到位资金 to add (ledger total minus recorded)
    target: Stage | None = None
    lead_on: date | None = None
    new_agreement: object = None  # set by the commit
    new_fund: object = None

    def error(self, label: str, message: str) -> None:
        self.errors.append((label, message))

    @property
    def messages(self) -> list[tuple[str, str]]:
        return self.errors + self.notes


class Lookups:
    """Names to ids, read once per plan: users, units and the dictionaries."""

    def __init__(self):
        users = db.session.execute(sa.select(User.id, User.name, User.role)
                                   .where(User.active.is_(True))).all()
        self.users: dict[str, list] = {}
        for user in users:
            self.users.setdefault(v.fold(user.name), []).append(user)
        self.orgs = {v.fold(row.name): row.id for row in db.session.execute(
            sa.select(Org.id, Org.name).where(Org.active.is_(True)))}
        self.dicts = {kind: {v.fold(item.label): item.id
                             for item in reference_data.dictionary(kind) if item.active}
                      for kind in (DictKind.nature, DictKind.cluster, DictKind.channel)}
        self.names = {("user", u.id): u.name for u in users}
        self.names.update({("org", i): name for name, i in self.orgs.items()})
        for kind in (DictKind.nature, DictKind.cluster, DictKind.channel):
            self.names.update({("dict", item.id): item.label
                               for item in reference_data.dictionary(kind)})
        self.cap = settings.amount_cap()
        self.today = today()

    def shown(self, column: str, value) -> str:
        """A value as the preview names it: people, units and dictionary items by name."""
        if value is None:
            return ""
        kind = {"leader_id": "user", "first_contact_by_id": "user", "owner_id": "user",
                "org_id": "org", "cluster_id": "dict", "channel_id": "dict",
                "nature_id": "dict"}.get(column)
        if kind is not None:
            return self.names.get((kind, value), str(value))
        if column in MONEY_COLUMNS and isinstance(value, int):
            return format_exact(value)
        return str(value)

    def user(self, name: str, roles: tuple[Role, ...], what: str) -> int:
        found = [u for u in self.users.get(v.fold(name), []) if u.role in roles]
        if not found:
            raise ValueError(f"系统中没有名为“{name[:20]}”的{what}（须为在用账号）")
        if len(found) > 1:
            raise ValueError(f"系统中有{len(found)}位名为“{name[:20]}”的{what}，请在项目页中指定")
        return found[0].id


_DICT_KINDS = {"nature": (DictKind.nature, "企业性质"), "cluster": (DictKind.cluster, "产业集群"),
               "channel": (DictKind.channel, "招商渠道")}
_PEOPLE = {"leader": ((Role.leader,), "领导"), "owner": ((Role.staff,), "局干部"),
           "first_contact_by": (tuple(Role), "用户")}


def read_values(row: Row, mapping: list[str], units: list[str], lookups: Lookups) -> None:
    """Parse each mapped cell into row.values; a cell that cannot be read is a row error."""
    for column, key in enumerate(mapping):
        if not key or column >= len(row.cells):
            continue
        label, kind, _words = FIELDS[key]
        cell = row.cells[column]
        if v.is_blank(cell) or key in row.values:
            continue
        try:
            row.values[key] = _parse(key, kind, cell, units[column] if column < len(units)
                                     else "万元", lookups)
        except ValueError as error:
            row.error(label, str(error))


def _parse(key: str, kind: str, cell, unit: str, lookups: Lookups):
    if kind == "money":
        amount = v.money(cell, unit)
        if amount is not None and amount > lookups.cap:
            raise ValueError(f"金额超过上限{lookups.cap // 100_000_000}亿元，"
                             "请核对单位（万元/亿元）")
        return amount
    if kind == "date":
        day = v.day(cell)
        return day
    if kind == "stage":
        return v.stage(cell)
    if kind == "land":
        return v.land(cell)
    if kind == "whole":
        return v.whole(cell)
    value = v.text(cell)
    if key in _LENGTHS and len(value) > _LENGTHS[key]:
        raise ValueError(f"不能超过{_LENGTHS[key]}个字")
    if key in _DICT_KINDS:
        dict_kind, what = _DICT_KINDS[key]
        found = lookups.dicts[dict_kind].get(v.fold(value))
        if found is None:
            raise ValueError(f"“{value[:20]}”不在{what}字典中（可请管理员在系统管理中添加）")
        return found
    if key in _PEOPLE:
        roles, what = _PEOPLE[key]
        return lookups.user(value, roles, what)
    if key == "org":
        found = lookups.orgs.get(v.fold(value))
        if found is None:
            raise ValueError(f"系统中没有名为“{value[:20]}”的责任单位")
        return found
    if key == "uscc":
        if len(value) > 40:
            raise ValueError("统一社会信用代码应为18位，请检查")
        result = check_uscc(value)
        if result.checksum_failed:
            raise ValueError("校验位不符（GB 32100-2015），请核对；确认无误的早期试点代码请先在"
                             "企业页面填写校验失败原因后录入")
        if not result.ok:
            raise ValueError(result.message)
        return result.code
    return value


def check_row(row: Row, lookups: Lookups) -> None:
    """The checks within one row that need no existing record."""
    values = row.values
    if not values.get("project_name") and not _has_error(row, "项目名称"):
        row.error("项目名称", "请输入项目名称")
    if values.get("uscc") and not values.get("company_name"):
        row.error("投资方/企业名称", "填写了统一社会信用代码，请同时填写企业名称")
    total, fixed = values.get("total_investment"), values.get("fixed_asset_investment")
    if total is not None and fixed is not None and fixed > total:
        row.error("固定资产投资", f"固定资产投资（{format_exact(fixed)}）不能大于总投资"
                                f"（{format_exact(total)}）")
    signed_on, amount = values.get("signed_on"), values.get("agreement_amount")
    if (signed_on is None) != (amount is None) and not _has_error(row, "签约时间", "协议投资额"):
        row.error("协议投资额" if amount is None else "签约时间",
                  "投资协议须同时有签约时间和协议投资额")
    elif amount is not None and amount <= 0:
        row.error("协议投资额", "协议金额应大于0")


def _has_error(row: Row, *labels: str) -> bool:
    return any(label in labels for label, _ in row.errors)
