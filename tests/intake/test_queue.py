"""/intake/queue: pending leads the user may read, with duplicate candidates."""

from tests.intake.conftest import USCC


def test_staff_see_pending_leads_newest_first(app, signed_in, public_lead, reported_lead):
    public_lead(company_name="甲方科技有限公司")
    reported_lead("reporter", "乙方制造有限公司")
    body = signed_in("bob").get("/intake/queue").get_data(as_text=True)
    assert body.index("乙方制造有限公司") < body.index("甲方科技有限公司")
    assert "孙报送报送" in body and "投资意向登记（公开）" in body and "2 条待研判" in body
    assert "王经理 13800138000" in body and "5,000.00万元" in body


def test_a_confidential_lead_is_shown_to_its_team_only(signed_in, reported_lead, users):
    reported_lead("alice", "保密线索公司", confidential=True, owner_id=users["alice"])
    assert "保密线索公司" in signed_in("alice").get("/intake/queue").get_data(as_text=True)
    assert "保密线索公司" not in signed_in("bob").get("/intake/queue").get_data(as_text=True)


def test_candidates_are_found_by_credit_code(signed_in, public_lead, make_company):
    make_company("完全不同的名字", uscc=USCC, project="老项目甲")
    public_lead(company_name="华睿", uscc=USCC)
    body = signed_in("bob").get("/intake/queue").get_data(as_text=True)
    assert "可能重复" in body and "信用代码相同" in body and "老项目甲" in body


def test_candidates_are_found_by_normalised_name(signed_in, public_lead, make_company):
    make_company("ABC电气（中国）有限公司", project="老项目乙")
    public_lead(company_name="ＡＢＣ 电气集团")
    body = signed_in("bob").get("/intake/queue").get_data(as_text=True)
    assert "名称相近" in body and "老项目乙" in body


def test_an_unreadable_confidential_candidate_is_only_named_by_the_design_wording(
        signed_in, public_lead, make_company):
    make_company("某央企有限公司", project="某央企总部项目", confidential=True)
    public_lead(company_name="某央企")
    body = signed_in("bob").get("/intake/queue").get_data(as_text=True)
    assert "该企业已在一个保密项目中跟进，请咨询局领导" in body and "某央企总部项目" not in body
    assert "某央企总部项目" in signed_in("leader").get("/intake/queue").get_data(as_text=True)


def test_admins_look_without_actions_and_others_are_refused(app, signed_in, public_lead):
    public_lead()
    body = signed_in("admin").get("/intake/queue").get_data(as_text=True)
    assert "河北华睿新材料有限公司" in body and "不予受理" not in body
    assert signed_in("charlie").get("/intake/queue").status_code == 403
    assert signed_in("reporter").get("/intake/queue").status_code == 403
