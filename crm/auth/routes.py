from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from crm.audit import record_event
from crm.auth import passwords, sessions, throttle
from crm.auth.forms import ChangePasswordForm, LoginForm
from crm.extensions import db, login_manager
from crm.models import Role, User, utcnow

bp = Blueprint("auth", __name__)

# A fixed hash to verify against when the e-mail is unknown, so that the answer
# takes as long for a missing account as for a wrong password.
_DUMMY_HASH: dict[str, str] = {}


def _safe_next(target: str | None, user: User) -> str:
    # Browsers read "/\\host" as "//host" and drop tabs and newlines from URLs, so a
    # target with a backslash or a control character is never local.
    if target and target.startswith("/") and not target.startswith("//") \
            and "\\" not in target and target.isprintable() and not urlsplit(target).netloc:
        return target
    # A county leader's day starts at the cockpit (驾驶舱); everyone else's at the workbench.
    if user.role == Role.leader and "dashboard.index" in current_app.view_functions:
        return url_for("dashboard.index")
    return url_for("main.home")


@login_manager.unauthorized_handler
def unauthorized():
    if request.headers.get("HX-Request"):
        # Not a redirect to the sign-in page: that would throw away what was typed. The
        # text stays on the page under this message (static/js/app.js).
        return ("登录已超时或已在别处退出，本次内容未保存，但仍在本页。请先复制您填写的内容，"
                "再刷新页面重新登录后提交。", 401, {"Content-Type": "text/plain; charset=utf-8"})
    if g.get("session_expired"):
        flash("登录已超时，请重新登录。", "warning")
    else:
        flash("请先登录。", "warning")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        ip = request.remote_addr or ""
        wait = throttle.blocked_minutes(email, ip)
        if wait:
            form.password.errors.append(
                f"该账号从您所在网络登录失败次数过多，请{wait}分钟后再试；"
                "如忘记密码，请联系管理员重置。")
            return render_template("auth/login.html", form=form), 429
        user = db.session.scalar(db.select(User).where(User.email == email))
        stored = user.password_hash if user else _dummy_hash()
        ok = passwords.verify_password(stored, form.password.data) and user is not None
        if not ok or not user.active:
            return _refuse(form, email, ip)
        if passwords.needs_rehash(user.password_hash):
            user.password_hash = passwords.hash_password(form.password.data)
        throttle.record(email, ip, success=True)
        sessions.start(user)
        db.session.commit()
        # A fresh cookie session: nothing set before sign-in (such as a CSRF token an
        # attacker planted with a cookie of their own) carries over (session fixation).
        session.clear()
        login_user(user)
        if user.must_change_password:
            flash("首次登录或密码已被重置，请先设置您自己的密码。", "info")
            return redirect(url_for("auth.change_password"))
        return redirect(_safe_next(request.args.get("next"), user))
    return render_template("auth/login.html", form=form)


def _refuse(form: LoginForm, email: str, ip: str):
    throttle.record(email, ip, success=False)
    throttle.prune()
    delay = throttle.failure_delay(ip)
    db.session.commit()  # before any pause, so no database connection waits with it
    form.password.errors.append("邮箱或密码不正确（已停用的账号也无法登录）。")
    if delay:
        # Only failures wait, so colleagues behind the same NAT address sign in at once.
        throttle.pause(delay)
        form.password.errors.append("您所在网络近期登录失败较多，系统已放慢错误登录的响应。"
                                    "请核对邮箱和密码后再试；如忘记密码，请联系管理员重置。")
    return render_template("auth/login.html", form=form), 200


def _dummy_hash() -> str:
    if "hash" not in _DUMMY_HASH:
        _DUMMY_HASH["hash"] = passwords.hash_password("dummy-password-for-timing")
    return _DUMMY_HASH["hash"]


@bp.post("/logout")
@login_required
def logout():
    sessions.revoke_current(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash("您已安全退出。", "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not passwords.verify_password(user.password_hash, form.current.data):
            form.current.errors.append("当前密码不正确")
        else:
            problems = passwords.policy_errors(form.new.data, user.email, user.name)
            if form.new.data == form.current.data:
                problems.append("新密码不能与当前密码相同")
            if problems:
                form.new.errors.extend(problems)
            else:
                user.password_hash = passwords.hash_password(form.new.data)
                user.password_changed_at = utcnow()
                user.must_change_password = False
                # Every other browser signed in as this user is signed out.
                sessions.revoke_all(user.id)
                sessions.start(user)
                record_event(user, "users", user.id, "password_change")
                db.session.commit()
                login_user(user)
                flash("密码已修改，其他设备上的登录已全部退出。", "success")
                return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)


@bp.before_app_request
def _require_password_change():
    exempt = {"auth.change_password", "auth.logout", "static", "main.healthz"}
    if (current_user.is_authenticated and current_user.must_change_password
            and request.endpoint not in exempt):
        if request.method not in ("GET", "HEAD"):
            abort(403)
        return redirect(url_for("auth.change_password"))
    return None
