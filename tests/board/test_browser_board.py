"""In Chromium: drag a card on the board to the next stage (confirming its 实际发生日期 in the
card); a refused drag goes back; a move with a past date lands in order on the timeline."""

import pytest
from playwright.sync_api import Page, expect

from crm.domain.stages import AgreementKind, Stage
from tests.conftest import sign_in

pytestmark = pytest.mark.browser



def _column(page: Page, stage: str):
    return page.locator(f'section.board-column[data-stage="{stage}"]')


def _open_board(page: Page, base: str) -> None:
    page.goto(f"{base}/projects/board")
    expect(page.locator("#board")).to_have_attribute("data-ready", "1")  # board.js has run


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
    sign_in(page, live_server, "alice@zsj.example.com")
    _open_board(page, live_server)
    card = _column(page, "contact").locator(".board-card", has_text="光伏组件项目")
    _drag(page, card, _column(page, "inspection").locator(".board-cards"))
    moved = _column(page, "inspection").locator(".board-card", has_text="光伏组件项目")
    moved.get_by_role("button", name="确认移动").click()
    expect(page.locator("#board-alert")).to_contain_text("已将「光伏组件项目」移至「考察」阶段")
    page.reload()
    expect(_column(page, "inspection")).to_contain_text("光伏组件项目")
    expect(_column(page, "inspection").locator(".board-count")).to_have_text("1")
    expect(_column(page, "inspection").locator(".board-total")).to_have_text("5.00亿元")
    expect(_column(page, "contact").locator(".board-count")).to_have_text("0")
    # The strip above the board (every column at a glance) follows the move.
    strip = page.locator('.board-strip-item[data-stage="inspection"]')
    expect(strip.locator(".strip-count")).to_have_text("1")
    expect(strip.locator(".strip-total")).to_have_text("5.00亿元")
    expect(page.locator('.board-strip-item[data-stage="contact"] .strip-count')).to_have_text("0")


def test_a_refused_drag_shows_why_and_goes_back(page: Page, live_server, make_project, agreement):
    pid = make_project("光伏组件项目", stage=Stage.negotiation)
    agreement(pid, kind=AgreementKind.framework)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server, "alice@zsj.example.com")
    _open_board(page, live_server)
    card = _column(page, "negotiation").locator(".board-card", has_text="光伏组件项目")
    _drag(page, card, _column(page, "signed").locator(".board-cards"))
    _column(page, "signed").get_by_role("button", name="确认移动").click()
    expect(page.locator("#board-alert")).to_contain_text("移至「签约」需先录入投资协议")
    expect(_column(page, "negotiation")).to_contain_text("光伏组件项目")
    expect(_column(page, "signed")).not_to_contain_text("光伏组件项目")
    expect(_column(page, "signed").locator(".board-count")).to_have_text("0")


def test_a_backward_drag_asks_for_the_project_page(page: Page, live_server, make_project,
                                                   stored):
    pid = make_project("光伏组件项目", stage=Stage.negotiation)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server, "alice@zsj.example.com")
    _open_board(page, live_server)
    card = _column(page, "negotiation").locator(".board-card", has_text="光伏组件项目")
    _drag(page, card, _column(page, "contact").locator(".board-cards"))
    expect(page.locator("#board-alert")).to_contain_text("退回需要填写原因，请在项目页面操作")
    expect(_column(page, "negotiation")).to_contain_text("光伏组件项目")
    assert stored(pid).stage == Stage.negotiation


def test_a_drag_dated_in_the_past_is_ordered_by_that_date_on_the_timeline(
        page: Page, live_server, make_project, stored, app, users):
    from datetime import date

    from crm.extensions import db
    from crm.models import StageChange
    from tests.conftest import ref

    pid = make_project("光伏组件项目", stage=Stage.contact, stage_date=date(2022, 3, 1))
    with app.app_context():  # its history so far: 线索 and 接洽 in early 2022
        db.session.add_all([
            StageChange(project_id=pid, to_stage=Stage.lead, effective_date=date(2022, 1, 10),
                        user_id=users["alice"], note="录入项目"),
            StageChange(project_id=pid, from_stage=Stage.lead, to_stage=Stage.contact,
                        effective_date=date(2022, 3, 1), user_id=users["alice"])])
        db.session.commit()
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server, "alice@zsj.example.com")
    _open_board(page, live_server)
    card = _column(page, "contact").locator(".board-card", has_text="光伏组件项目")
    _drag(page, card, _column(page, "inspection").locator(".board-cards"))
    moved = _column(page, "inspection").locator(".board-card", has_text="光伏组件项目")
    moved.locator(".board-confirm input[type=date]").fill("2022-04-15")
    moved.get_by_role("button", name="确认移动").click()
    expect(page.locator("#board-alert")).to_contain_text("（2022-04-15）")
    assert stored(pid).stage == Stage.inspection
    page.goto(f"{live_server}/projects/{ref(pid)}")
    days = page.locator("#timeline-list > li .small.text-muted").all_inner_texts()
    assert [d.split(" ")[0] for d in days] == ["2022-04-15", "2022-03-01", "2022-01-10"]


def test_the_cards_own_form_moves_it_in_place(page: Page, live_server, make_project, stored):
    pid = make_project("光伏组件项目", stage=Stage.contact)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "alice@zsj.example.com")
    _open_board(page, live_server)
    card = _column(page, "contact").locator(".board-card", has_text="光伏组件项目")
    card.locator("select[name=to_stage]").select_option("inspection")
    card.locator("input[name=effective_date]").fill("2026-01-05")
    card.get_by_role("button", name="移动").click()
    expect(_column(page, "inspection")).to_contain_text("光伏组件项目")
    expect(page.locator("#board-alert")).to_contain_text("移至「考察」阶段（2026-01-05）")
    assert page.url.endswith("/projects/board")
    assert stored(pid).stage_date.isoformat() == "2026-01-05"
