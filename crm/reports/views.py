"""/reports: the page that picks the month and the units, the 项目台账/月报 workbook, and the
period's written 简报 (on the page and as .docx)."""

import re

import sqlalchemy as sa
from flask import current_app, render_template, request
from flask_login import current_user

from crm.access import roles_required
from crm.dashboard import cockpit, period
from crm.dashboard.measures import drill
from crm.dashboard.views import scope_from_request
from crm.domain.money import format_exact
from crm.extensions import db
from crm.localtime import today
from crm.models import Org, Role
from crm.projects.queries import may_see_confidential
from crm.reports import brief, document, ledger, xlsx
from crm.reports.blueprint import bp
from crm.reports.record import download, now_local, record

VIEWERS = (Role.leader, Role.staff, Role.admin)
MONTH = re.compile(r"(\d{4})-(\d{1,2})")
BRIEF_ROWS = 200  # the .docx lists at most this many signed projects


def county() -> str:
    return current_app.config.get("COUNTY_NAME") or ""


def _orgs() -> list[Org]:
    return list(db.session.scalars(sa.select(Org).where(Org.active.is_(True))
                                   .order_by(Org.sort_order, Org.name)))


def real_names_ticked() -> bool:
    """显示真实名称, honoured only for a viewer who may read a confidential project."""
    return request.args.get("real_names") == "1" and may_see_confidential(current_user)


def read_month(args, errors: dict) -> ledger.Choice:
    day = today()
    choice = ledger.Choice(day.year, day.month)
    text = (args.get("month") or "").strip()
    if text:
        found = MONTH.fullmatch(text)
        if not found:
            errors["month"] = "请按 2026-06 的格式选择月份（年-月）"
        elif not period.FIRST_YEAR <= int(found[1]) <= day.year + 1:
            errors["month"] = f"年份应在{period.FIRST_YEAR}–{day.year + 1}之间"
        elif not 1 <= int(found[2]) <= 12:
            errors["month"] = "月份应在1–12之间"
        else:
            choice.year, choice.month = int(found[1]), int(found[2])
    ids = []
    for raw in args.getlist("org"):
        if not raw.strip():
            continue
        value = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None
        if value is None or db.session.get(Org, value) is None:
            errors["org"] = "所选责任单位不存在，请重新选择"
            break
        ids.append(value)
    choice.org_ids = tuple(dict.fromkeys(ids))
    choice.real_names = real_names_ticked()
    return choice


def _index_page(choice: ledger.Choice, errors: dict, status: int = 200):
    return render_template(
        "reports/index.html", choice=choice, errors=errors, orgs=_orgs(),
        may_see_confidential=may_see_confidential(current_user), today=today(),
        month_text=f"{choice.year}-{choice.month:02d}"), status


@bp.get("")
@roles_required(*VIEWERS)
def index():
    errors: dict = {}
    choice = read_month(request.args, errors)
    return _index_page(choice, errors, 422 if errors else 200)


@bp.get("/monthly.xlsx")
@roles_required(*VIEWERS)
def monthly():
    errors: dict = {}
    choice = read_month(request.args, errors)
    if errors:
        return _index_page(choice, errors, 422)
    printed = now_local()
    heading = f"{county()}招商引资项目台账（{choice.year}年{choice.month}月）"
    if choice.org_ids:
        names = [o.name for o in _orgs() if o.id in choice.org_ids]
        heading += f"　责任单位：{'、'.join(names)}"
    handle, count = ledger.write(current_user, choice, today(), heading,
                                 f"{printed:%Y-%m-%d %H:%M}")
    record("monthly", request.args, count, choice.real_names)
    return download(handle, f"项目台账-{choice.year}-{choice.month:02d}.xlsx", xlsx.MIME)


@bp.get("/brief")
@roles_required(*VIEWERS)
def brief_page():
    choice, scope = scope_from_request()
    figures = brief.figures(scope, _area(choice))
    return render_template(
        "reports/brief.html", choice=choice, scope=scope, kinds=period.KINDS,
        activities=cockpit.activities_to_pick(choice.activity_id), text=brief.compose(figures),
        table=brief.key_table(figures), hidden={}, action="",
        may_see_confidential=may_see_confidential(current_user),
    ), 422 if choice.errors else 200


def _area(choice: period.Choice) -> str:
    return "全县" if choice.activity_id is None else "本次活动"


@bp.get("/brief.docx")
@roles_required(*VIEWERS)
def brief_docx():
    choice, scope = scope_from_request()
    if choice.errors:
        return brief_page()
    real_names = real_names_ticked()
    figures = brief.figures(scope, _area(choice))
    count, total, rows = drill(scope, "amount", {}, 0, BRIEF_ROWS)
    signed = [[str(n), ledger.shown_name(p.name, p.code_name, p.confidential, real_names),
               "" if p.confidential and not real_names else
               (p.lead_investor.name if p.lead_investor else ""),
               day.isoformat() if day else "", format_exact(value or 0)]
              for n, (p, value, day) in enumerate(rows, start=1)]
    if count > BRIEF_ROWS:
        signed.append(["", f"另有{count - BRIEF_ROWS}个项目未列出", "", "", ""])
    signed.append(["", f"合计（{count}个）", "", "", format_exact(total)])
    printed = now_local()
    handle = document.write(
        f"{county()}招商引资工作简报（{scope.period.label}）",
        f"统计期间：{scope.period.label}　生成时间：{printed:%Y-%m-%d %H:%M}",
        brief.compose(figures),
        [("一、主要指标", ["指标", "项目数", "金额（亿元）"],
          [list(row) for row in brief.key_table(figures)]),
         ("二、本期签约项目及金额", ["序号", "项目名称", "主投资方", "签约日期", "本期签约金额"],
          signed)])
    record("brief", request.args, count, real_names)
    return download(handle, f"招商简报-{scope.period.start:%Y%m%d}-{scope.period.end:%Y%m%d}.docx",
                    document.MIME)


@bp.app_context_processor
def _export_helpers():
    """For the 导出Excel buttons on other areas' lists (templates/reports/_export.html)."""
    def may_tick_real_names() -> bool:
        return current_user.is_authenticated and may_see_confidential(current_user)
    return {"may_tick_real_names": may_tick_real_names}
