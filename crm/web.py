"""Template helpers, navigation and error pages shared by every area."""

from datetime import date, datetime

from flask import Flask, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.routing import BaseConverter, ValidationError

from crm import reference_data
from crm.domain import metrics, money
from crm.forms import MAX_ID
from crm.localtime import SHANGHAI, UTC
from crm.models import Role
from crm.projects.ref import ProjectConverter

# (endpoint, label, roles or None for everyone). An entry shows only once its
# endpoint exists, so later areas slot into the navigation by registering routes.
NAVIGATION = [
    ("main.home", "工作台", None),
    ("dashboard.index", "驾驶舱", (Role.leader, Role.staff, Role.admin)),
    ("projects.index", "项目库", (Role.leader, Role.staff, Role.liaison, Role.admin)),
    ("projects.board", "看板", (Role.leader, Role.staff, Role.liaison, Role.admin)),
    ("companies.index", "企业", (Role.leader, Role.staff, Role.liaison, Role.admin)),
    ("activities.index", "招商活动", (Role.leader, Role.staff, Role.admin)),
    ("intake.queue", "线索研判", (Role.leader, Role.staff, Role.admin)),
    ("intake.mine", "我报送的线索", (Role.reporter,)),
    ("reports.index", "报表", (Role.leader, Role.staff, Role.admin)),
    ("imports.index", "导入", (Role.staff, Role.admin)),
    ("admin.users", "系统管理", (Role.admin,)),
]


def _active(shown: list[tuple[str, str]]) -> str | None:
    """The entry for this page: its own endpoint, else the first entry of its blueprint."""
    endpoints = [endpoint for endpoint, _ in shown]
    if request.endpoint in endpoints:
        return request.endpoint
    prefix = f"{request.blueprint}."
    return next((e for e in endpoints if e.startswith(prefix) and e != "main.home"), None)


def local_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Stored UTC (naive) -> Asia/Shanghai text."""
    if value is None:
        return ""
    return value.replace(tzinfo=UTC).astimezone(SHANGHAI).strftime(fmt)


def amount(yuan: int) -> str:
    """`{{ project.total_investment|amount }}`: one project's amount, by one rule per audience.
    Leaders read 亿元 (whole 万元 under 1亿), as in their reports; everyone else the ledger's
    万元 with cents. Totals over many projects are `|yi` for everyone."""
    if current_user.is_authenticated and current_user.role == Role.leader:
        return money.format_for_leaders(yuan)
    return money.format_wan(yuan)


def share(part: int, whole: int) -> str:
    """`{{ n|share(total) }}`: part of the whole in percent, rounded half-up (2 of 3 is 66.7%),
    "—" when there is no whole: the cockpit's rule (crm/domain/metrics.py), everywhere."""
    return metrics.percent(metrics.rate(part, whole))


def local_date(value: date | None) -> str:
    return value.isoformat() if value else ""


class IdConverter(BaseConverter):
    """`<id:member_id>`: a record id, 1 to 2147483647 in ASCII digits without leading zeros.
    Anything else ("１２", "٣", 23 digits, "007") matches no route: a 404, never a 500."""

    regex = r"[1-9][0-9]{0,9}"
    weight = 50  # ordered among dynamic rules as werkzeug's int converter was

    def to_python(self, value: str) -> int:
        if int(value) > MAX_ID:
            raise ValidationError()
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter  # before the blueprints add their routes
    app.url_map.converters["project"] = ProjectConverter  # opaque tokens, crm/projects/ref.py
    app.jinja_env.filters.update(
        local_time=local_time, local_date=local_date, yi=money.format_yi, wan=money.format_wan,
        money_exact=money.format_exact, stage_label=reference_data.stage_label,
        share=share, amount=amount,
    )

    @app.context_processor
    def _navigation():
        if not current_user.is_authenticated:
            return {"navigation": [], "insecure_http": not app.config["HTTPS"]}
        role = current_user.role
        shown = [(endpoint, label) for endpoint, label, roles in NAVIGATION
                 if endpoint in app.view_functions and (roles is None or role in roles)]
        active = _active(shown)
        return {"navigation": [(url_for(endpoint), label, endpoint == active)
                               for endpoint, label in shown],
                "insecure_http": not app.config["HTTPS"]}

    for code, title, hint in (
        (400, "请求无效", "页面可能已过期，请刷新后重试。"),
        (403, "没有权限", "您的账号无权进行此操作；如需权限，请联系系统管理员。"),
        (404, "页面不存在", "链接可能有误，或该记录已不存在、您无权查看。"),
        (405, "请求方式不支持", "请从页面上的按钮进行操作。"),
        (413, "文件过大", "上传的文件超过大小限制，请压缩后重试。"),
        (429, "操作过于频繁", "请稍后再试。"),
        (500, "系统出错", "操作未完成，已记录错误。请稍后重试，或联系管理员。"),
    ):
        app.register_error_handler(code, _error_page(code, title, hint))


# Flask-WTF's description of a genuine token from a session since ended (signed out in another
# tab, which then began a new one); a missing, forged or sessionless token keeps the plain one.
FROM_ENDED_SIGN_IN = ("The CSRF tokens do not match.",)


def _error_page(code: int, title: str, hint: str):
    def handler(error):
        if isinstance(error, CSRFError) and not current_user.is_authenticated \
                and error.description in FROM_ENDED_SIGN_IN:
            # The form carries a token, but the sign-in it belonged to has since ended (timed
            # out, or signed out in another tab): that is what the user needs to hear.
            message = ("登录已超时或已在别处退出，本次内容未保存。请先复制您填写的内容，"
                       "再刷新页面重新登录后提交。")
        elif isinstance(error, CSRFError):
            message = "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重新提交。"
        else:
            message = hint
        if request.headers.get("HX-Request"):
            # An in-page request: htmx keeps the form as typed and static/js/app.js shows
            # this text above it, instead of swapping an error page over the user's input.
            return f"{title}：{message}您填写的内容仍在本页。", code, {
                "Content-Type": "text/plain; charset=utf-8"}
        return render_template("error.html", code=code, title=title, message=message), code
    return handler
