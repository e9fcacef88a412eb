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


@click.command("scheduler")
@click.option("--tick", type=float, default=None,
              help="把所有周期任务的间隔改为该秒数（试用、测试）")
@click.option("--drain", is_flag=True,
              help="不常驻：立即处理所有到期提醒并发送邮件，处理完即退出")
def scheduler(tick: float | None, drain: bool) -> None:
    """Run the scheduler: reminders, e-mail, housekeeping and large ledger imports (one process
    beside the web workers)."""
    import logging

    from flask import current_app

    from crm.reminders import schedule

    app = current_app._get_current_object()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    # APScheduler logs every run of every job at INFO: a line every few seconds that says
    # nothing. Its warnings (a job still running when its next turn came) stay visible.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    if drain:
        totals = schedule.drain(app)
        click.echo(f"已处理提醒 {totals['dispatched']} 条，发送邮件 {totals['sent']} 封，"
                   f"失败 {totals['failed']} 次")
        return
    click.echo("调度进程已启动：提醒、邮件、大文件台账导入（Ctrl+C 停止）")
    schedule.run_forever(app, tick)


def init_app(app: Flask) -> None:
    for command in (create_user, setup, seed_demo, scheduler):
        app.cli.add_command(command)
