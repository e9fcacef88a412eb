"""User accounts: create with a temporary password, edit, disable, enable, reset password."""

import secrets

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm.access import roles_required
from crm.admin.blueprint import bp
from crm.admin.forms import CONFLICT, UserCreateForm, UserEditForm, commit_or_error
from crm.audit import record_event
from crm.auth import passwords, sessions
from crm.extensions import db
from crm.forms import commit_or_conflict
from crm.models import Role, User


def temporary_password(user: User) -> str:
    """A random password the user must replace at first sign-in."""
    while True:
        password = secrets.token_urlsafe(12)  # 16 characters
        if not passwords.policy_errors(password, user.email, user.name):
            return password


def _get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _show_password(user: User, password: str, created: bool):
    # Rendered, never flashed: the session cookie is signed, not encrypted.
    return render_template("admin/user_password.html", user=user, password=password,
                           created=created)


@bp.get("/users")
@roles_required(Role.admin)
def users():
    role = request.args.get("role", "")
    query = sa.select(User).order_by(User.active.desc(), User.role, User.name)
    if role in Role.__members__:
        query = query.where(User.role == Role(role))
    else:
        role = ""
    rows = db.session.scalars(query).all()
    return render_template("admin/users.html", users=rows, roles=list(Role), role=role)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.admin)
def user_new():
    form = UserCreateForm()
    if form.validate_on_submit():
        user = User(email=form.email.data, name=form.name.data, phone=form.phone.data,
                    role=Role(form.role.data), org_id=form.org_id.data or None,
                    must_change_password=True)
        password = temporary_password(user)
        user.password_hash = passwords.hash_password(password)
        db.session.add(user)
        if commit_or_error(form.email, "该邮箱已被其他用户使用"):
            return _show_password(user, password, created=True)
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<id:user_id>/edit", methods=["GET", "POST"])
@roles_required(Role.admin)
def user_edit(user_id: int):
    user = _get_user(user_id)
    form = UserEditForm(name=user.name, phone=user.phone, role=user.role.value,
                        org_id=user.org_id or 0, version=user.version)
    if form.validate_on_submit():
        role = Role(form.role.data)
        if form.version.data != user.version:
            form.form_errors.append(CONFLICT)
        elif user.id == current_user.id and role != Role.admin:
            form.role.errors.append("不能取消自己的管理员角色，请由其他管理员操作")
        else:
            user.name, user.phone, user.role = form.name.data, form.phone.data, role
            user.org_id = form.org_id.data or None
            if commit_or_conflict(form, CONFLICT):
                flash(f"已保存用户「{user.name}」", "success")
                return redirect(url_for("admin.users"))
    status = 409 if CONFLICT in form.form_errors else 200
    return render_template("admin/user_form.html", form=form, user=user), status


@bp.post("/users/<id:user_id>/disable")
@roles_required(Role.admin)
def user_disable(user_id: int):
    user = _get_user(user_id)
    if user.id == current_user.id:
        flash("不能停用自己的账号", "danger")
        return redirect(url_for("admin.users"))
    user.active = False
    sessions.revoke_all(user.id)  # signed out everywhere at once
    db.session.commit()
    flash(f"已停用「{user.name}」，其所有登录已退出", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<id:user_id>/enable")
@roles_required(Role.admin)
def user_enable(user_id: int):
    user = _get_user(user_id)
    user.active = True
    db.session.commit()
    flash(f"已启用「{user.name}」", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<id:user_id>/reset-password")
@roles_required(Role.admin)
def user_reset_password(user_id: int):
    user = _get_user(user_id)
    if user.id == current_user.id:
        flash("请通过右上角“修改密码”修改自己的密码", "warning")
        return redirect(url_for("admin.users"))
    password = temporary_password(user)
    user.password_hash = passwords.hash_password(password)
    user.must_change_password = True
    sessions.revoke_all(user.id)
    record_event(current_user, "users", user.id, "password_reset")
    db.session.commit()
    return _show_password(user, password, created=False)


@bp.get("/")
@roles_required(Role.admin)
def home():
    """/admin/ lands on the administrator's first page, the users."""
    return redirect(url_for("admin.users"))
