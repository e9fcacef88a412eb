"""`flask --app crm create-user EMAIL --role ROLE`: the only way in before any admin exists."""

import sqlalchemy as sa

from crm.auth import passwords
from crm.extensions import db
from crm.models import AuditLog, Role, User

GOOD = "a-good-long-passphrase-2026"


def _create(runner, *args, password=GOOD):
    return runner.invoke(args=["create-user", *args], input=password + "\n")


def _user(app, email):
    with app.app_context():
        return db.session.scalar(sa.select(User).where(User.email == email))


def test_it_creates_a_user_with_the_password_from_standard_input(app, runner):
    result = _create(runner, "x@zsj.example.com", "--role", "staff")
    assert result.exit_code == 0, result.output
    assert "已创建用户 x@zsj.example.com（局干部）" in result.output
    user = _user(app, "x@zsj.example.com")
    assert (user.role, user.name, user.active, user.org_id) == (Role.staff, "x", True, None)
    with app.app_context():
        assert passwords.verify_password(user.password_hash, GOOD)


def test_it_signs_the_new_user_in(app, runner, client):
    _create(runner, "Admin2@ZSJ.example.com", "--role", "admin", "--name", "钱管理",
            password=GOOD + "\r")
    client.login("admin2@zsj.example.com", GOOD)
    assert "钱管理" in client.get("/").get_data(as_text=True)


def test_it_puts_the_user_in_a_named_unit(app, runner, orgs):
    result = _create(runner, "y@zsj.example.com", "--role", "liaison", "--org", "磁州镇")
    assert result.exit_code == 0, result.output
    assert _user(app, "y@zsj.example.com").org_id == orgs["township"]


def test_it_refuses_a_weak_password_with_the_reasons(app, runner):
    result = _create(runner, "weak@zsj.example.com", "--role", "staff", password="weak-pw")
    assert result.exit_code == 1
    assert "密码不符合要求" in result.output and "密码至少需要12个字符" in result.output
    result = _create(runner, "weak@zsj.example.com", "--role", "staff", password="weak@2026-long")
    assert "密码不能包含邮箱用户名" in result.output
    assert _user(app, "weak@zsj.example.com") is None


def test_it_refuses_a_duplicate_email(app, runner, users):
    result = _create(runner, "ALICE@zsj.example.com", "--role", "admin")
    assert result.exit_code == 1
    assert "用户 alice@zsj.example.com 已存在" in result.output
    assert _user(app, "alice@zsj.example.com").role == Role.staff


def test_it_refuses_a_bad_role_an_unknown_unit_and_a_bad_email(app, runner):
    bad_role = _create(runner, "z@zsj.example.com", "--role", "superuser")
    assert bad_role.exit_code == 2 and "--role" in bad_role.output
    unknown_unit = _create(runner, "z@zsj.example.com", "--role", "staff", "--org", "火星")
    assert unknown_unit.exit_code == 1 and "单位「火星」不存在" in unknown_unit.output
    bad_email = _create(runner, "not-an-email", "--role", "staff")
    assert bad_email.exit_code == 2 and "邮箱格式不正确" in bad_email.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_it_audits_the_creation_without_the_hash(app, runner):
    _create(runner, "x@zsj.example.com", "--role", "staff")
    with app.app_context():
        rows = db.session.scalars(sa.select(AuditLog).where(AuditLog.entity == "users")).all()
        assert {row.action for row in rows} == {"create"}
        assert {row.user_id for row in rows} == {None}
        assert [row.new for row in rows if row.field == "password_hash"] == ["***"]
