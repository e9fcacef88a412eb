"""The duplicate warning never reveals a confidential project the user may not read."""

import sqlalchemy as sa

from crm.models import Company
from tests.companies.conftest import company_form, text

WORDING = "该企业已在一个保密项目中跟进，请咨询局领导"


def test_it_says_only_the_design_wording_to_an_outsider(client_for, make_company, projects):
    make_company("某央企投资有限公司", projects=[(projects["confidential"], True)])
    page = text(client_for("alice").post("/companies/new",
                                         data=company_form(name="某央企投资集团有限公司")))
    assert WORDING in page and "某央企投资有限公司" in page
    # Neither the name nor a stage in the "名称（阶段）" form the warning uses for projects.
    assert "某央企总部项目" not in page and "（在谈）" not in page and "（线索）" not in page


def test_it_shows_the_project_to_someone_on_its_team(client_for, make_company, projects):
    make_company("某链主投资有限公司", projects=[(projects["conf_team"], True)])
    page = text(client_for("bob").post("/companies/new",
                                       data=company_form(name="某链主投资有限公司")))
    assert "某链主企业项目（线索）" in page and WORDING not in page


def test_it_lists_readable_projects_and_still_warns_of_the_hidden_one(client_for, make_company,
                                                                      projects, get):
    make_company("双项目企业有限公司", projects=[(projects["own"], True),
                                                (projects["confidential"], False)])
    page = text(client_for("alice").post("/companies/new",
                                         data=company_form(name="双项目企业有限公司")))
    assert "光伏组件项目（线索）" in page and WORDING in page and "某央企总部项目" not in page
    assert get(sa.select(sa.func.count(Company.id))) == [1]
