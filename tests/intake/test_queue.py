"""/intake/queue: pending leads the user may read, with duplicate candidates and a search by
name for the project a lead duplicates (?find=<lead token>&q=...)."""

import re

import pytest

from crm.domain.stages import Screening
from crm.extensions import db
from crm.models import Project
from tests.conftest import ref
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


# --- No integer project id on the page: tokens in attributes, names and times for people ---

# Ids no other number on the page could spell: each must appear nowhere in the HTML.
LEAD_ID, CANDIDATE_ID, FOUND_ID = 48_172_631, 48_172_647, 48_172_659
# And the shapes an id took before: element ids, choices, links and form actions.
_ID_SHAPES = re.compile(r'"(?:lead|reason|dup|find)-\d+"|<option value="\d+"'
                        r'|(?:href|action)="/(?:projects|intake)/\d+[/"#?]')


def test_the_queue_shows_no_integer_project_id(signed_in, reported_lead, make_company, orgs,
                                               users):
    make_company("邯郸童装制造有限公司", project="童装项目", id=CANDIDATE_ID)
    make_company("某光伏有限公司", project="光伏项目", id=FOUND_ID)
    reported_lead("reporter", "邯郸童装制造有限公司", id=LEAD_ID)
    client = signed_in("bob")
    pages = [client.get("/intake/queue"),
             client.get("/intake/queue", query_string={"find": ref(LEAD_ID), "q": "光伏"})]
    for response in pages:
        body = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "童装项目" in body
        for number in (LEAD_ID, CANDIDATE_ID, FOUND_ID):
            assert str(number) not in body, number
        assert "编号" not in body
        # The 受理 form's choices are units and people (责任单位, 包联领导, 负责人), not projects.
        accept = re.findall(r'<form[^>]*class="accept-form.*?</form>', body, re.S)
        assert len(accept) == 1
        chosen = {int(v) for v in re.findall(r'<option[^>]*value="(\d+)"', accept[0])}
        assert chosen <= {0, *orgs.values(), *users.values()}
        body = body.replace(accept[0], "")
        assert not _ID_SHAPES.findall(body), _ID_SHAPES.findall(body)
        assert f'id="lead-{ref(LEAD_ID)}"' in body and f'value="{ref(CANDIDATE_ID)}"' in body
        assert "提交于" in body
    assert "光伏项目" in pages[1].get_data(as_text=True)
    assert f'value="{ref(FOUND_ID)}"' in pages[1].get_data(as_text=True)


# --- Searching by name for the project a lead duplicates ---

def _search(client, lead_id: int, q: str):
    return client.get("/intake/queue", query_string={"find": ref(lead_id), "q": q})


def _offered(body: str) -> list[str]:
    """The project tokens offered as search results (hidden duplicate_of of each result form)."""
    return re.findall(r'<input type="hidden" name="duplicate_of" value="([^"]+)">', body)


def test_a_search_by_project_or_company_name_offers_readable_projects(
        app, signed_in, reported_lead, make_company, users):
    _, solar = make_company("邢台晶澳能源有限公司", project="光伏组件扩产项目",
                            owner_id=users["alice"])
    _, other = make_company("某物流有限公司", project="冷链物流园项目")
    lead_id = reported_lead("reporter", "完全不同的新企业")
    client = signed_in("bob")
    body = _search(client, lead_id, "光伏").get_data(as_text=True)
    assert _offered(body) == [ref(solar)] and "光伏组件扩产项目" in body
    assert "邢台晶澳能源有限公司" in body and "找到 1 个项目" in body
    # The investor company's name, and the name's pinyin initials, find it too.
    assert _offered(_search(client, lead_id, "晶澳").get_data(as_text=True)) == [ref(solar)]
    assert _offered(_search(client, lead_id, "gfzj").get_data(as_text=True)) == [ref(solar)]
    assert ref(other) in _offered(_search(client, lead_id, "项目").get_data(as_text=True))
    # The token offered is the one the POST takes.
    response = client.post(f"/intake/{ref(lead_id)}/duplicate",
                           data={"duplicate_of": _offered(body)[0], "q": "光伏"})
    assert response.status_code == 302
    with app.app_context():
        lead = db.session.get(Project, lead_id)
        assert (lead.screening, lead.duplicate_of_id) == (Screening.duplicate, solar)


def test_a_search_never_offers_a_confidential_project_the_screener_may_not_read(
        signed_in, reported_lead, make_company, users):
    _, secret = make_company("某央企新能源有限公司", project="绝密光伏基地项目", confidential=True,
                             owner_id=users["alice"], code_name="代号青松")
    lead_id = reported_lead("reporter", "另一家企业")
    for q in ("绝密光伏", "光伏", "某央企", "青松", "jmgf"):
        body = _search(signed_in("bob"), lead_id, q).get_data(as_text=True)
        assert "绝密光伏基地项目" not in body and ref(secret) not in body, q
        assert "青松" not in body.replace(f'value="{q}"', "").replace(f"「{q}」", ""), q
        assert "没有找到可选的项目" in body, q
    for who in ("alice", "leader"):  # its team and leaders may read it, so may pick it
        body = _search(signed_in(who), lead_id, "光伏").get_data(as_text=True)
        assert _offered(body) == [ref(secret)] and "保密" in body, who


def test_a_search_leaves_out_the_lead_itself_and_duplicate_reports(
        app, signed_in, reported_lead, make_company):
    _, original = make_company("光伏甲有限公司", project="光伏甲项目")
    lead_id = reported_lead("reporter", "光伏乙有限公司")
    with app.app_context():
        db.session.add(Project(name="光伏丙投资意向", screening=Screening.duplicate,
                               duplicate_of_id=original))
        db.session.commit()
    body = _search(signed_in("bob"), lead_id, "光伏").get_data(as_text=True)
    assert _offered(body) == [ref(original)]
    assert "光伏丙投资意向" not in body


def test_results_appear_on_the_searched_lead_only(signed_in, reported_lead, make_company):
    make_company("某光伏有限公司", project="光伏项目")
    first = reported_lead("reporter", "甲企业")
    second = reported_lead("reporter", "乙企业")
    body = _search(signed_in("bob"), first, "光伏").get_data(as_text=True)
    searched = body[body.index(f'id="lead-{ref(first)}"'):]
    other = body[body.index(f'id="lead-{ref(second)}"'):body.index(f'id="lead-{ref(first)}"')]
    assert "光伏项目" in searched and "光伏项目" not in other
    assert f'action="/intake/queue#lead-{ref(first)}"' in body


def test_at_most_twenty_results_shortest_names_first(app, signed_in, reported_lead):
    with app.app_context():
        db.session.add_all(Project(name="光伏" + "扩" * n + "项目") for n in range(25))
        db.session.commit()
    lead_id = reported_lead("reporter", "甲企业")
    body = _search(signed_in("bob"), lead_id, "光伏").get_data(as_text=True)
    assert len(_offered(body)) == 20 and "仅显示前 20 个项目" in body
    assert body.index("光伏项目") < body.index("光伏扩项目")


@pytest.mark.parametrize("find, q, message", [
    ("garbage", "光伏", None), ("", "光伏", None), ("1", "光伏", None), ("１２", "光伏", None),
    ("\x00" * 3, "光伏", None), ("x" * 400, "光伏", None),
    ("LEAD", "", "请输入要查找的项目或企业名称"), ("LEAD", "   ", "请输入要查找的项目或企业名称"),
    ("LEAD", "！？", "请输入汉字、字母或数字"), ("LEAD", "光" * 400, "搜索词过长"),
    ("LEAD", "\x00" * 5, "请输入要查找的项目或企业名称"), ("LEAD", "光\x00伏", None),
    ("LEAD", "²", None), ("LEAD", "٣", None), ("LEAD", "1" * 400, "搜索词过长"),
    ("LEAD", "%", "请输入汉字、字母或数字"), ("LEAD", "_光伏%", None),
])
def test_bad_search_input_never_fails(signed_in, reported_lead, make_company, find, q, message):
    make_company("某光伏有限公司", project="光伏项目")
    lead_id = reported_lead("reporter", "甲企业")
    find = ref(lead_id) if find == "LEAD" else find
    response = signed_in("bob").get("/intake/queue", query_string={"find": find, "q": q})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    if find != ref(lead_id):  # a token of no pending lead: the page as without a search
        assert "查找「" not in body and not _offered(body)
    elif message:
        assert re.search(rf'class="invalid-feedback d-block"[^>]*>{message}', body), body
        assert not _offered(body)
    else:
        assert "查找「" in body


def test_a_search_for_a_lead_already_screened_or_hidden_shows_nothing(
        app, signed_in, reported_lead, make_company, users):
    make_company("某光伏有限公司", project="光伏项目")
    secret_lead = reported_lead("alice", "保密线索公司", confidential=True, owner_id=users["alice"])
    accepted = reported_lead("reporter", "甲企业")
    with app.app_context():
        db.session.get(Project, accepted).screening = Screening.accepted
        db.session.commit()
    for lead_id in (secret_lead, accepted):
        body = _search(signed_in("bob"), lead_id, "光伏").get_data(as_text=True)
        assert "查找「" not in body and not _offered(body)
    assert _offered(_search(signed_in("alice"), secret_lead, "光伏").get_data(as_text=True))


def test_admins_get_no_search_and_others_are_refused(signed_in, reported_lead, make_company):
    make_company("某光伏有限公司", project="光伏项目")
    lead_id = reported_lead("reporter", "甲企业")
    body = _search(signed_in("admin"), lead_id, "光伏").get_data(as_text=True)
    assert "甲企业" in body and 'name="find"' not in body and not _offered(body)
    for who in ("charlie", "reporter"):
        assert _search(signed_in(who), lead_id, "光伏").status_code == 403
