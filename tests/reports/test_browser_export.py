"""In Chromium: on a filtered project list, 导出Excel downloads a workbook whose rows are the
list's rows (the same projects, in the same order)."""

import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from crm.domain.stages import Stage
from tests.conftest import PASSWORD
from tests.reports.conftest import table

pytestmark = pytest.mark.browser


def test_the_export_button_downloads_the_filtered_list(page: Page, live_server, make_project,
                                                       orgs, tmp_path):
    for n in range(6):
        make_project(f"开发区在谈项目{n}", org_id=orgs["park"], stage=Stage.negotiation,
                     total_investment=(n + 1) * 100_000_000)
    make_project("开发区线索项目", org_id=orgs["park"])
    make_project("招商一科在谈项目", stage=Stage.negotiation)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "alice@zsj.example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server}/projects")
    page.select_option("#f-stage", "negotiation")
    page.select_option("#f-org", str(orgs["park"]))
    page.select_option("#f-sort", "amount")
    page.get_by_role("button", name="筛选", exact=True).click()
    expect(page).to_have_url(re.compile(r"stage=negotiation"))
    listed = page.locator("table tbody tr td:first-child a").all_inner_texts()
    assert listed == [f"开发区在谈项目{n}" for n in range(5, -1, -1)]

    with page.expect_download() as download:
        page.locator("#export-excel").get_by_role("button", name="导出Excel").click()
    saved = tmp_path / "export.xlsx"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "项目库.xlsx"
    _header, rows = table(openpyxl.load_workbook(saved).active)
    assert [r[1] for r in rows if r[0] is not None] == listed
    assert rows[-1][6] == 210_000  # 1+2+...+6亿 in 万元, the list's headline
    assert not problems
