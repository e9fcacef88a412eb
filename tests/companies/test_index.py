"""GET /companies: filters, pagination, readable project counts, a constant number of queries."""

import re

from sqlalchemy import event

from crm.domain.uscc import make_uscc
from crm.extensions import db
from crm.models import DictKind
from tests.companies.conftest import item, text


def names_on(response) -> list[str]:
    return re.findall(r'<td class="company-name"><a href="/companies/\d+">([^<]+)</a>',
                      text(response))


def test_it_filters_by_nature_cluster_flag_and_origin(login_as, make_company, app):
    make_company("北京央建有限公司", nature="central_soe", cluster="building", origin="北京市",
                 flags=[("fortune_global", 2025)])
    make_company("深圳民营电子有限公司", nature="private", origin="广东省深圳市")
    make_company("天津国企化工有限公司", nature="local_soe", cluster="fine_chem", origin="天津市")
    client = login_as("alice")
    with app.app_context():
        central, building = item(DictKind.nature, "central_soe"), item(DictKind.cluster, "building")
        fortune = item(DictKind.company_flag, "fortune_global")
    assert names_on(client.get(f"/companies?nature={central}")) == ["北京央建有限公司"]
    assert names_on(client.get(f"/companies?cluster={building}")) == ["北京央建有限公司"]
    assert names_on(client.get(f"/companies?flag={fortune}")) == ["北京央建有限公司"]
    assert names_on(client.get("/companies?origin=深圳")) == ["深圳民营电子有限公司"]


def test_it_pages_by_twenty_and_counts_the_filtered_set(login_as, make_company):
    for n in range(25):
        make_company(f"测试企业{n:02d}有限公司", origin="上海市")
    make_company("别处企业有限公司", origin="北京市")
    client = login_as("bob")
    first = client.get("/companies?origin=上海")
    second = client.get("/companies?origin=上海&page=2")
    assert len(names_on(first)) == 20 and len(names_on(second)) == 5
    assert '<span id="company-total">25</span>' in text(second)
    assert "origin=%E4%B8%8A%E6%B5%B7&amp;page=2" in text(first)  # the filter survives paging


def test_it_answers_a_bad_page_or_filter_with_the_list(login_as, make_company):
    make_company("唯一企业有限公司")
    client = login_as("alice")
    for query in ("page=abc", "page=999999", "page=-1", "nature=x", "origin=%00%00",
                  "flag=99999999999"):
        response = client.get(f"/companies?{query}")
        assert response.status_code == 200, query
    assert names_on(client.get("/companies?page=999")) == ["唯一企业有限公司"]


def test_it_counts_only_projects_the_viewer_may_read(client_for, make_company, projects):
    make_company("保密投资有限公司", projects=[(projects["own"], True),
                                             (projects["confidential"], True),
                                             (projects["conf_team"], False)])
    counts = {}
    for who in ("alice", "bob", "leader"):
        page = text(client_for(who).get("/companies"))
        counts[who] = re.search(r'<td class="text-end">(\d+)</td>', page).group(1)
    assert counts == {"alice": "1", "bob": "2", "leader": "3"}


# Statements every signed-in request makes (session, user, the user's unit in the header).
_FRAMEWORK = ("BEGIN", "FROM user_sessions", "FROM users", "FROM orgs")


def page_queries(app, client, url: str) -> tuple[list[str], int]:
    statements = []

    def listener(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            response = client.get(url)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    own = [s for s in statements if not any(mark in s for mark in _FRAMEWORK)]
    return own, len(names_on(response))


def test_it_runs_the_same_queries_for_20_and_40_companies(login_as, make_company, projects, app):
    client = login_as("alice")
    for n in range(20):
        make_company(f"甲{n:02d}有限公司", flags=[("head", None), ("china_500", 2025)],
                     nature="private", contacts=["张三"], projects=[(projects["own"], True)])
    few, shown_few = page_queries(app, client, "/companies")
    for n in range(20):
        make_company(f"乙{n:02d}有限公司", flags=[("chain_leader", None)], cluster="building",
                     projects=[(projects["other"], True)])
    many, shown_many = page_queries(app, client, "/companies")
    assert shown_few == shown_many == 20
    # count, page, flags, project counts, dictionaries, and the user's confidential projects
    # (read once per request for the readable rule)
    assert len(few) == len(many) == 6, many


def test_it_forbids_a_reporter_and_sends_strangers_to_login(login_as, client, users):
    assert client.get("/companies").status_code == 302
    assert login_as("reporter").get("/companies").status_code == 403


def test_it_ignores_filters_in_superscript_digits(client_for):
    # "²".isdigit() is true but int("²") raises: it must be ignored, not answer 500.
    assert client_for("alice").get("/companies?page=²&nature=³").status_code == 200


def test_its_box_finds_what_the_navbar_search_finds(login_as, make_company):
    """童装, the pinyin initials zjhc and part of a credit code, as /search finds them."""
    code = make_uscc("91330502MA2B3C4D5")
    make_company("浙江华彩童装有限公司", uscc=code)
    make_company("河北钢铁集团有限公司")
    client = login_as("alice")
    for term in ("童装", "zjhc", "ZJHC", code[:8], code.lower(), "华彩 童装"):
        assert names_on(client.get("/companies", query_string={"q": term})) == [
            "浙江华彩童装有限公司"], term
    assert names_on(client.get("/companies", query_string={"q": "！？"})) == []
    assert names_on(client.get("/companies", query_string={"q": "童装钢铁"})) == []
