"""Who may open what: the expectations behind the authorization matrix and the access tests.

Every endpoint in app.url_map needs an entry in ENDPOINTS or a PREFIXES rule, and every URL
argument a record kind in ARGUMENTS: tests/test_authorization_matrix.py fails for a route
that has neither, so the table grows with every route.
"""

import importlib
import itertools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from crm.domain.stages import Screening
from crm.extensions import db
from crm.models import (
    DictItem,
    DictKind,
    Holiday,
    Org,
    Project,
    ProjectMember,
    Role,
)
from tests.conftest import email_of, make_user

# --- Projects: the records every access test uses, and who may do what with them ---------

# Owned by dave (staff in 经济开发区) unless said otherwise; "led" has a 包联领导 other than
# the matrix's leader (刘副县长, created with dave).
PROJECTS = {
    "own": dict(name="光伏组件项目", owner="alice", org="bureau"),
    "team": dict(name="童装产业园项目", org="park", members=("bob",)),
    "other": dict(name="精细化工新材料项目", org="park"),
    "unit": dict(name="磁州镇文旅康养项目", org="township"),
    "led": dict(name="建筑建材产业园项目", org="township", leader="lena"),
    "confidential": dict(name="某央企总部项目", org="park", confidential=True,
                         leader="leader"),
    "conf_team": dict(name="某链主企业项目", org="park", confidential=True,
                      members=("bob", "admin", "charlie")),
    "conf_unit": dict(name="磁州镇保密项目", org="township", confidential=True),
    "submission": dict(name="全员招商线索", owner=None, org=None, reporter="reporter"),
}

# The DESIGN.md access table, user -> record -> letters:
#   r read                       w the project itself: its fields, stage, status, agreements
#   p milestone dates, 到位资金    f follow-ups (each edits only their own)
#   t the team and its owner     c 领导批示
# Staff write the projects they own or are on the team of; a liaison records follow-ups,
# dates and funds on their unit's projects (not status, not agreements); leaders read all,
# log their own follow-ups, comment, and manage the team of the projects they 包联 (any
# leader where no 包联领导 is set); admins and reporters write no project.
_NONE = dict.fromkeys(PROJECTS, "")
ACCESS = {
    "alice": {**_NONE, "own": "rwpft", "team": "r", "other": "r", "unit": "r", "led": "r",
              "submission": "r"},
    "bob": {**_NONE, "own": "r", "team": "rwpf", "other": "r", "unit": "r", "led": "r",
            "conf_team": "rwpf", "submission": "r"},
    "charlie": {**_NONE, "unit": "rpf", "led": "rpf", "conf_team": "r"},
    "leader": {**dict.fromkeys(PROJECTS, "rftc"), "led": "rfc"},
    "admin": {**_NONE, "own": "r", "team": "r", "other": "r", "unit": "r", "led": "r",
              "conf_team": "r", "submission": "r"},
    "reporter": {**_NONE, "submission": "r"},
}
LETTERS = "rwpftc"

# The user who stands for each role in the matrix (alice owns, charlie is a liaison elsewhere).
ROLE_USERS = {"leader": "leader", "staff": "alice", "liaison": "charlie",
              "reporter": "reporter", "admin": "admin"}
ROLES = ("anonymous", *ROLE_USERS)
SIGNED_IN = frozenset(ROLE_USERS)


def make_projects(users: dict[str, int], orgs: dict[str, int]) -> dict[str, int]:
    """Create PROJECTS (call inside an app context); returns record label -> project id."""
    dave = make_user("dave@zsj.example.com", Role.staff, db.session.get(Org, orgs["park"]),
                     "陈大伟")
    users = {**users, "lena": make_user("lena@zsj.example.com", Role.leader, None, "刘副县长").id}
    ids = {}
    for label, spec in PROJECTS.items():
        owner = spec.get("owner", "dave")
        project = Project(
            name=spec["name"], org_id=orgs[spec["org"]] if spec["org"] else None,
            owner_id=dave.id if owner == "dave" else users.get(owner),
            leader_id=users.get(spec.get("leader")), confidential=spec.get("confidential", False),
            reported_by_id=users.get(spec.get("reporter")),
            screening=Screening.pending if spec.get("reporter") else None,
        )
        project.members = [ProjectMember(user_id=users[who]) for who in spec.get("members", ())]
        db.session.add(project)
        db.session.flush()
        ids[label] = project.id
    db.session.commit()
    return ids


# --- Routes ------------------------------------------------------------------------------

LOGIN = "login"  # 302 to /login
HOME = "home"    # 302 to /
MISSING = 999_999


ALLOWED = "let through"  # a POST that passes every check (then succeeds or shows form errors)


@dataclass(frozen=True)
class Route:
    roles: frozenset = frozenset()  # signed-in roles whose GET is answered `ok`
    ok: int | str = 200
    anonymous: int | str = LOGIN
    denied: int = 403               # signed-in roles outside `roles`
    needs: str = "r"                # for a project in the URL: the ACCESS letter a GET needs
    post_only: bool = False         # GET must answer 405
    # POST (tests/test_write_matrix.py): the roles let through ("anonymous" for public forms;
    # None: the same as `roles`) and the ACCESS letter needed (None: the same as `needs`).
    writers: frozenset | None = None
    writes: str | None = None
    # Record-level rules the table cannot say (a follow-up's author): role -> exact answer
    # for GET, and for POST the same with `ok` read as ALLOWED.
    answers: dict | None = None


ENDPOINTS = {
    "auth.login": Route(roles=SIGNED_IN, ok=HOME, anonymous=200, writers=frozenset(ROLES)),
    "auth.logout": Route(post_only=True, writers=SIGNED_IN, ok=LOGIN),  # back to sign-in
    "auth.change_password": Route(roles=SIGNED_IN),
    "main.home": Route(roles=SIGNED_IN),
    "main.healthz": Route(roles=SIGNED_IN, anonymous=200),
}

# Whole areas with one rule; an entry in ENDPOINTS wins over these.
PREFIXES = {
    "admin.": Route(roles=frozenset({"admin"})),
}


def route_for(endpoint: str) -> Route | None:
    if endpoint in ENDPOINTS:
        return ENDPOINTS[endpoint]
    for prefix, route in PREFIXES.items():
        if endpoint.startswith(prefix):
            return route
    return None


# URL argument -> record kind; "endpoint:argument" overrides the plain name.
ARGUMENTS = {
    "project_id": "project",
    "user_id": "user",
    "org_id": "org",
    "kind": "dict_kind",
    "item_id": "dict_item",
    "day": "holiday",
    "year": "year",
}


# Record kinds that are a subset of the projects (the one a sub-record belongs to).
PROJECT_KINDS = {"member_project": "project", "followup_project": "project",
                 "agreement_project": "project", "correction_project": "project"}


def argument_kind(endpoint: str, argument: str) -> str | None:
    return ARGUMENTS.get(f"{endpoint}:{argument}") or ARGUMENTS.get(argument)


def make_records(users: dict[str, int], orgs: dict[str, int]) -> dict[str, dict[str, object]]:
    """Record kind -> label -> URL value; "missing" values name nothing that exists."""
    channel = db.session.scalar(sa.select(DictItem.id).where(DictItem.kind == DictKind.channel)
                                .order_by(DictItem.id).limit(1))
    db.session.add(Holiday(day=date(2026, 10, 1), is_workday=False, name="国庆节"))
    db.session.commit()
    records = {
        "project": {**make_projects(users, orgs), "missing": MISSING},
        "user": {"staff": users["alice"], "admin": users["admin"], "missing": MISSING},
        "org": {"bureau": orgs["bureau"], "township": orgs["township"], "missing": MISSING},
        "dict_kind": {"channel": DictKind.channel.value, "missing": "no-such-kind"},
        "dict_item": {"channel": channel, "missing": MISSING},
        "holiday": {"national_day": "2026-10-01", "missing": "2026-10-02"},
        "year": {"this_year": 2026},
    }
    for module in AREAS:
        if hasattr(module, "make_records"):
            records.update(module.make_records(users, orgs, records))
    return records


def expected(route: Route, role: str, records: dict[str, str]) -> int | str:
    """The answer to a GET by `role`, given the record label chosen for each URL argument."""
    if route.answers and role in route.answers:
        return route.answers[role]
    if role == "anonymous":
        return route.anonymous
    if role not in route.roles:
        return route.denied
    return _record_check(role, records, route.needs) or route.ok


def expected_post(route: Route, role: str, records: dict[str, str]) -> int | str:
    """The answer to an empty POST by `role`: a refusal, or ALLOWED past every check."""
    if route.answers and role in route.answers:
        answer = route.answers[role]
        return ALLOWED if answer == route.ok else answer
    writers = route.roles if route.writers is None else route.writers
    if role == "anonymous":
        return ALLOWED if "anonymous" in writers else LOGIN
    if role not in writers:
        return route.denied
    return _record_check(role, records, route.writes or route.needs) or ALLOWED


def _record_check(role: str, records: dict[str, str], letter: str) -> int | None:
    """The refusal for the records in the URL, in the order the views check them: the
    project first (404 unreadable, 403 without the letter), then any record that is missing."""
    project = records.get("project")
    if project == "missing":
        return 404
    if project is not None:
        access = ACCESS[ROLE_USERS[role]][project]
        if "r" not in access:
            return 404
        if letter not in access:
            return 403
    if "missing" in records.values():
        return 404
    return None


def outcome(response) -> int | str:
    """A response as the table writes it: a status, or LOGIN / HOME for those redirects."""
    if response.status_code == 302:
        location = response.headers["Location"]
        if location.startswith("/login"):
            return LOGIN
        if location == "/":
            return HOME
        return f"302 {location}"
    return response.status_code


# --- Running the table against the app ----------------------------------------------------

def rules(app):
    """Every route but static files."""
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def clients(app) -> dict:
    clients = {"anonymous": app.test_client()}
    for role, who in ROLE_USERS.items():
        clients[role] = app.test_client()
        clients[role].login(email_of(who))
    return clients


def urls(rule, records):
    """(URL, {record kind: label}) for every combination of records the rule's arguments take."""
    arguments = sorted(rule.arguments)
    kinds = [argument_kind(rule.endpoint, argument) for argument in arguments]
    for labels in itertools.product(*(records[kind] for kind in kinds)):
        values = {argument: records[kind][label]
                  for argument, kind, label in zip(arguments, kinds, labels, strict=True)}
        # A narrowed project kind ("the project this follow-up is on") is judged as a project.
        yield rule.build(values)[1], {PROJECT_KINDS.get(kind, kind): label
                                      for kind, label in zip(kinds, labels, strict=True)}


# The record of an export (a GET that hands out a workbook) is bookkeeping of a read, written
# in write_transaction() like a session's last-seen time: not a state change.
READ_LOGS = {"export_records"}


def row_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables if table.name not in READ_LOGS}


# --- Areas -----------------------------------------------------------------------------------
# Each area keeps its routes in tests/matrix_<area>.py: ENDPOINTS and ARGUMENTS dicts merged
# into the ones above, and optionally make_records(users, orgs, records) returning new record
# kinds ({kind: {label: URL value}}, with a "missing" label). Separate files let areas grow
# without editing one shared table.
AREAS = [importlib.import_module(f"tests.{path.stem}")
         for path in sorted(Path(__file__).parent.glob("matrix_*.py"))]
for _module in AREAS:
    ENDPOINTS.update(getattr(_module, "ENDPOINTS", {}))
    ARGUMENTS.update(getattr(_module, "ARGUMENTS", {}))
