"""The leak canary: a confidential project must not exist for anyone without access.

Every page (every GET route with the authorization matrix's records, the lists with each
filter, search) is crawled as each role without access, once before and once after a
confidential project is added whose every text field and amount carries a marker, with
follow-ups, an agreement, a fund arrival, a 批示 and a stage change of its own, on a company and
at a unit and activity that the other pages show. After the project exists the pages must not
contain a marker or its code name, and must read exactly as before: every count and every sum
unchanged. Only the CSRF tokens are masked, since they are signed with the time.
"""

import io
import re
import zipfile
from datetime import date

import openpyxl
import sqlalchemy as sa

from crm.domain.stages import AgreementKind, PipelineClass, Stage
from crm.extensions import db
from crm.models import (
    Agreement,
    Comment,
    Company,
    Contact,
    DictItem,
    DictKind,
    ExportRecord,
    FollowUp,
    FundArrival,
    Project,
    ProjectInvestor,
    ProjectMember,
    StageChange,
    User,
)
from crm.projects import signing
from tests.conftest import email_of, ref
from tests.matrix import ROLE_USERS, argument_kind, make_records

MARK = "KQ7Z"  # in every text field of the canary
CODE_NAME = "代号KQ7Z"
# Amounts whose digits appear nowhere else, in any unit the pages print (元, 万元, 亿元).
AMOUNTS = {"total_investment": 987_654_321_000, "fixed_asset_investment": 876_543_210_000,
           "expected_annual_output": 765_432_100_000, "expected_annual_tax": 65_432_100_000}
ROLES_WITHOUT_ACCESS = ("anonymous", "staff", "liaison", "reporter", "admin")
CSRF = re.compile(r'(name="csrf[-_]token"[^>]*?(?:content|value)=")[^"]+"')
# The cockpit's print line carries the clock's minute; a crawl that spans a minute's turn
# (CI, loaded) would otherwise report every cockpit page as changed for the later roles.
PRINTED_AT = re.compile(r"(打印时间：)[^<]*")
# The exports' own clock: a workbook's 导出时间, a 简报's 生成时间, the times of /admin/exports.
EXPORTED_AT = re.compile(r"((?:导出时间|生成时间)：)?\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def base_data(app, users, orgs) -> tuple[dict, int]:
    with app.app_context():
        records = make_records(users, orgs)
        company = Company(name="邯郸市某某化工有限公司")  # shown to everyone as master data
        db.session.add(company)
        db.session.flush()
        db.session.add(Contact(company_id=company.id, name="王经理"))
        db.session.commit()
        return records, company.id


def add_canary(app, users, orgs, company_id: int) -> int:
    with app.app_context():
        item = lambda kind: db.session.scalar(  # noqa: E731
            sa.select(DictItem.id).where(DictItem.kind == kind).order_by(DictItem.id).limit(1))
        project = Project(
            name=f"名称{MARK}", code_name=CODE_NAME, confidential=True,
            description=f"描述{MARK}", status_reason=f"原因{MARK}",
            first_contact_note=f"引荐{MARK}", stage=Stage.negotiation,
            pipeline_class=PipelineClass.A, org_id=orgs["park"],
            channel_id=item(DictKind.channel), cluster_id=item(DictKind.cluster),
            next_followup_at=date(2026, 1, 5), last_contact_at=date(2025, 12, 1), **AMOUNTS,
            # dave (the matrix's staff member in 开发区) owns it and bob is on its team: the
            # hand-over page counts both, and neither is a crawling role.
            owner_id=db.session.scalar(sa.select(User.id).where(
                User.email == "dave@zsj.example.com")))
        project.members = [ProjectMember(user_id=users["bob"])]
        project.investors = [ProjectInvestor(company_id=company_id, is_lead=True)]
        db.session.add(project)
        db.session.flush()
        contact = db.session.scalar(sa.select(Contact).where(Contact.company_id == company_id))
        followup = FollowUp(project_id=project.id, author_id=users["leader"],
                            kind_id=item(DictKind.followup_type),
                            contact_date=date(2025, 12, 1), summary=f"对接{MARK}",
                            next_step=f"下一步{MARK}", next_due_date=date(2026, 1, 5),
                            other_participants=f"参与{MARK}")
        followup.contacts = [contact]
        db.session.add_all([
            followup,
            Agreement(project_id=project.id, kind=AgreementKind.investment,
                      title=f"协议{MARK}", note=f"备注{MARK}", signed_on=date(2026, 3, 3),
                      amount=543_210_987_000),
            FundArrival(project_id=project.id, arrived_on=date(2026, 4, 4),
                        amount=432_109_876_000, source=f"来源{MARK}", note=f"说明{MARK}"),
            Comment(project_id=project.id, author_id=users["leader"], body=f"批示{MARK}"),
            StageChange(project_id=project.id, from_stage=Stage.inspection,
                        to_stage=Stage.negotiation, effective_date=date(2025, 11, 30),
                        note=f"阶段{MARK}"),
        ])
        db.session.flush()
        signing.refresh(db.session, project)  # signed in 2026: the cockpit's figures count it
        db.session.commit()
        return project.id


def list_urls(app, orgs) -> list[str]:
    """The lists with each filter that would select the canary, and searches that match it
    (by company, name, description and pinyin initials) without echoing a marker."""
    with app.app_context():
        cluster = db.session.scalar(sa.select(DictItem.id).where(
            DictItem.kind == DictKind.cluster).order_by(DictItem.id).limit(1))
        dave = db.session.scalar(sa.select(User.id).where(User.email == "dave@zsj.example.com"))
    urls = ["/projects?" + q for q in (
        "", "stage=negotiation", "class=A", "status=normal", "health=red", "health=green",
        "confidential=1", f"org={orgs['park']}", f"cluster={cluster}", f"owner={dave}",
        "sort=amount", "sort=next_followup&dir=asc", "sort=last_contact")]
    urls += ["/search?q=" + q for q in ("某某化工", "名称", "描述", "mc")]
    # The cockpit over the canary's year, and the drill-downs that would list it.
    urls += ["/dashboard?p=year&y=2026", "/dashboard/ranking?year=2026"]
    urls += [f"/dashboard/projects?p=year&y=2026&measure={m}" for m in (
        "signed", "amount", "funds", "talks", "pipeline", "overdue", "cohort_agreed",
        "cohort_funds", "signed_not_started")]
    urls += [f"/dashboard/projects?p=year&y=2026&measure=amount&by_org={orgs['park']}",
             "/dashboard/projects?p=year&y=2026&measure=talks&by_class=A"]
    # The reports: the canary signed in March 2026 and its funds came in April; every export
    # asked with 显示真实名称, as a viewer allowed to see it would.
    urls += [f"/reports/monthly.xlsx?month=2026-{m}&real_names=1" for m in ("03", "04", "12")]
    urls += [f"/reports/monthly.xlsx?month=2026-03&org={orgs['park']}",
             "/reports/brief?p=year&y=2026", "/reports/brief.docx?p=year&y=2026&real_names=1",
             "/reports/companies.xlsx", "/reports/companies.xlsx?q=某某化工"]
    urls += ["/reports/projects.xlsx?real_names=1&" + q for q in (
        "", "stage=negotiation", "confidential=1", f"org={orgs['park']}", "sort=amount")]
    urls += [f"/reports/{kind}.xlsx?from=2025-01-01&to=2026-12-31&real_names=1"
             for kind in ("followups", "agreements", "funds")]
    urls += [f"/reports/drill.xlsx?p=year&y=2026&real_names=1&measure={m}" for m in (
        "signed", "amount", "funds", "talks", "pipeline", "overdue", "cohort_agreed")]
    return urls + ["/projects/board", "/companies", "/", "/activities", "/intake/queue",
                   "/admin/handover", "/admin/orgs", "/admin/users", "/admin/targets",
                   "/admin/exports"]


def route_urls(app, records) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in rule.methods:
            continue
        kinds = {argument: argument_kind(rule.endpoint, argument) for argument in rule.arguments}
        values = {}
        for argument, kind in kinds.items():
            labels = [label for label in records[kind] if label != "missing"]
            values[argument] = records[kind][labels[0]]
        with app.app_context():  # project tokens are keyed by the app's SECRET_KEY
            urls.append(rule.build(values)[1])
    return sorted(set(urls))


def readable_text(response) -> str:
    """What a page, a workbook or a document says: an .xlsx is read back cell by cell, and
    every XML part of it and of a .docx is kept too (a zip would hide the markers)."""
    body = response.get_data()
    if response.mimetype not in (WORKBOOK, DOCUMENT):
        return body.decode("utf-8", "replace")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        parts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                 if name.endswith(".xml") and "docProps" not in name]  # docProps: save time
    if response.mimetype == WORKBOOK:
        book = openpyxl.load_workbook(io.BytesIO(body))
        parts = [" | ".join("" if v is None else str(v) for v in row)
                 for sheet in book for row in sheet.iter_rows(values_only=True)] + parts
    return "\n".join(parts)


def crawl(app, urls) -> dict[tuple[str, str], tuple[int, str]]:
    with app.app_context():  # each crawl's /admin/exports lists that crawl's own exports
        db.session.execute(sa.delete(ExportRecord))
        db.session.commit()
    pages = {}
    for role in ROLES_WITHOUT_ACCESS:
        client = app.test_client()
        if role != "anonymous":
            client.login(email_of(ROLE_USERS[role]))
        for url in urls:
            response = client.get(url)
            body = CSRF.sub(r'\1"', readable_text(response))
            body = EXPORTED_AT.sub(r"\1", PRINTED_AT.sub(r"\1", body))
            pages[role, url] = (response.status_code, body)
    return pages


def markers_in(body: str) -> list[str]:
    found = [m for m in (MARK, CODE_NAME) if m in body]
    for value in (*AMOUNTS.values(), 543_210_987_000, 432_109_876_000):
        digits = str(value).rstrip("0")[:6]  # the leading digits, as any unit prints them
        if digits in body.replace(",", "").replace(".", ""):
            found.append(digits)
    return found


def test_a_confidential_project_leaves_no_trace_for_those_without_access(app, users, orgs):
    records, company = base_data(app, users, orgs)
    urls = list(dict.fromkeys(route_urls(app, records) + list_urls(app, orgs)))  # distinct
    before = crawl(app, urls)
    canary = add_canary(app, users, orgs, company)
    after = crawl(app, urls + [f"/projects/{ref(canary)}", f"/projects/{ref(canary)}/edit"])

    leaks = [f"{role} {url}: {markers_in(body)}" for (role, url), (_, body) in after.items()
             if markers_in(body)]
    changed = [f"{role} {url}: {before[role, url][0]} -> {status}"
               for (role, url), (status, body) in after.items()
               if (role, url) in before and before[role, url] != (status, body)]
    hidden = [f"{role} {url}: {status}" for (role, url), (status, _) in after.items()
              if url.startswith(f"/projects/{ref(canary)}") and status not in (302, 404)]
    print(f"\nleak canary: {len(urls)} URLs x {len(ROLES_WITHOUT_ACCESS)} roles = "
          f"{len(before)} pages crawled twice")
    assert not leaks, "markers shown:\n" + "\n".join(leaks)
    assert not hidden, "the canary's own pages answered:\n" + "\n".join(hidden)
    assert not changed, "pages that changed (counts, sums, lists):\n" + "\n".join(changed)
