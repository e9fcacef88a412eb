"""GET/POST /projects/new: staff create and own; leaders choose an owner; others may not."""

import sqlalchemy as sa

from crm.domain.stages import Stage
from crm.models import Project, ProjectInvestor, StageChange
from tests.projects.conftest import new_form, text

NAME = "光伏组件项目"


def _created(rows, name=NAME):
    return rows(sa.select(Project).where(Project.name == name))


def post(client, **fields):
    return client.post("/projects/new", data=new_form(**fields))


def test_it_creates_a_project_owned_by_its_creator(as_user, users, rows):
    response = post(as_user("alice"), name=NAME, total_investment="1亿5000万",
                    foreign_investment_usd="500", land_mu="120.5", jobs="300")
    assert response.status_code == 302
    (project,) = _created(rows)
    assert (project.owner_id, project.created_by_id) == (users["alice"], users["alice"])
    assert (project.total_investment, project.foreign_investment_usd) == (150_000_000, 5_000_000)
    assert project.stage == Stage.lead and str(project.land_mu) == "120.50"


def test_it_records_the_first_stage(as_user, rows):
    post(as_user("alice"), name=NAME)
    (change,) = rows(sa.select(StageChange))
    assert (change.from_stage, change.to_stage) == (None, Stage.lead)


def test_it_reads_plain_numbers_in_wan_yuan(as_user, rows):
    post(as_user("alice"), name=NAME, total_investment="5000")
    assert _created(rows)[0].total_investment == 50_000_000


def test_it_links_investors_with_a_lead(as_user, company, rows):
    a, b = company("中国建筑集团有限公司"), company("河北光伏科技有限公司")
    post(as_user("bob"), name=NAME, investors=[a, b], lead_investor=b)
    links = rows(sa.select(ProjectInvestor.company_id, ProjectInvestor.is_lead)
                 .order_by(ProjectInvestor.company_id))
    assert [tuple(link) for link in links] == [(a, False), (b, True)]


def test_it_requires_the_lead_investor_among_the_investors(as_user, company, rows):
    a, b = company("中国建筑集团有限公司"), company("河北光伏科技有限公司")
    response = post(as_user("bob"), name=NAME, investors=[a], lead_investor=b)
    assert "主投资方须是所选投资方企业之一" in text(response) and not _created(rows)


def test_it_refuses_an_unknown_company(as_user, rows):
    response = post(as_user("bob"), name=NAME, investors=["999999", "abc"])
    assert "请从列表中选择投资方企业" in text(response) and not _created(rows)


def test_it_requires_a_code_name_for_a_confidential_project(as_user, rows):
    response = post(as_user("alice"), name=NAME, confidential="y")
    assert "保密项目须填写代号" in text(response) and not _created(rows)


def test_it_refuses_bad_money_and_impossible_dates(as_user, rows):
    page = text(post(as_user("alice"), name=NAME, total_investment="abc",
                     started_on="2026-02-30"))
    assert "金额格式不正确" in page and "日期无效" in page and not _created(rows)


def test_it_refuses_future_progress_dates(as_user, rows):
    response = post(as_user("alice"), name=NAME, registered_on="2099-01-01")
    assert "日期不能晚于今天" in text(response) and not _created(rows)


def test_it_lets_a_leader_choose_the_owner(as_user, users, rows):
    post(as_user("leader"), name=NAME, owner_id=users["bob"])
    assert _created(rows)[0].owner_id == users["bob"]


def test_it_ignores_an_owner_posted_by_staff(as_user, users, rows):
    post(as_user("alice"), name=NAME, owner_id=users["bob"])
    assert _created(rows)[0].owner_id == users["alice"]


def test_it_forbids_liaisons_reporters_and_admins(as_user, rows):
    for who in ("charlie", "reporter", "admin"):
        assert post(as_user(who), name="越权").status_code == 403
    assert not _created(rows, "越权")
