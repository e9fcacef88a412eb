"""GET/POST /admin/targets?year=: the county's and each unit's yearly targets in one table."""

from html.parser import HTMLParser

import pytest

from crm.extensions import db
from crm.models import AuditLog, Org, OrgKind, Target, TargetMetric
from tests.admin.conftest import NON_ADMINS, count, text

pytestmark = pytest.mark.usefixtures("frozen")  # 2026-11-27 in Asia/Shanghai

SIGNED, AMOUNT, FUNDS, STARTED, PRODUCING = TargetMetric
YI = 100_000_000


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name", "").startswith(("t_", "was_")):
            self.values[attrs["name"]] = attrs.get("value") or ""


def cell(org_id: int | None, metric: TargetMetric) -> str:
    return f"t_{org_id or 'county'}_{metric.value}"


def fields_of(page: str) -> dict[str, str]:
    """The table's cells (and the values they were loaded with) as a browser posts them."""
    parser = _Inputs()
    parser.feed(page)
    return parser.values


def fields(client, year: int = 2026) -> dict[str, str]:
    return fields_of(text(client.get(f"/admin/targets?year={year}")))


def save(client, changes: dict, year: int = 2026, loaded: dict | None = None):
    return client.post(f"/admin/targets?year={year}",
                       data={**(loaded or fields(client, year)), **changes})


def add(app, year: int, *entries):
    with app.app_context():
        db.session.add_all(Target(year=year, org_id=org_id, metric=metric, value=value)
                           for org_id, metric, value in entries)
        db.session.commit()


def stored(app, year: int = 2026) -> dict:
    with app.app_context():
        return {(t.org_id, t.metric): t.value
                for t in db.session.scalars(db.select(Target).where(Target.year == year))}


@pytest.fixture
def demo(app, orgs):
    """The demo county's shape: five county-wide targets and two units' signings."""
    entries = [(None, SIGNED, 18), (None, AMOUNT, 60 * YI), (None, FUNDS, 30 * YI),
               (None, STARTED, 12), (None, PRODUCING, 8),
               (orgs["bureau"], SIGNED, 10), (orgs["park"], SIGNED, 8)]
    add(app, 2026, *entries)
    return {(org_id, metric): value for org_id, metric, value in entries}


def test_it_lists_the_county_then_the_active_units_in_their_order(admin, app, orgs, demo):
    with app.app_context():
        for key, order in (("park", 1), ("township", 2), ("bureau", 3)):
            db.session.get(Org, orgs[key]).sort_order = order
        db.session.add(Org(name="已撤销办公室", kind=OrgKind.bureau, active=False))
        db.session.commit()
    page = text(admin.get("/admin/targets"))
    assert "2026年度目标" in page and "已撤销办公室" not in page
    names = ("全县", "经济开发区", "磁州镇", "招商一科")
    assert sorted(names, key=lambda name: page.index(f"{name}</th>")) == list(names)
    values = fields(admin)
    assert values[cell(None, SIGNED)] == "18" and values[cell(None, AMOUNT)] == "60.00"
    assert values[cell(None, FUNDS)] == "30.00" and values[cell(orgs["park"], SIGNED)] == "8"
    assert values[cell(orgs["township"], SIGNED)] == values[cell(orgs["bureau"], AMOUNT)] == ""


def test_it_shows_a_retired_unit_that_still_has_a_target(admin, app, orgs, demo):
    with app.app_context():
        db.session.get(Org, orgs["park"]).active = False
        db.session.commit()
    page = text(admin.get("/admin/targets"))
    assert "经济开发区 <span class=\"badge text-bg-secondary\">已停用</span>" in page
    assert "经济开发区" not in text(admin.get("/admin/targets?year=2027"))


def test_it_creates_updates_and_deletes_exactly_the_changed_cells(admin, app, orgs, demo):
    response = save(admin, {cell(None, SIGNED): "20", cell(orgs["park"], SIGNED): "",
                            cell(orgs["township"], STARTED): "３",
                            cell(orgs["township"], AMOUNT): "5000万"})
    assert response.status_code == 302 and response.location == "/admin/targets?year=2026"
    assert stored(app) == {**{k: v for k, v in demo.items() if k != (orgs["park"], SIGNED)},
                           (None, SIGNED): 20, (orgs["township"], STARTED): 3,
                           (orgs["township"], AMOUNT): 50_000_000}
    page = text(admin.get("/admin/targets"))
    assert "已保存2026年度目标：新增2项、修改1项、删除1项" in page


def test_it_saves_nothing_when_nothing_changed(admin, app, orgs, demo):
    response = save(admin, {})
    assert response.status_code == 302 and stored(app) == demo
    assert "2026年度目标没有改动" in text(admin.get("/admin/targets"))
    assert count(app, AuditLog, AuditLog.entity == "targets") == 0


@pytest.mark.parametrize(("typed", "yuan"), [
    ("32.98亿", 3_298_000_000), ("5000万", 50_000_000), ("１２亿", 1_200_000_000),
    ("32.98", 3_298_000_000), ("1亿5000万", 150_000_000), ("32.98亿元", 3_298_000_000),
    ("0.00000001", 1), ("1,200万元", 12_000_000),
])
def test_it_stores_amounts_exactly_in_yuan(admin, app, orgs, typed, yuan):
    assert save(admin, {cell(None, AMOUNT): typed}).status_code == 302
    assert stored(app) == {(None, AMOUNT): yuan}


@pytest.mark.parametrize(("yuan", "shown"), [
    (3_298_000_000, "32.98"), (50_000_000, "0.50"), (12_345, "0.00012345"),
    (329_876_543_210, "3298.7654321"), (0, "0.00"),
])
def test_it_shows_amounts_in_yi_losslessly_so_a_resave_keeps_them(admin, app, orgs, yuan, shown):
    add(app, 2026, (orgs["bureau"], FUNDS, yuan))
    assert fields(admin)[cell(orgs["bureau"], FUNDS)] == shown
    save(admin, {cell(None, SIGNED): "1"})
    assert stored(app)[orgs["bureau"], FUNDS] == yuan


@pytest.mark.parametrize(("metric", "typed", "message"), [
    (SIGNED, "十八", "项目数应为整数，如 18"), (SIGNED, "2.5", "项目数应为整数，如 18"),
    (STARTED, "-1", "项目数不能为负数"), (PRODUCING, "10000", "项目数不能超过9999"),
    (SIGNED, "9" * 400, "项目数不能超过9999"), (SIGNED, "1\x00", "内容包含无效字符"),
    (AMOUNT, "20亿美元", "金额格式不正确"), (AMOUNT, "二十亿", "金额格式不正确"),
    (FUNDS, "-5", "金额不能为负数"), (FUNDS, "2000亿", "金额超过上限1000亿元"),
    (AMOUNT, "1.5元", "金额最多精确到元"),
])
def test_it_refuses_a_bad_cell_with_a_message_there_and_changes_nothing(
        admin, app, orgs, demo, metric, typed, message):
    response = save(admin, {cell(orgs["township"], metric): typed, cell(None, SIGNED): "25",
                            cell(orgs["park"], SIGNED): ""})
    page = text(response)
    assert response.status_code == 422 and "未保存" in page
    assert page.count(f'<div class="invalid-feedback d-block text-end">{message}') == 1
    assert stored(app) == demo and count(app, AuditLog, AuditLog.entity == "targets") == 0
    typed_back = fields_of(page)
    assert typed_back[cell(None, SIGNED)] == "25" and typed_back[cell(orgs["park"], SIGNED)] == ""
    assert typed_back[cell(orgs["township"], metric)] == typed.replace("\x00", "")


def test_it_audits_each_change_with_who_and_the_values(admin, app, users, orgs, demo):
    save(admin, {cell(None, SIGNED): "20", cell(orgs["park"], SIGNED): "",
                 cell(orgs["township"], AMOUNT): "1亿"})
    with app.app_context():
        rows = db.session.execute(db.select(AuditLog.action, AuditLog.field, AuditLog.old,
                                            AuditLog.new, AuditLog.user_id)
                                  .where(AuditLog.entity == "targets")).all()
    park, township = str(orgs["park"]), str(orgs["township"])
    assert {row[4] for row in rows} == {users["admin"]}
    assert {row[:4] for row in rows} == {
        ("update", "value", "18", "20"),
        ("delete", "year", "2026", ""), ("delete", "org_id", park, ""),
        ("delete", "metric", "signed_count", ""), ("delete", "value", "8", ""),
        ("create", "year", "", "2026"), ("create", "org_id", "", township),
        ("create", "metric", "", "signed_amount"), ("create", "value", "", str(YI)),
    }


def test_it_reports_a_cell_another_admin_changed_since_the_page_was_loaded(admin, app, orgs,
                                                                           demo):
    loaded = fields(admin)
    with app.app_context():  # another admin saves 20 in the meantime
        db.session.scalar(db.select(Target).where(Target.org_id.is_(None),
                                                  Target.metric == SIGNED)).value = 20
        db.session.commit()
    response = save(admin, {cell(None, SIGNED): "25", cell(None, STARTED): "13"}, loaded=loaded)
    assert response.status_code == 409 and "该目标刚被他人改为20个" in text(response)
    assert stored(app) == {**demo, (None, SIGNED): 20}
    again = save(admin, {}, loaded=fields_of(text(response)))  # resubmitted as re-rendered
    assert again.status_code == 302
    assert stored(app) == {**demo, (None, SIGNED): 25, (None, STARTED): 13}


def test_it_leaves_a_cell_changed_elsewhere_alone_when_this_form_did_not_change_it(
        admin, app, orgs, demo):
    loaded = fields(admin)
    add(app, 2026, (orgs["township"], SIGNED, 4))
    assert save(admin, {cell(None, STARTED): "13"}, loaded=loaded).status_code == 302
    assert stored(app) == {**demo, (None, STARTED): 13, (orgs["township"], SIGNED): 4}


def test_it_warns_where_the_units_add_up_to_more_than_the_county(admin, app, orgs, demo):
    add(app, 2026, (orgs["township"], SIGNED, 5), (orgs["bureau"], AMOUNT, 61 * YI))
    page = text(admin.get("/admin/targets"))
    assert "签约项目数：各单位目标合计23个，超过全县目标18个" in page
    assert "签约金额：各单位目标合计61.00亿元，超过全县目标60.00亿元" in page
    assert "到位资金：" not in page and "合计不必等于全县目标" in page
    assert '<td class="text-end text-nowrap">61.00</td>' in page


def test_it_keeps_each_year_apart_and_links_the_next_and_previous(admin, app, orgs, demo):
    assert save(admin, {cell(None, SIGNED): "22"}, year=2027).status_code == 302
    assert stored(app, 2027) == {(None, SIGNED): 22} and stored(app) == demo
    page = text(admin.get("/admin/targets?year=2027"))
    assert "2027年度目标" in page and 'href="/admin/targets?year=2026"' in page
    assert 'href="/admin/targets?year=2028"' in page


@pytest.mark.parametrize("year", ["abc", "99999", "-1", "1999", "2101", "", "²", "1" * 400])
def test_it_shows_this_year_for_a_year_that_is_no_year(admin, users, year):
    response = admin.get(f"/admin/targets?year={year}")
    assert response.status_code == 200 and "2026年度目标" in text(response)


def test_it_reads_a_full_width_year(admin, users):
    assert "2027年度目标" in text(admin.get("/admin/targets?year=２０２７"))


def test_it_refuses_to_save_into_a_year_that_is_no_year(admin, app, orgs):
    response = admin.post("/admin/targets?year=abc", data={cell(None, SIGNED): "5"})
    assert response.status_code == 404 and stored(app) == {}


@pytest.mark.parametrize("role", NON_ADMINS)
def test_it_forbids_other_roles(login_as, app, orgs, demo, role):
    client = login_as(role)
    assert client.get("/admin/targets").status_code == 403
    assert client.post("/admin/targets?year=2026", data={cell(None, SIGNED): "1"}) \
        .status_code == 403
    assert stored(app) == demo


def test_it_sends_anonymous_visitors_to_sign_in(client, app, users, demo):
    response = client.post("/admin/targets", data={cell(None, SIGNED): "1"})
    assert response.status_code == 302 and "/login" in response.location
    assert stored(app) == demo


def test_it_is_a_tab_of_the_admin_pages(admin, users):
    page = text(admin.get("/admin/targets"))
    assert 'aria-current="page" href="/admin/targets">年度目标</a>' in page
    assert 'href="/admin/targets">年度目标</a>' in text(admin.get("/admin/orgs"))
