"""`flask --app crm seed-demo`: a 磁县-like county's bureau with a year and more of work in it.

Loaded once, into a database without users. Everything is drawn from random.Random(2022), so two
loads on the same day are identical, except the passwords, which are random and shown once. Dates
are relative to today, so due dates and health colours stay meaningful whenever it is loaded.
"""

import random
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa

from crm import reference_data
from crm.demo import companies, deals, events, followups, people, projects
from crm.demo.context import Ctx
from crm.extensions import db
from crm.models import DictItem, User
from crm.projects import signing

SEED = 2022


def _skip_message() -> str:
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        return f"演示数据已存在，跳过（如需重置请清空数据库 {url.database}）"
    path = url.database or ""
    shown = "instance/crm.sqlite3" if path.endswith("instance/crm.sqlite3") else path
    return f"演示数据已存在，跳过（如需重置请删除 {shown}）"


def run(echo: Callable[[str], object]) -> None:
    if db.session.scalar(sa.select(User.id).limit(1)) is not None:
        echo(_skip_message())
        return
    reference_data.ensure()
    items = {(i.kind, i.code): i for i in db.session.scalars(sa.select(DictItem))}

    orgs = people.create_orgs()
    users, shown = people.create_users(orgs)
    db.session.flush()
    ctx = Ctx(rng=random.Random(SEED), today=date.today(), items=items, orgs=orgs, users=users)

    built = companies.create(ctx.rng, items, ctx.today)
    ctx.companies, ctx.contacts = built.companies, built.contacts
    events.create_activities(ctx)  # flushes: projects refer to activities by id
    plans = projects.create(ctx)
    agreements, funds = deals.create(ctx, plans)
    logged, comments = followups.create(ctx, plans)
    targets = events.create_targets(ctx)
    db.session.flush()
    signing.rebuild(db.session.connection())  # the figures' signing facts of every agreement
    db.session.commit()

    echo(people.credentials_block(shown))
    echo(
        f"演示数据已载入：单位 {len(orgs)} 个，用户 {len(users)} 个，企业 {len(ctx.companies)} 家，"
        f"招商活动 {len(ctx.activities)} 场，项目 {len(plans)} 个，对接记录 {logged} 条，"
        f"协议 {agreements} 份，到位资金 {funds} 笔，领导批示 {comments} 条，"
        f"{ctx.today.year}年度目标 {targets} 项。"
    )
