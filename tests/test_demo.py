"""`flask --app crm seed-demo`: the demo county loads once, consistently, with working accounts."""

import random
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from crm.demo import people
from crm.demo.timeline import stage_dates
from crm.domain.stages import (
    AgreementKind,
    Health,
    Screening,
    Stage,
    Status,
    check_stage_move,
    health_applies,
    health_colour,
)
from crm.domain.uscc import check_uscc
from crm.extensions import db
from crm.models import (
    Activity,
    Agreement,
    Company,
    FollowUp,
    FundArrival,
    Org,
    Project,
    Role,
    StageChange,
    Target,
    User,
)
from crm.names import normalise_company_name, pinyin_initials
from crm.projects import lifecycle


def _seed(app, runner):
    # The commands are plain click commands: `flask` pushes the app context, the test runner
    # does not.
    with app.app_context():
        return runner.invoke(args=["seed-demo"])


@pytest.fixture
def seeded(app, runner) -> str:
    result = _seed(app, runner)
    assert result.exit_code == 0, result.output
    return result.output


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _projects() -> list[Project]:
    return list(db.session.scalars(sa.select(Project)))


# Seeding takes ~2 s, so each test below checks one aspect of the loaded county in full.

def test_it_loads_a_county_with_every_stage_status_and_screening_outcome(app, seeded):
    assert "项目 63 个" in seeded and "企业 41 家" in seeded
    with app.app_context():
        assert _count(Org) == 14 and _count(User) == 10
        assert {u.role for u in db.session.scalars(sa.select(User))} == set(Role)
        assert _count(Company) >= 40 and _count(Project) >= 60
        assert _count(FollowUp) > 150 and _count(Agreement) > 20 and _count(FundArrival) > 10
        assert _count(Activity) >= 9 and _count(Target) >= 5
        projects = _projects()
        assert {p.stage for p in projects} == set(Stage)
        assert {p.status for p in projects} == set(Status)
        assert {p.screening for p in projects} == {None, *Screening}
        for p in projects:
            assert p.duplicate_of_id is not None or p.screening != Screening.duplicate
            if p.screening is not None:
                assert p.reported_by.email == "reporter@zsj.example.com"


def test_stage_histories_walk_forward_and_signed_projects_have_investment_agreements(
        app, seeded):
    with app.app_context():
        for p in _projects():
            changes = db.session.scalars(sa.select(StageChange).where(
                StageChange.project_id == p.id).order_by(StageChange.id)).all()
            assert [c.to_stage for c in changes] == list(Stage)[: p.stage.rank + 1], p.name
            days = [c.effective_date for c in changes]
            assert days == sorted(set(days)) and days[-1] == p.stage_date <= date.today()
            assert (p.started_on is not None) == (p.stage.rank >= Stage.started.rank)
            first = db.session.scalars(sa.select(Agreement).where(
                Agreement.project_id == p.id, Agreement.kind == AgreementKind.investment,
            ).order_by(Agreement.signed_on)).first()
            if p.stage.rank >= Stage.signed.rank:
                assert first is not None and first.amount > 0, p.name
                assert first.signed_on == p.signed_on, p.name
            else:
                assert first is None and p.signed_on is None, p.name
            # The loader replays history unchecked; what it leaves meets the stage rules (from
            # 接洽 on a 主投资方, from 签约 an 投资协议, each milestone's date).
            if p.stage != Stage.lead:
                assert check_stage_move(Stage.lead, p.stage, lifecycle.project_facts(p)) == [], \
                    p.name


def test_stored_dates_agree_with_follow_ups_and_colours_vary_relative_to_today(app, seeded):
    today = date.today()
    with app.app_context():
        projects = _projects()
        for p in projects:
            last = db.session.scalars(sa.select(FollowUp).where(FollowUp.project_id == p.id)
                                      .order_by(FollowUp.contact_date.desc())).first()
            assert p.last_contact_at == (last.contact_date if last else None), p.name
            assert p.next_followup_at == (last.next_due_date if last else None), p.name
            assert p.last_progress_at == max(filter(None, [p.last_contact_at, p.stage_date]))
        working = [p for p in projects if health_applies(p.status)
                   and p.screening in (None, Screening.accepted)]
        colours = {health_colour(p.last_progress_at, today, p.created_at.date())
                   for p in working}
        dues = {(p.next_followup_at > today) - (p.next_followup_at < today)
                for p in working if p.next_followup_at}
    assert colours == set(Health)
    assert dues == {-1, 0, 1}  # overdue, due today, due later


def test_every_credit_code_is_valid_and_names_are_normalised(app, seeded):
    with app.app_context():
        companies = list(db.session.scalars(sa.select(Company)))
    assert len({c.uscc for c in companies}) == len(companies)
    for company in companies:
        check = check_uscc(company.uscc)
        assert check.ok and not check.checksum_failed, company.uscc
        assert company.name_normalized == normalise_company_name(company.name)
        assert company.name_initials == pinyin_initials(company.name)


def test_it_prints_each_password_once_and_each_account_signs_in(app, seeded):
    assert "演示账号（密码只显示这一次，请妥善保存）" in seeded
    for spec in people.USERS:
        email = people.email(spec.key)
        found = re.findall(rf"{re.escape(email)}\s+密码：(\S+)", seeded)
        assert len(found) == 1, email
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": found[0]})
        assert response.status_code == 302, email
        assert "/account/password" not in response.headers["Location"]


def test_a_second_run_skips_and_changes_nothing(app, runner, seeded):
    with app.app_context():
        before = {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t))
                  for t in db.metadata.sorted_tables}
    result = _seed(app, runner)
    assert result.exit_code == 0 and "演示数据已存在，跳过" in result.output
    assert "密码" not in result.output
    with app.app_context():
        after = {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t))
                 for t in db.metadata.sorted_tables}
    assert after == before


@pytest.mark.parametrize(("top", "anchors", "end_days_ago"), [
    (Stage.operating, {}, 30),
    (Stage.negotiation, {Stage.lead: 200}, 150),
    (Stage.started, {Stage.lead: 300, Stage.signed: 140}, 10),
    (Stage.producing, {Stage.signed: 20}, 200),  # squeezed: nothing lands after today
    (Stage.lead, {}, 3),
])
def test_stage_dates_increase_honour_anchors_and_stop_at_today(top, anchors, end_days_ago):
    today = date(2026, 6, 30)
    pinned = {stage: today - timedelta(days=d) for stage, d in anchors.items()}
    dates = stage_dates(random.Random(1), top, today - timedelta(days=end_days_ago), today,
                        pinned)
    assert len(dates) == top.rank + 1
    assert dates == sorted(set(dates)) and dates[-1] <= today
    for stage, day in pinned.items():
        assert dates[stage.rank] == day
    if not pinned:
        assert dates[-1] == today - timedelta(days=end_days_ago)
