"""导出记录: every export (issue 12) — who took which list or report, when, with which filters,
how many rows, and whether real names replaced the code names — newest first."""

import json

import sqlalchemy as sa
from flask import render_template, request

from crm import pagination
from crm.access import roles_required
from crm.admin.blueprint import bp
from crm.extensions import db
from crm.forms import query_int
from crm.models import ExportRecord, Role

PER_PAGE = 50
KINDS = {"monthly": "项目台账/月报", "brief": "简报", "projects": "项目库", "companies": "企业名录",
         "followups": "对接记录", "agreements": "签约协议", "funds": "到位资金",
         "drill": "驾驶舱清单"}


def filters_text(raw: str) -> str:
    """The recorded query string, as key=value pairs."""
    try:
        values = json.loads(raw or "{}")
    except ValueError:
        return raw
    if not isinstance(values, dict):
        return raw
    return "，".join(f"{key}={'、'.join(map(str, value)) if isinstance(value, list) else value}"
                    for key, value in values.items()) or "—"


@bp.get("/exports")
@roles_required(Role.admin)
def exports():
    kind = request.args.get("kind", "")
    where = [ExportRecord.kind == kind] if kind in KINDS else []
    total = db.session.scalar(sa.select(sa.func.count(ExportRecord.id)).where(*where))
    shown = pagination.page(query_int(request.args.get("page")), total, PER_PAGE)
    records = db.session.scalars(
        sa.select(ExportRecord).where(*where).order_by(ExportRecord.id.desc())
        .limit(PER_PAGE).offset(shown.offset)).all()
    return render_template("admin/exports.html", records=records, total=total, page=shown,
                           kinds=KINDS, kind=kind if kind in KINDS else "",
                           filters_text=filters_text)
