"""Command-line tools: `flask --app crm <command>`."""

import sys

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext
from flask_migrate import upgrade

from crm.auth import passwords
from crm.extensions import db
from crm.models import Org, Role, User


def _read_password(email: str) -> str:
    if sys.stdin.isatty():
        return click.prompt(f"{email} 的密码", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")  # a file saved on Windows ends in CRLF


@click.command("create-user")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--name", default="", help="姓名（默认取邮箱用户名）")
@click.option("--org", "org_name", default="", help="所属单位名称")
@with_appcontext  # `flask` pushes a context itself; app.test_cli_runner() does not
def create_user(email: str, role: str, name: str, org_name: str) -> None:
    """Create a user; the password comes from a prompt, or standard input when piped."""
    email = email.strip().lower()
    if "@" not in email:
        raise click.BadParameter("邮箱格式不正确", param_hint="EMAIL")
    if db.session.scalar(sa.select(User).where(User.email == email)):
        raise click.ClickException(f"用户 {email} 已存在")
    org = None
    if org_name:
        org = db.session.scalar(sa.select(Org).where(Org.name == org_name))
        if org is None:
            raise click.ClickException(f"单位「{org_name}」不存在")
    name = name or email.split("@")[0]
    password = _read_password(email)
    problems = passwords.policy_errors(password, email, name)
    if problems:
        raise click.ClickException("密码不符合要求：" + "；".join(problems))
    db.session.add(User(email=email, name=name, role=Role(role), org=org,
                        password_hash=passwords.hash_password(password)))
    db.session.commit()
    click.echo(f"已创建用户 {email}（{Role(role).label}）")


@click.command("setup")
@with_appcontext
def setup() -> None:
    """Apply migrations and load the default dictionaries and holiday calendar (idempotent)."""
    from crm import reference_data

    upgrade()
    added = reference_data.ensure()
    db.session.commit()
    click.echo(f"数据库已就绪（新增字典与节假日条目 {added} 条）")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the demo county once and print each demo user's password once."""
    from crm import demo

    demo.run(click.echo)


def init_app(app: Flask) -> None:
    for command in (create_user, setup, seed_demo):
        app.cli.add_command(command)
