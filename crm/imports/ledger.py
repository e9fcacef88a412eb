"""A ledger sheet's layout: where the header is, what each column means, which rows are data.

Bureau ledgers (项目台账) put a title and a "单位：万元" line above the header, often split the
header over two rows with merged cells ("投资情况" over "总投资"/"到位资金"), number their
columns in a row under it, and interleave 合计/小计 rows and section rows ("一、签约项目").
This module finds the header by the field names it recognises, reads the unit of money
columns from the header text ("总投资（万元）", "亿元") or the title lines, and classifies each
row. Plain Python, no Flask.
"""

import hashlib
import re
from dataclasses import dataclass, field

from crm.imports.values import fold, is_blank, text

# Field key -> (label shown, kind, header words matched after folding, longest match wins).
FIELDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "project_name": ("项目名称", "text", ("项目名称", "项目", "项目全称")),
    "company_name": ("投资方/企业名称", "text", (
        "投资方", "企业名称", "投资企业", "投资主体", "签约企业", "投资方名称", "企业", "投资单位",
        "投资方企业", "项目单位")),
    "uscc": ("统一社会信用代码", "text", ("统一社会信用代码", "信用代码", "社会信用代码")),
    "nature": ("企业性质", "nature", ("企业性质", "企业类型", "性质")),
    "cluster": ("产业集群", "cluster", ("产业类别", "产业集群", "所属产业", "产业", "行业类别",
                                       "产业分类")),
    "channel": ("招商渠道", "channel", ("渠道", "来源", "招商渠道", "招商方式", "项目来源",
                                        "信息来源")),
    "total_investment": ("总投资", "money", ("总投资", "计划总投资", "投资总额", "总投资额",
                                             "项目总投资")),
    "fixed_asset_investment": ("固定资产投资", "money", ("固定资产投资", "固投")),
    "agreement_amount": ("协议投资额", "money", ("协议投资额", "签约金额", "协议金额",
                                                 "协议投资", "签约额")),
    "signed_on": ("签约时间", "date", ("签约时间", "签约日期", "签订时间")),
    "funds_in_place": ("到位资金", "money", ("到位资金", "累计到位资金", "到位资金累计",
                                             "资金到位", "实际到位资金")),
    "stage": ("阶段", "stage", ("阶段", "进展阶段", "项目阶段", "当前阶段", "推进阶段",
                               "项目状态", "进度")),
    "lead_on": ("线索日期", "date", ("线索日期", "线索时间", "首谈时间", "对接时间", "录入时间",
                                     "首次对接时间")),
    "registered_on": ("注册（落地）日期", "date", ("注册时间", "注册日期", "落地时间",
                                                  "落地日期")),
    "started_on": ("开工时间", "date", ("开工时间", "开工日期", "实际开工时间")),
    "producing_on": ("投产时间", "date", ("投产时间", "投产日期", "实际投产时间")),
    "leader": ("包联领导", "leader", ("包联领导", "包联县领导", "包联县级领导", "分包领导",
                                     "包联")),
    "org": ("责任单位", "org", ("责任单位", "牵头单位", "责任部门", "承办单位")),
    "owner": ("负责人", "owner", ("负责人", "责任人", "项目负责人", "跟进人")),
    "first_contact_by": ("首谈人", "user", ("首谈人", "引资人", "第一引资人", "首谈人/引资人")),
    "progress": ("本月进展", "text", ("本月进展", "进展情况", "最新进展", "项目进展",
                                     "推进情况", "进展")),
    "land_mu": ("用地（亩）", "land", ("用地", "用地面积", "占地", "占地面积", "土地")),
    "jobs": ("预计就业", "whole", ("就业", "预计就业", "带动就业", "就业人数")),
}
IGNORE = ""
NOT_FIELDS = frozenset({"序号", "编号", "备注", "来源地", "联系人", "联系电话", "联系方式",
                        "建设内容", "项目简介", "建设地点", "所在地"})
MONEY_UNITS = ("亿元", "万元", "元")
_UNIT = re.compile(r"(亿元|万元|元|亿|万)")
_BRACKETS = re.compile(r"[(（\[【].*?[)）\]】]")
_NUMBERING = re.compile(r"^\d{1,3}$")
TOTAL_WORDS = ("合计", "小计", "总计", "累计合计", "共计")
_SECTION = re.compile(r"^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])")
_SEARCH_ROWS = 30


def header_key(header: str) -> str:
    """A header as compared with the field words: folded, brackets and units dropped."""
    return _BRACKETS.sub("", fold(header)).replace(":", "").replace("：", "")


def guess_field(header: str) -> str:
    """The field a header names, or IGNORE. Exact words first, then the longest word inside."""
    key = header_key(header)
    if not key or key in NOT_FIELDS:
        return IGNORE
    best, length = IGNORE, 0
    for name, (_label, _kind, words) in FIELDS.items():
        for word in words:
            if key == word:
                return name
            if word in key and len(word) > length and len(word) >= 2:
                best, length = name, len(word)
    return best


def unit_of(header: str, default: str = "万元") -> str:
    """The money unit a header states: "总投资（亿元）" -> 亿元; 亿/万 alone mean 亿元/万元."""
    found = _UNIT.findall(fold(header))
    if not found:
        return default
    unit = found[-1]
    return {"亿": "亿元", "万": "万元"}.get(unit, unit)


@dataclass
class Layout:
    header_row: int  # 0-based index of the (last) header row
    headers: list[str]  # one per column, two-row headers joined ("投资情况 总投资（万元）")
    title_unit: str  # the unit a title line states ("单位：万元"), else 万元
    first_data_row: int
    guesses: list[str] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """The same header set (order included) gives the same key: mappings are remembered
        by it. Trailing empty headers do not count."""
        names = [fold(h) for h in self.headers]
        while names and not names[-1]:
            names.pop()
        return hashlib.sha256("\x1f".join(names).encode()).hexdigest()[:40]


def _score(row: tuple) -> int:
    return sum(1 for cell in row if isinstance(cell, str) and guess_field(cell) != IGNORE)


def find_layout(head: list[tuple]) -> Layout | None:
    """The layout from the sheet's first rows, or None when no row looks like a header."""
    scored = [(_score(row), index) for index, row in enumerate(head[:_SEARCH_ROWS])]
    best, index = max(scored, default=(0, 0))
    if best < 2:
        return None
    above = head[index - 1] if index > 0 else ()
    if _score(above) >= 1 and sum(not is_blank(c) for c in above) >= 2 \
            and _two_rows(above, head[index]):
        index -= 1  # the best row is the lower half of a two-row header
    width = max(len(row) for row in head[: index + 3])
    upper = _padded(head[index], width)
    headers = [text(cell) for cell in upper]
    last = index
    if index + 1 < len(head) and _two_rows(head[index], head[index + 1]):
        headers = _join_two_rows(upper, _padded(head[index + 1], width))
        last = index + 1
    first_data = last + 1
    if first_data < len(head) and _is_numbering(head[first_data]):
        first_data += 1  # the "1 2 3 4 ..." row under the header
    title_unit = "万元"
    for row in head[:index]:
        for cell in row:
            value = fold(text(cell))
            if "单位" in value and _UNIT.search(value.split("单位")[-1]):
                title_unit = unit_of(value.split("单位")[-1])
    layout = Layout(index, headers, title_unit, first_data)
    seen: set[str] = set()
    for header in headers:  # a field is guessed for its first column only
        guess = guess_field(header)
        layout.guesses.append(IGNORE if guess in seen else guess)
        seen.add(guess)
    return layout


def _padded(row: tuple, width: int) -> list:
    return list(row) + [None] * (width - len(row))


def _join_two_rows(upper: list, lower: list) -> list[str]:
    """Merged header cells hold their text in the first cell only: a group title spans the
    columns to its right that have a lower-row title; a lone upper title spans both rows."""
    headers, group = [], ""
    for top, bottom in zip(upper, lower, strict=True):
        top_text, bottom_text = text(top), text(bottom)
        if top_text:
            group = top_text
        if bottom_text:
            prefix = group if group and guess_field(group) == IGNORE else ""
            headers.append(f"{prefix} {bottom_text}".strip() if prefix else bottom_text)
        else:
            headers.append(top_text)
            group = top_text if top_text else group
    return headers


def _two_rows(upper: tuple, lower: tuple) -> bool:
    """Whether `lower` continues the header `upper`: it names fields only under blank (merged)
    cells or group titles of `upper`, never under a field name (that is a data row whose
    text happens to contain a field word, such as 乙项目 under 项目名称), and it holds no
    numbers."""
    width = max(len(upper), len(lower))
    upper, lower = _padded(upper, width), _padded(lower, width)
    if any(isinstance(cell, int | float) and not isinstance(cell, bool) for cell in lower):
        return False
    under_groups = 0
    for top, bottom in zip(upper, lower, strict=True):
        if not isinstance(bottom, str) or guess_field(bottom) == IGNORE:
            continue
        if isinstance(top, str) and guess_field(top) != IGNORE:
            return False
        under_groups += 1
    return under_groups >= 1


def _is_numbering(row: tuple) -> bool:
    cells = [text(cell) for cell in row if not is_blank(cell)]
    return len(cells) >= 3 and all(_NUMBERING.match(c) for c in cells)


# --- Rows -------------------------------------------------------------------------------

BLANK, TOTAL, SECTION, DATA = "blank", "total", "section", "data"


def classify(row: tuple, name_column: int | None) -> str:
    """Whether a row below the header is data, a 合计/小计 row, a section title or blank."""
    cells = [text(cell) for cell in row]
    filled = [c for c in cells if c]
    if not filled:
        return BLANK
    if any(fold(c).replace(":", "").rstrip("：") in TOTAL_WORDS
           or fold(c).startswith(TOTAL_WORDS) for c in filled[:3]):
        return TOTAL
    name = cells[name_column] if name_column is not None and name_column < len(cells) else ""
    if len(filled) == 1 and (not name or _SECTION.match(filled[0])):
        return SECTION
    if not name and _SECTION.match(filled[0]) and len(filled) <= 2:
        return SECTION
    return DATA
