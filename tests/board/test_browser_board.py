"""In Chromium: drag a card on the board to the next stage; a refused drag goes back."""

import pytest
from playwright.sync_api import Page, expect

from crm.domain.stages import AgreementKind, Stage
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()


def _column(page: Page, stage: str):
    return page.locator(f'section.board-column[data-stage="{stage}"]')


def _drag(page: Page, card, target) -> None:
    # SortableJS listens to real pointer events: press, move in steps, release.
    start, end = card.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + 20, start["y"] + 10)
    page.mouse.down()
    page.mouse.move(start["x"] + 40, start["y"] + 20, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 30, steps=20)
    page.mouse.up()


def test_staff_drag_a_card_to_the_next_stage(page: Page, live_server, make_project):
    make_project("光伏组件项目", stage=Stage.contact, total_investment=500_000_000)
    page.set_viewport_size({"width": 1366, "height": 768})
    _sign_in(page, live_server, "alice@zsj.example.com")
    page.goto(f"{live_server}/projects/board")
    card = _column(page, "contact").locator(".board-card", has_text="光伏组件项目")
    _drag(page, card, _column(page, "inspection").locator(".board-cards"))
    expect(page.locator("#board-alert")).to_contain_text("已将「光伏组件项目」移至「考察」阶段")
    page.reload()
    expect(_column(page, "inspection")).to_contain_text("光伏组件项目")
    expect(_column(page, "inspection").locator(".board-count")).to_have_text("1")
    expect(_column(page, "inspection").locator(".board-total")).to_have_text("5.00亿元")
    expect(_column(page, "contact").locator(".board-count")).to_have_text("0")


def test_a_refused_drag_shows_why_and_goes_back(page: Page, live_server, make_project, agreement):
    pid = make_project("光伏组件项目", stage=Stage.negotiation)
    agreement(pid, kind=AgreementKind.framework)
    page.set_viewport_size({"width": 1366, "height": 768})
    _sign_in(page, live_server, "alice@zsj.example.com")
    page.goto(f"{live_server}/projects/board")
    card = _column(page, "negotiation").locator(".board-card", has_text="光伏组件项目")
    _drag(page, card, _column(page, "signed").locator(".board-cards"))
    expect(page.locator("#board-alert")).to_contain_text("移至「签约」需先录入投资协议")
    expect(_column(page, "negotiation")).to_contain_text("光伏组件项目")
    expect(_column(page, "signed")).not_to_contain_text("光伏组件项目")
    expect(_column(page, "signed").locator(".board-count")).to_have_text("0")


def test_a_backward_drag_asks_for_the_project_page(page: Page, live_server, make_project,
                                                   stored):
    pid = make_project("光伏组件项目", stage=Stage.negotiation)
    page.set_viewport_size({"width": 1366, "height": 768})
    _sign_in(page, live_server, "alice@zsj.example.com")
    page.goto(f"{live_server}/projects/board")
    card = _column(page, "negotiation").locator(".board-card", has_text="光伏组件项目")
    _drag(page, card, _column(page, "contact").locator(".board-cards"))
    expect(page.locator("#board-alert")).to_contain_text("退回需要填写原因，请在项目页面操作")
    expect(_column(page, "negotiation")).to_contain_text("光伏组件项目")
    assert stored(pid).stage == Stage.negotiation
