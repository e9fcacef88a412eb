"""The written 简报: a paragraph in the bureau's register built from the cockpit's figures.

`compose()` is a plain function over the figures (no database, no Flask), so its sentence is
tested word for word; `figures()` reads those figures with measures.totals(), the cockpit's
own query, for the viewer and the period.
"""

from dataclasses import dataclass

from crm.dashboard.measures import Scope, totals
from crm.domain import metrics
from crm.domain.money import format_yi, yuan_to_yi

KEYS = ("signed", "amount", "intent", "talks", "funds", "cohort_started", "cohort_producing",
        "new_leads")


@dataclass(frozen=True)
class Figures:
    """One period's figures: counts of projects and amounts in 元."""

    label: str
    signed: int
    amount: int
    started: int  # of the projects signed in the period, those started by now
    producing: int
    talks: int
    talks_total: int  # their planned 总投资
    intent: int = 0
    intent_amount: int = 0
    funds: int = 0
    new_leads: int = 0
    area: str = "全县"


def figures(scope: Scope, area: str = "全县") -> Figures:
    f = totals(scope, KEYS)
    return Figures(label=scope.period.label, signed=f["signed"][0], amount=f["amount"][1],
                   started=f["cohort_started"][0], producing=f["cohort_producing"][0],
                   talks=f["talks"][0], talks_total=f["talks"][1], intent=f["intent"][0],
                   intent_amount=f["intent"][1], funds=f["funds"][1],
                   new_leads=f["new_leads"][0], area=area)


def _started(f: Figures) -> str:
    if f.started >= f.signed:
        text = "已全部开工"
    elif f.started == 0:
        text = "均未开工"
    else:
        text = f"已开工{f.started}个，开工率{metrics.percent(metrics.rate(f.started, f.signed))}"
    if f.producing:
        text += "，其中" if f.started < f.signed else "，"
        text += "已全部投产" if f.producing >= f.signed else f"已投产{f.producing}个"
    return text


def compose(f: Figures) -> str:
    """E.g. "2022年1-6月，全县共签约项目10个，签约总金额32.98亿元，已开工3个，开工率30.0%；
    在谈项目12个，计划总投资45.00亿元；到位资金1.80亿元。" """
    if f.signed:
        parts = [f"{f.label}，{f.area}共签约项目{f.signed}个，签约总金额{format_yi(f.amount)}，"
                 f"{_started(f)}"]
    elif f.amount:  # only 补充协议 of earlier signings added to the agreed totals
        parts = [f"{f.label}，{f.area}无新签约项目，补充协议增加签约金额{format_yi(f.amount)}"]
    else:
        parts = [f"{f.label}，{f.area}暂无新签约项目"]
    if f.intent:
        parts.append(f"签订框架协议（意向签约）{f.intent}个，金额{format_yi(f.intent_amount)}")
    if f.talks:
        parts.append(f"在谈项目{f.talks}个" + (f"，计划总投资{format_yi(f.talks_total)}"
                                              if f.talks_total else ""))
    else:
        parts.append("暂无在谈项目")
    parts.append(f"到位资金{format_yi(f.funds)}" if f.funds else "暂无到位资金")
    if f.new_leads:
        parts.append(f"新增项目线索{f.new_leads}个")
    return "；".join(parts) + "。"


def key_table(f: Figures) -> list[tuple[str, str, str]]:
    """The key figures as (指标, 项目数, 金额 in 亿元) rows for the page and the .docx."""
    def yi(yuan: int) -> str:
        return f"{yuan_to_yi(yuan):.2f}"

    rate = metrics.percent(metrics.rate(f.started, f.signed))
    return [
        ("签约项目", str(f.signed), yi(f.amount)),
        ("意向签约（框架协议）", str(f.intent), yi(f.intent_amount)),
        ("在谈项目", str(f.talks), yi(f.talks_total)),
        ("到位资金", "—", yi(f.funds)),
        ("签约项目已开工", f"{f.started}（开工率{rate}）", "—"),
        ("签约项目已投产", str(f.producing), "—"),
        ("新增项目线索", str(f.new_leads), "—"),
    ]
