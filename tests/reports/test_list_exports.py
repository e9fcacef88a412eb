"""Any list to Excel: each export has the list's rows under the on-screen filters, all pages
of them; hostile names stay text; confidential projects follow the viewer's rights."""

import re
from datetime import date

import sqlalchemy as sa

from crm.domain.stages import Stage, Status
from crm.extensions import db
from crm.models import DictItem, DictKind, ExportRecord, FollowUp
from tests.reports.conftest import formulas, table, workbook, xml_text
from tests.reports.test_cells import HOSTILE

YEAR = "from=2022-01-01&to=2022-12-31"


def _names(response, column=1):
    _header, rows = table(workbook(response))
    return [r[column] for r in rows if r[0] is not None], rows


def test_the_project_export_has_the_filtered_list_rows_on_every_page(get, make_project, orgs):
    for n in range(25):  # more than one page of the list (20 a page)
        make_project(f"开发区项目{n:02d}", org_id=orgs["park"], stage=Stage.negotiation)
    make_project("招商一科项目", org_id=orgs["bureau"], stage=Stage.negotiation)
    make_project("开发区线索", org_id=orgs["park"])
    query = f"org={orgs['park']}&stage=negotiation&sort=stage_date"
    page = get("alice", "/projects?" + query).get_data(as_text=True)
    assert 'action="/reports/projects.xlsx"' in page
    assert f'name="org" value="{orgs["park"]}"' in page
    names, rows = _names(get("alice", "/reports/projects.xlsx?" + query))
    listed = re.findall(r'<a href="/projects/[^"]+">(开发区项目\d+)</a>', page)
    assert names[:20] == listed and len(names) == 25
    assert sorted(names) == [f"开发区项目{n:02d}" for n in range(25)]
    assert rows[-1][1].startswith("合计（25个")


def test_the_project_export_totals_the_list_headline(get, make_project):
    make_project("甲", total_investment=300_000_000)
    make_project("乙", total_investment=200_000_000, status=Status.terminated)
    _names_, rows = _names(get("alice", "/reports/projects.xlsx"))
    assert rows[-1][6] == 30_000  # 万元: the 终止 one is listed but not summed, as on screen
    _names_, rows = _names(get("alice", "/reports/projects.xlsx?status=terminated"))
    assert rows[-1][6] == 20_000


def test_hostile_names_are_written_as_text_never_as_formulas(get, make_project):
    for n, name in enumerate(HOSTILE):
        make_project(name, investors=(f"{name}公司{n}",))
    ws = workbook(get("alice", "/reports/projects.xlsx"))
    assert formulas(ws) == 0
    assert sorted(_names(get("alice", "/reports/projects.xlsx"))[0]) == sorted(HOSTILE)
    for url in ("/reports/companies.xlsx", "/reports/monthly.xlsx"):
        ws = workbook(get("leader", url))
        assert formulas(ws) == 0
        assert "<f>" not in xml_text(get("leader", url).get_data())


def test_confidential_rows_follow_the_viewer(get, make_project):
    make_project("保密的真实名称", owner="bob", confidential=True, code_name="代号甲",
                 investors=("真实投资方",), total_investment=700_000_000)
    make_project("公开项目", total_investment=100_000_000)
    names, rows = _names(get("alice", "/reports/projects.xlsx?real_names=1"))
    assert names == ["公开项目"] and rows[-1][6] == 10_000
    assert "真实投资方" not in xml_text(get("alice", "/reports/projects.xlsx").get_data())
    names, rows = _names(get("leader", "/reports/projects.xlsx"))
    assert "代号甲" in names and "保密的真实名称" not in names and rows[-1][6] == 80_000
    assert "真实投资方" not in xml_text(get("leader", "/reports/projects.xlsx").get_data())
    assert "保密的真实名称" in _names(get("bob", "/reports/projects.xlsx?real_names=1"))[0]


def test_the_company_export_has_the_filtered_companies(get, make_project):
    make_project("甲", investors=("邯郸化工有限公司", "北京建材集团"))
    names, _rows = _names(get("charlie", "/reports/companies.xlsx?q=化工"))
    assert names == ["邯郸化工有限公司"]


def test_follow_ups_agreements_and_funds_equal_the_cockpit(get, app, users, county):
    with app.app_context():
        kind = db.session.scalar(sa.select(DictItem.id).where(
            DictItem.kind == DictKind.followup_type).limit(1))
        for name in ("项目1", "项目11"):
            db.session.add(FollowUp(project_id=county.ids[name], author_id=users["leader"],
                                    kind_id=kind, contact_date=date(2022, 6, 1),
                                    summary=f"{name}的对接"))
        db.session.commit()
    names, _rows = _names(get("alice", f"/reports/followups.xlsx?{YEAR}"), 2)
    assert names == ["项目1"]
    names, _rows = _names(get("leader", f"/reports/followups.xlsx?{YEAR}"), 2)
    assert names == ["项目1", "代号十一"]
    # 签约金额 of 2022 as the cockpit counts it: 32.98 + 1 (项目5's 补充协议) 亿 for alice.
    cockpit = get("alice", "/dashboard/projects?p=year&y=2022&measure=amount")
    total = int(re.search(r'id="drill-total" data-yuan="(\d+)"', cockpit.get_data(as_text=True))[1])
    _names_, rows = _names(get("alice", f"/reports/agreements.xlsx?{YEAR}"), 2)
    assert rows[-1][6] * 10_000 == total == 3_398_000_000
    _names_, rows = _names(get("alice", f"/reports/funds.xlsx?{YEAR}"), 2)
    assert rows[-1][3] == 15_000  # 1 + 0.5亿, without 项目11's 0.3亿


def test_a_drill_export_has_the_drill_list(get, county, orgs):
    url = f"p=h1&y=2022&measure=amount&by_org={orgs['park']}"
    page = get("leader", "/dashboard/projects?" + url).get_data(as_text=True)
    count = int(re.search(r'id="drill-count">(\d+)<', page)[1])
    total = int(re.search(r'id="drill-total" data-yuan="(\d+)"', page)[1])
    assert 'action="/reports/drill.xlsx"' in page
    names, rows = _names(get("leader", "/reports/drill.xlsx?" + url))
    assert len(names) == count == 5 and "代号十一" in names
    assert rows[-1][-1] * 10_000 == total
    assert get("leader", "/reports/drill.xlsx?p=h1&y=2022&measure=nope").status_code == 404


def test_a_bad_date_range_is_named_on_its_field(get):
    response = get("alice", "/reports/funds.xlsx?from=2022-02-30&to=2022-12-31")
    assert response.status_code == 422
    assert "请按 2026-01-31 的格式填写开始日期" in response.get_data(as_text=True)
    response = get("alice", "/reports/agreements.xlsx?from=2022-12-31&to=2022-01-01")
    assert response.status_code == 422 and "结束日期不能早于开始日期" in response.get_data(
        as_text=True)
    assert get("alice", "/reports/drill.xlsx?p=month&y=2022&m=13").status_code == 422


def test_liaisons_export_their_lists_but_not_the_cockpit_reports(get, make_project, orgs):
    make_project("磁州镇项目", org_id=orgs["township"])
    make_project("别处项目", org_id=orgs["park"])
    assert _names(get("charlie", "/reports/projects.xlsx"))[0] == ["磁州镇项目"]
    for url in ("/reports/followups.xlsx", "/reports/drill.xlsx", "/reports"):
        assert get("charlie", url).status_code == 403
    assert get("reporter", "/reports/projects.xlsx").status_code == 403


def test_admins_see_every_export_recorded(get, app, make_project):
    make_project("甲")
    get("alice", "/reports/projects.xlsx?stage=lead")
    get("leader", "/reports/companies.xlsx")
    page = get("admin", "/admin/exports").get_data(as_text=True)
    assert 'id="export-count">2<' in page
    assert "李爱丽" in page and "项目库" in page and "stage=lead" in page and "企业名录" in page
    assert get("alice", "/admin/exports").status_code == 403
    with app.app_context():
        kinds = db.session.scalars(sa.select(ExportRecord.kind).order_by(ExportRecord.id)).all()
    assert kinds == ["projects", "companies"]
    assert 'id="export-count">1<' in get("admin", "/admin/exports?kind=projects").get_data(
        as_text=True)
