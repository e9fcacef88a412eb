"""In Chromium: alice uploads a ledger whose 企业 column the header rules do not know, maps
that one column by hand, previews, confirms, and finds the projects in the project list."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

HEADER = ["序号", "项目名称", "合作主体", "总投资（亿元）", "阶段"]
ROWS = [[1, "浏览器导入项目甲", "河北测试甲有限公司", 2.35, "洽谈中"],
        [2, "浏览器导入项目乙", "河北测试乙有限公司", "1.2亿", "考察"],
        ["合计", None, None, 3.55, None]]


def _workbook() -> bytes:
    import io

    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年在谈项目台账"])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_upload_map_preview_confirm_and_see_the_projects(page: Page, live_server, users,
                                                          tmp_path):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "alice@zsj.example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="导入").first.click()
    expect(page.locator("h1")).to_contain_text("导入项目台账")

    ledger = tmp_path / "在谈项目台账.xlsx"
    ledger.write_bytes(_workbook())
    page.set_input_files("input[name=file]", str(ledger))
    page.get_by_role("button", name="上传并识别表头").click()
    expect(page).to_have_url(re.compile(r"/imports/\d+/mapping$"))
    company = page.get_by_label("第3列对应字段")
    expect(company).to_have_value("")  # 合作主体 is no header the rules know
    expect(page.get_by_label("第4列金额单位")).to_have_value("亿元")
    company.select_option("company_name")
    page.screenshot(path=str(tmp_path / "mapping-1366.png"), full_page=True)
    page.get_by_role("button", name="保存对应关系并预览").click()

    expect(page).to_have_url(re.compile(r"/imports/\d+/preview$"))
    expect(page.locator("#preview-counts")).to_contain_text("新增 2")
    expect(page.locator(".row-new")).to_have_count(2)
    expect(page.locator("#preview-rows")).to_contain_text("河北测试甲有限公司")
    page.get_by_role("button", name=re.compile("确认导入")).click()

    expect(page).to_have_url(re.compile(r"/imports/\d+$"))
    expect(page.locator("#batch-counts")).to_contain_text("新增 2")
    page.goto(f"{live_server}/projects")
    expect(page.locator("body")).to_contain_text("浏览器导入项目甲")
    expect(page.locator("body")).to_contain_text("浏览器导入项目乙")
    assert not problems, problems
