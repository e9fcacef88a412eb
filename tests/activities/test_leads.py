"""Recording the companies met and the leads raised at an activity, several rows at once."""

from datetime import date

import pytest
import sqlalchemy as sa

from crm.domain.stages import Stage
from crm.models import Company, Project, ProjectInvestor, StageChange
from tests.activities.conftest import text, valid_uscc

WORDING = "该企业已在一个保密项目中跟进，请咨询局领导"
CODE = valid_uscc("91110000MA01ABCDE")


def rows(*entries) -> dict:
    data = {}
    for number, entry in enumerate(entries):
        for key, value in entry.items():
            data[f"rows-{number}-{key}"] = value
    return data


@pytest.fixture
def activity(make_activity):
    return make_activity()


def test_it_saves_three_rows_at_once(client_for, activity, make_company, get, users):
    existing = make_company("北京童趣服饰有限公司", uscc=CODE)
    response = client_for("alice").post(f"/activities/{activity}/leads", data=rows(
        {"company": "深圳安防科技有限公司", "intention": "建设安防产业园", "estimate": "5000"},
        {"company": "杭州新材料股份有限公司", "estimate": "2亿", "project_name": "新材料二期"},
        {"uscc": CODE.lower(), "intention": "童装仓储"}, {}, {}))
    assert response.status_code == 302 and response.headers["Location"] == f"/activities/{activity}"
    found = get(sa.select(Project.name, Project.total_investment, Project.owner_id, Company.id)
                .join(ProjectInvestor, ProjectInvestor.project_id == Project.id)
                .join(Company, Company.id == ProjectInvestor.company_id)
                .where(ProjectInvestor.is_lead, Project.activity_id == activity)
                .order_by(Project.id))
    assert found == [("深圳安防科技项目", 50_000_000, users["alice"], existing + 1),
                     ("新材料二期", 200_000_000, users["alice"], existing + 2),
                     ("北京童趣服饰项目", None, users["alice"], existing)]


def test_it_starts_each_lead_at_the_activity_date_on_the_cloud_channel(client_for, activity, get):
    client_for("bob").post(f"/activities/{activity}/leads", data=rows({"company": "甲公司"}))
    [(stage, channel, day)] = get(sa.select(Project.stage, Project.channel_id, Project.stage_date))
    assert stage == Stage.lead and channel is not None and day == date(2026, 11, 20)
    assert get(sa.select(StageChange.from_stage, StageChange.to_stage,
                         StageChange.effective_date)) == [(None, Stage.lead, date(2026, 11, 20))]


def test_it_saves_nothing_when_one_row_is_bad(client_for, activity, get):
    page = text(client_for("alice").post(f"/activities/{activity}/leads", data=rows(
        {"company": "好企业有限公司", "estimate": "100"},
        {"company": "坏代码企业", "uscc": "91110000MA01ABCD"},
        {"company": "坏金额企业", "estimate": "一百万"})))
    assert "统一社会信用代码应为18位，当前为16位" in page and "金额格式不正确" in page
    assert get(sa.select(Project.id)) == [] and get(sa.select(Company.id)) == []


def test_it_asks_for_at_least_one_row(client_for, activity, get):
    page = text(client_for("alice").post(f"/activities/{activity}/leads", data=rows({}, {})))
    assert "请至少填写一行企业和投资意向" in page and get(sa.select(Project.id)) == []


def test_it_warns_of_a_confidential_project_without_naming_it(client_for, activity, projects,
                                                               make_company, get):
    make_company("某央企投资有限公司", projects=[projects["confidential"]])
    data = rows({"company": "某央企投资集团有限公司", "intention": "总部"})
    page = text(client_for("alice").post(f"/activities/{activity}/leads", data=data))
    assert WORDING in page and "某央企总部项目" not in page and "已知悉，仍然录入" in page
    assert get(sa.select(Project.id).where(Project.activity_id == activity)) == []
    data["rows-0-confirm"] = "y"
    assert client_for("alice").post(f"/activities/{activity}/leads", data=data).status_code == 302
    assert len(get(sa.select(Project.id).where(Project.activity_id == activity))) == 1


def test_it_does_not_warn_someone_on_the_confidential_team(client_for, activity, projects,
                                                            make_company):
    make_company("某链主投资有限公司", projects=[projects["conf_team"]])
    data = rows({"company": "某链主投资有限公司"})
    assert client_for("bob").post(f"/activities/{activity}/leads", data=data).status_code == 302


def test_it_refuses_the_same_company_twice_and_an_unknown_code(client_for, activity, get):
    page = text(client_for("alice").post(f"/activities/{activity}/leads", data=rows(
        {"company": "重复科技有限公司"}, {"company": "重复科技"}, {"uscc": CODE})))
    assert "与第1个填写的企业相同" in page and "未找到该信用代码对应的企业" in page
    assert get(sa.select(Company.id)) == []


def test_it_offers_more_rows_and_refuses_outsiders(client_for, activity):
    page = text(client_for("alice").get(f"/activities/{activity}/leads?rows=10"))
    assert 'name="rows-9-company"' in page and 'name="rows-10-company"' not in page
    assert client_for("admin").get(f"/activities/{activity}/leads").status_code == 403
    assert client_for("charlie").get(f"/activities/{activity}/leads").status_code == 403


def test_a_leader_raises_leads_without_becoming_their_owner(client_for, activity, users, get):
    client_for("leader").post(f"/activities/{activity}/leads", data=rows({"company": "乙公司"}))
    assert get(sa.select(Project.owner_id, Project.first_contact_by_id, Project.created_by_id)) \
        == [(None, users["leader"], users["leader"])]


def test_more_rows_posted_keep_what_was_typed_and_save_nothing(client_for, activity, get):
    data = rows({"company": "深圳安防科技有限公司", "intention": "智能安防设备"},
                *({} for _ in range(4)))
    page = text(client_for("alice").post(f"/activities/{activity}/leads",
                                         data={**data, "add_rows": "1"}))
    assert 'name="rows-9-company"' in page and 'name="rows-10-company"' not in page
    assert 'value="深圳安防科技有限公司"' in page and "智能安防设备" in page
    assert "未保存" not in page  # not checked: the user is still typing
    assert get(sa.select(Project.id)) == []
