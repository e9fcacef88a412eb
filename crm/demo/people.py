"""Demo units and one account per role, with random passwords shown once."""

import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from flask import current_app

from crm.auth import passwords
from crm.extensions import db
from crm.models import Org, OrgKind, Role, User

ORGS: list[tuple[str, OrgKind]] = [
    ("县领导", OrgKind.leadership),
    ("综合科", OrgKind.bureau),
    ("招商一科", OrgKind.bureau),
    ("招商二科", OrgKind.bureau),
    ("项目服务科", OrgKind.bureau),
    ("县发改局", OrgKind.department),
    ("县自然资源和规划局", OrgKind.department),
    ("县工信局", OrgKind.department),
    ("磁州镇", OrgKind.township),
    ("讲武城镇", OrgKind.township),
    ("时村营乡", OrgKind.township),
    ("路村营乡", OrgKind.township),
    ("磁县经济开发区", OrgKind.park),
    ("磁县化工园区", OrgKind.park),
]


@dataclass(frozen=True)
class DemoUser:
    key: str  # the e-mail's local part
    name: str
    role: Role
    org: str
    title: str
    phone: str


USERS = [
    DemoUser("admin", "赵敏", Role.admin, "综合科", "综合科科员", "138-3100-2001"),
    DemoUser("leader", "王振华", Role.leader, "县领导", "县长", "138-3100-1001"),
    DemoUser("leader2", "李建国", Role.leader, "县领导", "常务副县长", "138-3100-1002"),
    DemoUser("staff", "张伟", Role.staff, "招商一科", "招商一科科长", "139-3300-3001"),
    DemoUser("staff2", "刘洋", Role.staff, "招商一科", "招商一科科员", "139-3300-3002"),
    DemoUser("staff3", "陈静", Role.staff, "招商二科", "招商二科科长", "139-3300-3003"),
    DemoUser("staff4", "杨帆", Role.staff, "项目服务科", "项目服务科科长", "139-3300-3004"),
    DemoUser("liaison", "孙丽", Role.liaison, "磁州镇", "磁州镇招商联络员", "137-3300-4001"),
    DemoUser("liaison2", "周强", Role.liaison, "磁县经济开发区", "开发区招商联络员",
             "137-3300-4002"),
    DemoUser("reporter", "吴磊", Role.reporter, "县发改局", "县发改局干部（全员招商）",
             "136-3300-5001"),
]
EMAIL_DOMAIN = "zsj.example.com"


def email(key: str) -> str:
    return f"{key}@{EMAIL_DOMAIN}"


def create_orgs() -> dict[str, Org]:
    orgs = {name: Org(name=name, kind=kind, sort_order=i) for i, (name, kind) in enumerate(ORGS)}
    db.session.add_all(orgs.values())
    return orgs


def _new_password(user: DemoUser) -> str:
    # Random each run (never seeded): a demo database may well end up reachable on a network.
    while True:
        password = secrets.token_urlsafe(12)
        if not passwords.policy_errors(password, email(user.key), user.name):
            return password


def _hash_all(secrets_: list[str]) -> list[str]:
    # argon2id at production strength takes ~0.5 s a hash here; the C code releases the GIL,
    # so a few threads bring ten accounts from ~5 s to ~1.5 s.
    app = current_app._get_current_object()

    def hash_one(password: str) -> str:
        with app.app_context():
            return passwords.hash_password(password)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(hash_one, secrets_))


def create_users(orgs: dict[str, Org]) -> tuple[dict[str, User], list[tuple[DemoUser, str]]]:
    shown = [(spec, _new_password(spec)) for spec in USERS]
    hashes = _hash_all([password for _, password in shown])
    users = {
        spec.key: User(
            email=email(spec.key), name=spec.name, phone=spec.phone, role=spec.role,
            org=orgs[spec.org], password_hash=hashed, must_change_password=False,
        )
        for (spec, _), hashed in zip(shown, hashes, strict=True)
    }
    db.session.add_all(users.values())
    return users, shown


def credentials_block(shown: list[tuple[DemoUser, str]]) -> str:
    lines = ["", "演示账号（密码只显示这一次，请妥善保存）", "-" * 72]
    for spec, password in shown:
        who = f"{spec.role.label}｜{spec.title} {spec.name}"
        lines.append(f"  {email(spec.key):<28} 密码：{password}   {who}")
    lines += ["-" * 72, ""]
    return "\n".join(lines)
